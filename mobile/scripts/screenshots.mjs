// `npm run screenshots`: serves mobile/dist/* statically, drives it in headless Chromium
// against a running API, and writes the README's screenshots to mobile/screenshots/.
//   API_URL     the API the build was exported against (default http://127.0.0.1:8787)
//   CHROMIUM    the browser (default /usr/bin/chromium; `apt-get install -y chromium`)
// The static server is the same one an end-to-end test can use: serveStatic(dir, port).
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const apiUrl = process.env.API_URL ?? "http://127.0.0.1:8787";
const outDir = path.join(root, "screenshots");

const types = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".png": "image/png", ".ico": "image/x-icon", ".json": "application/json", ".ttf": "font/ttf" };

/** A static server for an exported web build, with the SPA fallback Pages' _redirects gives. */
export function serveStatic(dir, port) {
  const server = http.createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    let file = path.join(dir, pathname);
    if (!file.startsWith(dir) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) file = path.join(dir, "index.html");
    res.writeHead(200, { "content-type": types[path.extname(file)] ?? "application/octet-stream" });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(port, "127.0.0.1", () => resolve(server)));
}

async function call(method, route, body, token) {
  const res = await fetch(`${apiUrl}${route}`, {
    method,
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${route}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** A fresh account; returns a refresh token the web app can restore a session from. */
async function newAccount(name) {
  const session = await call("POST", "/v1/auth/register", { email: `${name}-${Date.now()}@example.com`, password: "correct horse battery", name: "Sam" });
  return session;
}

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
}

async function main() {
  fs.mkdirSync(outDir, { recursive: true });
  // Playwright gives every launch a fresh profile of its own.
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const servers = [await serveStatic(path.join(root, "dist/dating"), 8081), await serveStatic(path.join(root, "dist/headshots"), 19006)];
  const phone = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 };
  const desktop = { viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 };
  const shot = async (page, name) => {
    await page.waitForTimeout(400);
    await page.screenshot({ path: path.join(outDir, `${name}.png`) });
    console.log(`[screenshots] ${name}.png`);
  };
  const signedInPage = async (options, refreshToken, url) => {
    const context = await browser.newContext(options);
    await context.addInitScript((token) => window.localStorage.setItem("firstlook.refreshToken", token), refreshToken);
    const page = await context.newPage();
    page.on("pageerror", (e) => console.error(`[page error] ${e.message}`));
    await page.goto(url);
    return page;
  };
  try {
    // 1. Dating: sign-in, on a phone.
    const signIn = await (await browser.newContext(phone)).newPage();
    await signIn.goto("http://127.0.0.1:8081/");
    await signIn.getByText("Welcome to Firstlook Dating").waitFor();
    await shot(signIn, "dating-sign-in");

    // 2. Dating: bios generated from facts, on a phone.
    const dating = await newAccount("dating");
    await seedDating(dating.accessToken);
    const bios = await signedInPage(phone, dating.refreshToken, "http://127.0.0.1:8081/bios");
    await bios.getByLabel("Interests").first().fill("climbing, Sunday markets, bad puns");
    await bios.getByLabel("A few specific things about you").first().fill("I make a mean dal\nI have run 3 marathons, slowly");
    await bios.getByRole("radio", { name: "Hinge" }).click();
    await bios.getByRole("button", { name: "Write 3 bios" }).click();
    await bios.getByText("Your Hinge bios").waitFor({ timeout: 20_000 });
    await bios.getByText("Your Hinge bios").scrollIntoViewIfNeeded();
    await shot(bios, "dating-bios");

    // 3. Dating: results dashboard with the A/B verdict, at desktop width.
    const results = await signedInPage(desktop, (await call("POST", "/v1/auth/login", { email: dating.user.email, password: "correct horse battery" })).refreshToken, "http://127.0.0.1:8081/dashboard");
    await results.getByText("Hiking photo first").first().waitFor({ timeout: 20_000 });
    await shot(results, "dating-results-desktop");

    // 4. Headshots: style selection with premium styles locked, on a phone.
    const headshots = await newAccount("headshots");
    const styles = await signedInPage(phone, headshots.refreshToken, "http://127.0.0.1:19006/styles");
    await styles.getByText("Choose a style").first().waitFor();
    await styles.getByRole("radiogroup", { name: "Headshot styles" }).waitFor({ timeout: 20_000 });
    await shot(styles, "headshots-styles");

    // 5. Headshots: sandbox checkout on the credits tab.
    const credits = await signedInPage(phone, (await call("POST", "/v1/auth/login", { email: headshots.user.email, password: "correct horse battery" })).refreshToken, "http://127.0.0.1:19006/plans");
    await credits.getByRole("button", { name: /Buy Starter/ }).click();
    await credits.getByText("Sandbox checkout").waitFor({ timeout: 20_000 });
    await shot(credits, "headshots-sandbox-checkout");
  } finally {
    await browser.close();
    for (const s of servers) s.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
