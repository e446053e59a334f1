// npm run previews:render -- <api url>: renders and stores every style's preview image on a
// deployed API (after `wrangler deploy` and the Neon migration), so no user waits for one.
import { renderStylePreviews } from "./lib/style-previews.ts";

const apiUrl = (process.argv[2] ?? process.env.PUBLIC_API_URL)?.replace(/\/$/, "");
if (!apiUrl) {
  console.error("usage: npm run previews:render -- https://api.example.com");
  process.exit(2);
}
const n = await renderStylePreviews(apiUrl);
console.log(`style previews: ${n} ready on ${apiUrl}`);
