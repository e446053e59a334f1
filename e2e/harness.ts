// What the end-to-end flows share: the browser, named steps that say where a run failed (with a
// screenshot, the page's accessibility tree and its recent errors), screenshots of key moments,
// an accessibility check (axe-core) of every screen shot, and the few things a user gets from
// outside the app (the emails in the local dev mailbox).
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from "playwright-core";

/** Headless Chromium as it runs here and in CI (as root, hence --no-sandbox); offline-friendly. */
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** The browser to drive: CHROMIUM, else Debian's; checked before anything slow starts. */
export function findChromium(): string {
  const executablePath = process.env.CHROMIUM ?? "/usr/bin/chromium";
  if (!fs.existsSync(executablePath)) {
    throw new Error(`no Chromium at ${executablePath}: install it (apt-get install -y chromium) or set CHROMIUM to its path`);
  }
  return executablePath;
}

export function launchChromium(executablePath: string): Promise<Browser> {
  // Playwright gives each launch a fresh temporary profile. Signals are ours to handle: the
  // runner closes the browser itself, after it has said which step was interrupted.
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS, handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false });
}

/** The phone size every flow runs at, and the desktop size of the second pass. */
export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 800 };

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

interface AxeNode {
  target: unknown[];
  html: string;
  failureSummary?: string;
}
interface AxeViolation {
  id: string;
  impact: "minor" | "moderate" | "serious" | "critical" | null;
  help: string;
  helpUrl: string;
  nodes: AxeNode[];
}

/** Runs axe-core (WCAG 2.x A/AA and best practices) on what the page shows now. Serious and
 * critical violations throw, naming the rule and the elements; all of them are written to
 * `<outDir>/<name>.axe.json`. */
export async function checkAccessibility(page: Page, outDir: string, name: string): Promise<{ minor: number }> {
  if (!(await page.evaluate("typeof window.axe !== 'undefined'"))) await page.addScriptTag({ content: axeSource });
  const violations = (await page.evaluate(`window.axe.run(document, { resultTypes: ["violations"] }).then((r) => r.violations)`)) as AxeViolation[];
  fs.writeFileSync(path.join(outDir, `${name}.axe.json`), JSON.stringify(violations, null, 2));
  const blocking = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  if (blocking.length) {
    const lines = blocking.flatMap((v) => [
      `${v.impact} ${v.id}: ${v.help} (${v.helpUrl})`,
      ...v.nodes.slice(0, 5).map((n) => `    ${n.target.join(" ")}  ${n.html.slice(0, 160)}${n.failureSummary ? `\n      ${n.failureSummary.replace(/\n/g, "\n      ")}` : ""}`),
    ]);
    throw new Error(`axe: ${blocking.length} serious or critical accessibility violation(s) on ${name}:\n  ${lines.join("\n  ")}`);
  }
  return { minor: violations.length };
}

export class StepFailed extends Error {
  constructor(
    readonly step: string,
    cause: unknown,
  ) {
    super(`step "${step}" failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/** The API's failed requests and the page's own errors, kept for the failure report. */
function watch(page: Page, apiUrl: string): string[] {
  const events: string[] = [];
  const keep = (line: string) => events.push(`${new Date().toISOString().slice(11, 23)} ${line}`);
  page.on("pageerror", (err) => keep(`page error: ${err.message}`));
  page.on("console", (msg) => {
    if (msg.type() === "error") keep(`console error: ${msg.text()}`);
  });
  page.on("requestfailed", (req) => keep(`request failed: ${req.method()} ${req.url()} (${req.failure()?.errorText})`));
  page.on("response", (res) => {
    if (res.status() >= 400 && res.url().startsWith(apiUrl)) keep(`API ${res.status()}: ${res.request().method()} ${res.url()}`);
  });
  return events;
}

export interface Session {
  page: Page;
  context: BrowserContext;
  /** Errors seen on the page so far (API 4xx/5xx, console errors, failed requests). */
  events: string[];
}

export class Run {
  private readonly pages = new Map<Page, string[]>();
  current?: string;

  constructor(
    readonly browser: Browser,
    readonly apiUrl: string,
    readonly outDir: string,
    readonly log: (message: string) => void,
    /** Aborted on Ctrl-C: the browser is closing, a failing step then is no test failure. */
    private readonly signal?: AbortSignal,
  ) {}

  /** A fresh browser profile (no stored session) on a phone-sized viewport, or a copy of
   * another's stored state (`from`: same account, signed in) at another size. */
  async open(url: string, options: { viewport?: { width: number; height: number }; colorScheme?: "light" | "dark"; from?: BrowserContext } = {}): Promise<Session> {
    const context = await this.browser.newContext({
      viewport: options.viewport ?? PHONE,
      colorScheme: options.colorScheme ?? "light",
      deviceScaleFactor: 1,
      locale: "en-US",
      ...(options.from ? { storageState: await options.from.storageState() } : {}),
    });
    context.setDefaultTimeout(20_000);
    const page = await context.newPage();
    const events = watch(page, this.apiUrl);
    this.pages.set(page, events);
    await page.goto(url);
    return { page, context, events };
  }

  /** Runs one named step; on failure saves what the page showed and rethrows with the name.
   * `page` may be a getter, for a step that moves to another page. */
  async step<T>(page: Page | (() => Page), name: string, work: () => Promise<T>): Promise<T> {
    this.current = name;
    const started = performance.now();
    try {
      const result = await work();
      this.log(`ok   ${name} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
      return result;
    } catch (err) {
      if (this.signal?.aborted) throw err;
      this.log(`FAIL ${name} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
      await this.saveFailure(typeof page === "function" ? page() : page, name);
      throw new StepFailed(name, err);
    }
  }

  /** A screenshot of a key moment, once images have loaded and transitions (a modal fading in)
   * have finished. Both waits are bounded: live updates may poll, spinners animate forever. */
  async shot(page: Page, name: string) {
    await page.waitForLoadState("networkidle", { timeout: 5_000 }).catch(() => undefined);
    await page
      .waitForFunction("document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity)", null, { timeout: 5_000 })
      .catch(() => undefined);
    const file = path.join(this.outDir, `${name}.png`);
    await page.screenshot({ path: file });
    this.log(`     screenshot ${path.relative(process.cwd(), file)}`);
    await this.axe(page, name);
  }

  /** The key screens again in a copy of a signed-in browser (same account; one copy, since
   * each session restore rotates the refresh token): at 1280x800, then on the phone size in dark
   * mode. Each waits for its title and its data, then screenshot + axe. */
  async tour(from: BrowserContext, webUrl: string, app: string, screens: { path: string; title: string }[]) {
    const session = await this.open(`${webUrl}${screens[0]!.path}`, { viewport: DESKTOP, from });
    const { page } = session;
    try {
      for (const look of ["desktop", "dark"] as const) {
        if (look === "dark") {
          await page.setViewportSize(PHONE);
          await page.emulateMedia({ colorScheme: "dark" });
        }
        for (const screen of screens) {
          // A fresh load each time: the app reads the colour scheme when it starts.
          if (page.url() !== `${webUrl}${screen.path}` || look === "dark") await page.goto(`${webUrl}${screen.path}`);
          await text(page, screen.title).waitFor();
          await page.waitForFunction("![...document.querySelectorAll('[aria-label=\"Loading\"]')].some((e) => e.getClientRects().length)");
          await this.shot(page, `${app}-${look}-${screen.path.slice(1).replace(/\//g, "-")}`);
        }
      }
    } finally {
      await session.context.close();
    }
  }

  /** The accessibility check alone (a screen that needs no screenshot). */
  async axe(page: Page, name: string) {
    const { minor } = await checkAccessibility(page, this.outDir, name);
    this.log(`     axe clean${minor ? ` (${minor} minor or moderate, in ${name}.axe.json)` : ""}`);
  }

  private async saveFailure(page: Page, step: string) {
    const base = path.join(this.outDir, `FAILED-${step.replace(/[^a-z0-9]+/gi, "-").toLowerCase()}`);
    try {
      await page.screenshot({ path: `${base}.png`, timeout: 5_000 });
      fs.writeFileSync(`${base}.aria.yml`, await page.locator("body").ariaSnapshot({ timeout: 5_000 }));
      this.log(`     failure screenshot ${path.relative(process.cwd(), `${base}.png`)} (and .aria.yml: what a screen reader saw)`);
    } catch (err) {
      this.log(`     no failure screenshot: ${err instanceof Error ? err.message : String(err)}`);
    }
    const events = this.pages.get(page) ?? [];
    fs.writeFileSync(`${base}.log`, `${page.url()}\n${events.join("\n")}\n`);
    if (events.length) this.log(`     recent page events:\n       ${events.slice(-15).join("\n       ")}`);
  }
}

// Locators by what a user (or a screen reader) sees. The navigator keeps other tabs and the
// previous stack screen mounted, laid out but aria-hidden: only visible matches outside hidden
// subtrees count (getByRole skips aria-hidden by itself; label and text lookups do not).
const shown = (scope: Page | Locator, locator: Locator) => locator.filter({ visible: true }).and(scope.locator(':not([aria-hidden="true"] *)'));
const exact = (name: string | RegExp) => ({ exact: typeof name === "string" });
export const button = (scope: Page | Locator, name: string | RegExp) => shown(scope, scope.getByRole("button", { name, ...exact(name) }));
export const field = (scope: Page | Locator, label: string) => shown(scope, scope.getByLabel(label, { exact: true }));
export const labelled = (scope: Page | Locator, label: string | RegExp) => shown(scope, scope.getByLabel(label, exact(label)));
export const text = (scope: Page | Locator, content: string | RegExp) => shown(scope, scope.getByText(content, exact(content))).first();
export const radio = (scope: Page | Locator, group: string, name: string) =>
  shown(scope, scope.getByRole("radiogroup", { name: group, exact: true }).getByRole("radio", { name, exact: true }));

/** A file that is not a photo though named like one (a renamed note, a broken download): the
 * picker takes it (it filters by type), the device cannot decode it, the API says what it is. */
export const notAPhoto = { name: "notes.jpg", mimeType: "image/jpeg", buffer: Buffer.from("Shopping: oat milk, lemons, a new phone case.\n") };
/** What the API answers for it (415 unsupported_image_type), and the apps show next to the file. */
export const UNREADABLE = "That file isn't a photo we can read: upload a JPEG, PNG or WebP.";

/** `message` is shown right under `subject` (a file's tile or frame), not somewhere else on the screen. */
export async function expectBelow(subject: Locator, message: Locator) {
  const [a, b] = await Promise.all([subject.boundingBox(), message.boundingBox()]);
  if (!a || !b) throw new Error("the file or its message is not on screen");
  const gap = b.y - (a.y + a.height);
  if (gap < -1 || gap > 120 || b.x > a.x + a.width || b.x + b.width < a.x) throw new Error(`the message is not next to the file (${JSON.stringify({ file: a, message: b })})`);
}

/** Opens the picker with `trigger` and answers the browser's file chooser with `file`. */
export async function chooseFile(page: Page, trigger: Locator, file: string | typeof notAPhoto) {
  const [chooser] = await Promise.all([page.waitForEvent("filechooser"), trigger.click()]);
  await chooser.setFiles(file);
}

/** Taps a tab of the bottom tab bar. */
export async function openTab(page: Page, title: string) {
  await page.getByRole("tab", { name: title, exact: true }).filter({ visible: true }).click();
}

interface MailboxMessage {
  subject: string;
  text: string;
}

/** Waits for an email to `to` in the local dev mailbox whose text matches, and returns the match. */
export async function waitForMail(apiUrl: string, to: string, pattern: RegExp, timeoutMs = 15_000): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutMs;
  let seen = "none";
  while (Date.now() < deadline) {
    const res = await fetch(`${apiUrl}/dev/mailbox?to=${encodeURIComponent(to)}`);
    if (!res.ok) throw new Error(`GET /dev/mailbox: ${res.status} ${await res.text()}`);
    const { messages } = (await res.json()) as { messages: MailboxMessage[] };
    for (const message of messages) {
      const match = pattern.exec(message.text);
      if (match) return match;
    }
    seen = messages.map((m) => `"${m.subject}"`).join(", ") || "none";
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no email to ${to} matching ${pattern} within ${timeoutMs / 1000} s (messages: ${seen})`);
}
