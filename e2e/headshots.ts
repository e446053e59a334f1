// Firstlook Headshots, as a new user does it in the web demo: sign up, upload a selfie, pick a
// file that is not a photo by mistake and read why, pick a style, follow the generation (the
// local preview renderer, through the real queue) to done, open the result in the gallery, and
// look at the key screens again on a desktop browser and in dark mode, and turn on two-factor
// authentication in Account (recovery codes). Every screenshot is also checked with axe-core.
import path from "node:path";
import { projectRoot } from "../scripts/lib/stack.ts";
import { base32Decode, hotp, timeStep } from "../worker/security/totp.ts";
import { UNREADABLE, button, chooseFile, expectBelow, field, labelled, notAPhoto, openTab, text, type Run } from "./harness.ts";

/** The current code for the key on screen, as an authenticator app computes it. */
const totpNow = (secret: string) => hotp(base32Decode(secret), timeStep(Date.now() / 1000));

const selfie = path.join(projectRoot, "test/fixtures/photos/astronaut.jpg");

export async function headshotsFlow(run: Run, webUrl: string) {
  const email = `e2e.headshots.${Date.now().toString(36)}@example.com`;
  const { page, context } = await run.open(webUrl);
  const step = <T>(name: string, work: () => Promise<T>) => run.step(page, `headshots: ${name}`, work);

  await step("sign up", async () => {
    await text(page, "Welcome to Firstlook Headshots").waitFor();
    await button(page, "Create an account").click();
    await field(page, "Email").fill(email);
    await field(page, "Password").fill("correct horse battery staple");
    await button(page, "Create account").click();
    await text(page, "Your selfie").waitFor();
    await run.shot(page, "headshots-01-signed-up");
  });

  await step("upload a selfie", async () => {
    await chooseFile(page, button(page, "Choose a photo"), selfie);
    // Uploaded at once, so the API's selfie checks show before anything is paid for.
    await text(page, "Looks good: one clear face, ready for headshots.").waitFor({ timeout: 30_000 });
    await run.shot(page, "headshots-02-selfie");
  });

  await step("pick a file that is not a photo, then the selfie again", async () => {
    const ready = text(page, "Looks good: one clear face, ready for headshots.");
    await chooseFile(page, button(page, "Choose a photo"), notAPhoto);
    // The API's own words next to the file, and nothing left over from the previous selfie.
    const frame = labelled(page, "notes.jpg, not a photo we can read");
    await frame.waitFor();
    await text(page, UNREADABLE).waitFor({ timeout: 30_000 });
    await expectBelow(frame, text(page, UNREADABLE));
    if (await ready.isVisible()) throw new Error("the previous selfie's verdict is still shown");
    if (await button(page, "Choose a style").isVisible()) throw new Error("Choose a style is offered for a file that is not a photo");
    await run.shot(page, "headshots-02b-not-a-photo");
    await chooseFile(page, button(page, "Choose a photo"), selfie);
    await ready.waitFor({ timeout: 30_000 });
    await text(page, UNREADABLE).waitFor({ state: "detached" });
  });

  let style = "";
  await step("pick a style", async () => {
    await button(page, "Choose a style").click();
    const styles = page.getByRole("radiogroup", { name: "Headshot styles" }).filter({ visible: true });
    await styles.waitFor();
    // The sign-up credit buys one set in a style that does not need Unlimited; every style shows
    // its preview image.
    const open = styles.getByRole("radio").and(page.locator(':not([aria-label*="premium"])')).first();
    style = (await open.getAttribute("aria-label")) ?? "";
    await open.click();
    await text(page, "You have 1 credit.").waitFor();
    await labelled(page, /^Example of the .* style$/)
      .first()
      .waitFor();
    await page.waitForFunction("[...document.querySelectorAll('img')].filter((img) => img.complete && img.naturalWidth > 0).length >= 8");
    await run.shot(page, "headshots-03-style");
  });
  run.log(`     style "${style}"`);

  await step("generate and watch the progress reach done", async () => {
    await button(page, "Create 4 headshots · 1 credit").click();
    await text(page, "Your headshots").waitFor();
    // Queued or processing: whichever the live view shows first (it may already be done).
    const progress = page.getByRole("progressbar", { name: "Headshot generation progress" }).filter({ visible: true });
    const done = text(page, "Your headshots are ready");
    await progress.or(done).first().waitFor();
    if (await progress.isVisible()) await run.shot(page, "headshots-04-progress");
    await done.waitFor({ timeout: 90_000 });
    await text(page, "Preview renderer: this server has no AI model configured, so these are offline previews of the style.").waitFor();
    await labelled(page, "Headshot 1 of 4").waitFor();
    await run.shot(page, "headshots-05-done");
  });

  await step("see the result in the gallery", async () => {
    await button(page, "Open gallery").click();
    await text(page, "Your headshots are kept for 30 days. Save the ones you like.").waitFor();
    await text(page, "4 headshots").waitFor();
    await text(page, "✓ 4 of 4 look like you (checked against your selfie)").waitFor();
    const thumb = labelled(page, /^Open headshot 1 from /).first();
    await thumb.click();
    await labelled(page, "Zoom in").waitFor();
    // The full-size image (not just the thumbnail) has loaded in the viewer.
    await page.waitForFunction("[...document.querySelectorAll('img')].some((img) => img.complete && img.naturalWidth > 0 && img.getBoundingClientRect().width > 200)");
    await run.shot(page, "headshots-06-gallery");
  });

  await step("turn on two-factor authentication in Account", async () => {
    await button(page, "Close").click();
    await openTab(page, "Account");
    await button(page, "Set up two-factor authentication").click();
    await labelled(page, "QR code for your authenticator app").waitFor();
    const key = labelled(page, /^Setup key: /);
    const secret = ((await key.getAttribute("aria-label")) ?? "").replace(/^Setup key: /, "").replace(/\s+/g, "");
    if (secret.length < 16) throw new Error(`no setup key on screen (got "${secret}")`);
    await run.shot(page, "headshots-07-two-factor-setup");
    await field(page, "6-digit code").fill(await totpNow(secret));
    await button(page, "Turn on two-factor authentication").click();
    await text(page, "Two-factor authentication is on. Signing in now asks for a code from your authenticator app.").waitFor();
    // The recovery codes, shown once.
    await text(page, "Save your recovery codes").waitFor();
    const codes = ((await labelled(page, /^Recovery codes: /).getAttribute("aria-label")) ?? "").replace(/^Recovery codes: /, "").split(", ");
    if (codes.length !== 10 || !codes.every((c) => /^[A-Z2-7]{5}-[A-Z2-7]{5}$/.test(c))) throw new Error(`expected 10 recovery codes, got ${codes.join(", ")}`);
    await run.shot(page, "headshots-08-recovery-codes");
    await button(page, "I've saved them").click();
    await text(page, "Two-factor authentication is on.").waitFor();
  });

  // The same account's key screens on a desktop browser, and on a phone in dark mode.
  const screens = [
    { path: "/create", title: "Your selfie" },
    { path: "/styles", title: "Choose a style" },
    { path: "/gallery", title: "Gallery" },
    { path: "/plans", title: "Credits" },
    { path: "/settings", title: "Account" },
  ];
  await step("key screens at 1280x800, then in dark mode", () => run.tour(context, webUrl, "headshots", screens));
}
