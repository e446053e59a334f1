// Makes sure every style's preview image exists: asks the running API for each one, which renders
// and stores it in R2 the first time (worker/headshots/style-previews.ts) and reads it afterwards.
// Run right after migrating, by `npm run dev` / the e2e / the bench stack against the local
// Worker, and by `npm run previews:render -- <api url>` after a deploy.
export async function renderStylePreviews(apiUrl: string): Promise<number> {
  const res = await fetch(`${apiUrl}/v1/headshots/styles`);
  if (!res.ok) throw new Error(`GET /v1/headshots/styles answered ${res.status}`);
  const { styles } = (await res.json()) as { styles: { id: string; previewUrl: string }[] };
  // One at a time: each first render is CPU-bound work in the Worker.
  for (const style of styles) {
    const preview = await fetch(style.previewUrl);
    await preview.arrayBuffer();
    if (!preview.ok) throw new Error(`preview of ${style.id} (${style.previewUrl}) answered ${preview.status}`);
  }
  return styles.length;
}
