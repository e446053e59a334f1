// Files bundled as binary data by the `[[rules]] type = "Data"` block in wrangler.toml.
declare module "*.bin" {
  const data: ArrayBuffer;
  export default data;
}
declare module "*.jpg" {
  const data: ArrayBuffer;
  export default data;
}
