// `npm run screenshots`: serves mobile/dist/* statically, drives it in headless Chromium
// against a running API, and writes the README's screenshots to mobile/screenshots/.
//   API_URL     the API to use (default http://127.0.0.1:8787); the served index.html names it
//               (globalThis.__FIRSTLOOK_API_URL__), so the build's baked-in URL does not matter
//   CHROMIUM    the browser (default /usr/bin/chromium; `apt-get install -y chromium`)
//   SCRATCH_DIR where the extra, not-kept screenshots go (default: screenshots/)
// The end-to-end test (`npm run test:e2e` at the root, e2e/) drives full user flows instead.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const apiUrl = process.env.API_URL ?? "http://127.0.0.1:8787";
const outDir = path.join(root, "screenshots");

const types = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".png": "image/png", ".ico": "image/x-icon", ".json": "application/json", ".ttf": "font/ttf" };

/** A static server for an exported web build, with the SPA fallback Pages' _redirects gives,
 * and the API's URL injected into index.html (as scripts/lib/web-demo.ts does). */
export function serveStatic(dir, port) {
  const index = path.join(dir, "index.html");
  const server = http.createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    let file = path.join(dir, pathname);
    if (!file.startsWith(dir) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) file = index;
    res.writeHead(200, { "content-type": types[path.extname(file)] ?? "application/octet-stream" });
    if (file !== index) return fs.createReadStream(file).pipe(res);
    const script = `<script>globalThis.__FIRSTLOOK_API_URL__=${JSON.stringify(apiUrl).replace(/</g, "\\u003c")};</script>`;
    res.end(fs.readFileSync(index, "utf8").replace("<head>", `<head>${script}`));
  });
  return new Promise((resolve) => server.listen(port, "127.0.0.1", () => resolve(server)));
}

async function call(method, route, body, token, contentType = "application/json") {
  const res = await fetch(`${apiUrl}${route}`, {
    method,
    headers: { "content-type": contentType, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : contentType === "application/json" ? JSON.stringify(body) : body,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${route}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** A fresh account with a confirmed email (read from the local mail provider's /dev/mailbox). */
async function newAccount(name, profile) {
  const email = `${name}-${Date.now()}@example.com`;
  const session = await call("POST", "/v1/auth/register", { email, password: "correct horse battery", name: "Sam" });
  const mail = await call("GET", `/dev/mailbox?to=${encodeURIComponent(email)}`);
  const token = mail.messages.map((m) => /token=([A-Za-z0-9_-]+)/.exec(m.text)?.[1]).find(Boolean);
  if (token) await call("POST", "/v1/auth/verify-email", { token });
  if (profile) await call("PATCH", "/v1/me", profile, session.accessToken);
  return session;
}

/** A refresh token for a new session of the account (each browser context gets its own). */
const freshSession = async (email) => (await call("POST", "/v1/auth/login", { email, password: "correct horse battery" })).refreshToken;

const fixture = (name) => fs.readFileSync(path.join(root, "..", "test/fixtures/photos", name));
const iso = (daysAgo) => new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);

async function seedDating(token) {
  const a = await call("POST", "/v1/dating/profile-versions", { label: "Beach photo first", platform: "hinge", liveFrom: iso(40) }, token);
  const b = await call("POST", "/v1/dating/profile-versions", { label: "Hiking photo first", platform: "hinge", liveFrom: iso(40) }, token);
  for (const [v, m, c, d] of [
    [a.version, 9, 4, 1],
    [b.version, 26, 13, 4],
  ]) {
    await call("POST", "/v1/dating/metrics", { profileVersionId: v.id, platform: "hinge", periodStart: iso(28), periodEnd: iso(1), matches: m, conversations: c, dates: d }, token);
  }
  await call(
    "POST",
    `/v1/billing/sandbox/${(await call("POST", "/v1/billing/checkout", { productId: "dating_credits_5" }, token)).checkoutId}?productId=dating_credits_5`,
    undefined,
    token,
  );
  const photos = [];
  for (const f of ["astronaut.jpg", "astronaut-dark.jpg", "group-collage.jpg", "chelsea-cat.jpg"])
    photos.push(await call("POST", "/v1/photos?purpose=dating", fixture(f), token, "image/jpeg"));
  await call("POST", "/v1/dating/analyses", { photoIds: photos.map((p) => p.id) }, token);
}

async function seedHeadshots(token) {
  const selfie = await call("POST", "/v1/photos?purpose=selfie", fixture("astronaut.jpg"), token, "image/jpeg");
  const { styles } = await call("GET", "/v1/headshots/styles");
  const style = styles.find((s) => !s.subscriptionRequired);
  const g = await call("POST", "/v1/headshots/generations", { photoId: selfie.id, styleId: style.id, count: 1 }, token);
  for (let i = 0; i < 40; i++) {
    const now = await call("GET", `/v1/headshots/generations/${g.id}`, undefined, token);
    if (["succeeded", "failed", "canceled"].includes(now.status)) return now;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("the headshot generation did not finish");
}

async function main() {
  fs.mkdirSync(outDir, { recursive: true });
  const scratch = process.env.SCRATCH_DIR ?? outDir;
  // Playwright gives every launch a fresh profile of its own.
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const servers = [await serveStatic(path.join(root, "dist/dating"), 8081), await serveStatic(path.join(root, "dist/headshots"), 19006)];
  const phone = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 };
  const desktop = { viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 };
  const shot = async (page, name, dir = outDir) => {
    await page.waitForTimeout(600);
    await page.screenshot({ path: path.join(dir, `${name}.png`) });
    console.log(`[screenshots] ${path.relative(process.cwd(), path.join(dir, `${name}.png`))}`);
  };
  const open = async (options, refreshToken, url) => {
    const context = await browser.newContext(options);
    if (refreshToken) await context.addInitScript((token) => window.localStorage.setItem("firstlook.refreshToken", token), refreshToken);
    const page = await context.newPage();
    page.on("pageerror", (e) => console.error(`[page error] ${e.message}`));
    await page.goto(url);
    return page;
  };
  try {
    const dating = await newAccount("dating", { dateOfBirth: "1994-06-30" });
    await seedDating(dating.accessToken);
    const headshots = await newAccount("headshots", { jobTitle: "Product designer" });
    await seedHeadshots(headshots.accessToken);

    // Kept for the README: results at desktop width, bios, the style grid, the sandbox checkout.
    const results = await open(desktop, await freshSession(dating.user.email), "http://127.0.0.1:8081/dashboard");
    await results.getByText("Hiking photo first").first().waitFor({ timeout: 20_000 });
    await shot(results, "dating-results-desktop");

    const bios = await open(phone, await freshSession(dating.user.email), "http://127.0.0.1:8081/bios");
    await bios.getByLabel("Interests").first().fill("climbing, Sunday markets, bad puns");
    await bios.getByLabel("A few specific things about you").first().fill("I make a mean dal\nI have run 3 marathons, slowly");
    await bios.getByRole("radio", { name: "Hinge" }).click();
    await bios.getByRole("button", { name: "Write 3 bios" }).click();
    await bios.getByText("Your Hinge bios").waitFor({ timeout: 20_000 });
    await bios.getByText("Your Hinge bios").evaluate((el) => el.scrollIntoView({ block: "start" }));
    await shot(bios, "dating-bios");

    const styles = await open(phone, await freshSession(headshots.user.email), "http://127.0.0.1:19006/styles");
    await styles.getByRole("radiogroup", { name: "Headshot styles" }).waitFor({ timeout: 20_000 });
    await shot(styles, "headshots-styles");

    const credits = await open(phone, await freshSession(headshots.user.email), "http://127.0.0.1:19006/plans");
    await credits.getByRole("button", { name: /Buy Starter/ }).click();
    await credits.getByText("Sandbox checkout").waitFor({ timeout: 20_000 });
    await credits.getByText("Sandbox checkout").evaluate((el) => el.scrollIntoView({ block: "center" }));
    await shot(credits, "headshots-sandbox-checkout");

    // Looked at, not kept: sign-in, photo analysis at desktop width, the gallery's viewer.
    const signIn = await open(phone, null, "http://127.0.0.1:8081/");
    await signIn.getByText("Welcome to Firstlook Dating").waitFor();
    await shot(signIn, "dating-sign-in", scratch);

    const analysis = await open(desktop, await freshSession(dating.user.email), "http://127.0.0.1:8081/analysis");
    await analysis.getByText("Recommended order").waitFor({ timeout: 20_000 });
    await shot(analysis, "dating-analysis-desktop", scratch);

    const gallery = await open(phone, await freshSession(headshots.user.email), "http://127.0.0.1:19006/gallery");
    await gallery
      .getByLabel(/Open headshot 1/)
      .first()
      .waitFor({ timeout: 20_000 });
    await gallery
      .getByLabel(/Open headshot 1/)
      .first()
      .click();
    await gallery.getByLabel("Zoom in").waitFor();
    await shot(gallery, "headshots-gallery", scratch);
  } finally {
    await browser.close();
    for (const s of servers) s.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
