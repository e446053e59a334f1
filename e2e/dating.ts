// Firstlook Dating, as a new user does it in the web demo: sign up, pass the age gate, confirm
// the email from the link in the (local) mailbox in a new browser and sign in there, pick a file
// that is not a photo and read why, upload two photos and read their analysis,
// drag one to another position in the order, buy
// credits through the sandbox checkout, write bios, log results and see them on the dashboard;
// look at the key screens again on a desktop browser and in dark mode (every screenshot is also
// checked with axe-core); then, as a 14-year-old in a new browser, have a photo refused before
// anything is stored.
import path from "node:path";
import type { Locator, Page } from "playwright-core";
import { projectRoot } from "../scripts/lib/stack.ts";
import { UNREADABLE, button, chooseFile, expectBelow, field, labelled, notAPhoto, openTab, radio, text, waitForMail, type Run } from "./harness.ts";

const photo = path.join(projectRoot, "test/fixtures/photos/astronaut.jpg");
const secondPhoto = path.join(projectRoot, "test/fixtures/photos/rocket-landscape.jpg");
const isoDaysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

export async function datingFlow(run: Run, webUrl: string) {
  const email = `e2e.dating.${Date.now().toString(36)}@example.com`;
  const password = "correct horse battery staple";
  let session = await run.open(webUrl);
  // The flow moves to a new browser when it opens the emailed link; steps use the current page.
  let page = session.page;
  const step = <T>(name: string, work: () => Promise<T>) => run.step(() => page, `dating: ${name}`, work);

  await step("sign up", async () => {
    await text(page, "Welcome to Firstlook Dating").waitFor();
    await button(page, "Create an account").click();
    await text(page, "Create your account").waitFor();
    await field(page, "Name (optional)").fill("Sam");
    await field(page, "Email").fill(email);
    await field(page, "Password").fill(password);
    await run.shot(page, "dating-01-sign-up");
    await button(page, "Create account").click();
    // The dating features are 18+: the tabs open only after a date of birth.
    await text(page, "One more thing").waitFor();
  });

  await step("age gate", async () => {
    await field(page, "Date of birth (YYYY-MM-DD)").fill("1994-06-30");
    await run.shot(page, "dating-02-age-gate");
    await button(page, "Save date of birth").click();
    await text(page, "Your photos").waitFor();
  });

  await step("confirm the email from the mailbox link in a new browser, then sign in", async () => {
    const [link] = await waitForMail(run.apiUrl, email, /https?:\/\/\S+\/verify-email\?token=[^\s"<>]+/);
    if (!link.startsWith(webUrl)) throw new Error(`the link ${link} does not open this web app (${webUrl}): check APP_URL`);
    // As when the email is read on another device or browser: no session there.
    const signedIn = session;
    session = await run.open(link);
    page = session.page;
    await text(page, "Email confirmed, sign in to continue.").waitFor();
    await run.shot(page, "dating-03-email-confirmed");
    await button(page, "Sign in").click();
    // The address is filled in from the confirmation.
    await text(page, "Welcome to Firstlook Dating").waitFor();
    if ((await field(page, "Email").inputValue()) !== email) throw new Error("the sign-in form does not have the confirmed address");
    await field(page, "Password").fill(password);
    await button(page, "Sign in").click();
    await text(page, "Your photos").waitFor();
    await signedIn.context.close();
  });

  await step("pick a file that is not a photo", async () => {
    await chooseFile(page, button(page, "Choose from library"), notAPhoto);
    // The API's own words, next to the file.
    const tile = labelled(page, "notes.jpg, not a photo we can read");
    await tile.waitFor();
    await text(page, UNREADABLE).waitFor({ timeout: 30_000 });
    await expectBelow(tile, text(page, UNREADABLE));
    await run.shot(page, "dating-03b-not-a-photo");
    await button(page, "Remove notes.jpg").click();
    await text(page, UNREADABLE).waitFor({ state: "detached" });
  });

  let score = 0;
  await step("upload photos and see their analysis", async () => {
    await chooseFile(page, button(page, "Choose from library"), photo);
    await labelled(page, "New photo 1, not uploaded yet").waitFor();
    await chooseFile(page, button(page, "Choose from library"), secondPhoto);
    await labelled(page, "New photo 2, not uploaded yet").waitFor();
    await run.shot(page, "dating-04-photo-picked");
    // The free sign-up credit pays for this analysis (one credit per set).
    await text(page, "You have 1 credit.").waitFor();
    await button(page, "Analyse 2 photos · 1 credit").click();
    await text(page, "Photo analysis").waitFor({ timeout: 60_000 });
    const card = labelled(page, /^Photo 1: score \d+ out of 100/);
    await card.waitFor({ timeout: 60_000 });
    score = Number(/score (\d+)/.exec((await card.getAttribute("aria-label")) ?? "")?.[1]);
    // The score as a number, and each of the eight scores named in words with its reason.
    await text(card, String(score)).waitFor();
    const reasons = card.getByLabel(/^Lighting: \d+ out of 100\. .{8,}/);
    if ((await reasons.count()) === 0) throw new Error("the photo's card shows no reasons for its score");
    await text(page, "Recommended order").waitFor();
    await expectImagesLoaded(page, card);
    await run.shot(page, "dating-05-analysis");
    await card.evaluate((el) => el.scrollIntoView({ block: "start" }));
    await run.shot(page, "dating-06-analysis-reasons");
  });

  await step("drag a photo to another position in the order", async () => {
    await text(page, "Recommended order").scrollIntoViewIfNeeded();
    const positions = labelled(page, /^Position \d+,/);
    if ((await positions.count()) < 2) throw new Error("expected two photos in the recommended order");
    const before = await positions.evaluateAll((els) => els.map((e) => e.getAttribute("aria-label")));
    // A real pointer drag of the second photo onto the first position.
    const from = (await positions.nth(1).boundingBox())!;
    const to = (await positions.nth(0).boundingBox())!;
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    for (let i = 1; i <= 8; i++) await page.mouse.move(from.x + from.width / 2 + ((to.x - from.x) * i) / 8, from.y + from.height / 2, { steps: 2 });
    await page.mouse.up();
    await text(page, "Your order").waitFor();
    const after = await positions.evaluateAll((els) => els.map((e) => e.getAttribute("aria-label")));
    const score = (label: string | null) => /score (\S+)$/.exec(label ?? "")?.[1];
    if (score(after[0]) !== score(before[1]) || score(after[1]) !== score(before[0])) throw new Error(`the drag did not swap the photos: ${before} -> ${after}`);
    await run.shot(page, "dating-06b-order-dragged");
    await button(page, "Back to the recommended order").click();
    await text(page, "Recommended order").waitFor();
  });
  run.log(`     photo score ${score}`);

  await step("buy credits with the sandbox checkout", async () => {
    await openTab(page, "Profile");
    await button(page, "Buy credits").click();
    const balance = labelled(page, /^Balance: \d+ credits?$/);
    const before = Number(/\d+/.exec((await balance.getAttribute("aria-label")) ?? "")?.[0]);
    const buy = button(page, /^Buy \d+ credits for \$.*pack$/).first();
    const credits = Number(/^Buy (\d+) credits for/.exec((await buy.getAttribute("aria-label")) ?? "")?.[1]);
    await buy.click();
    await text(page, "Sandbox checkout").waitFor();
    await text(page, "Sandbox checkout").evaluate((el) => el.scrollIntoView({ block: "center" }));
    await run.shot(page, "dating-07-sandbox-checkout");
    await button(page, /^Complete sandbox purchase/).click();
    await text(page, `Added: ${credits} credits (sandbox, no money moved).`).waitFor();
    await labelled(page, `Balance: ${before + credits} credits`).waitFor();
    await run.shot(page, "dating-08-credits-bought");
  });

  await step("write bios", async () => {
    await openTab(page, "Bios");
    await field(page, "Interests").fill("climbing, Sunday markets, bad puns");
    await field(page, "A few specific things about you").fill("I make a mean dal\nI have run 3 marathons, slowly");
    await radio(page, "Platform", "Hinge").click();
    await button(page, "Write 3 bios · 1 credit").click();
    await text(page, "Your Hinge bios").waitFor({ timeout: 30_000 });
    const first = labelled(page, /^Bio 1, .*, score \d+ out of 100$/).first();
    await first.waitFor();
    // biome-ignore lint/performance/useDomNodeTextContent: innerText is the text as shown (CSS applied), which is what is checked
    if (!/\w{3,}/.test((await first.innerText()).replace(/Hinge|Score \d+|Copy bio/g, ""))) throw new Error("the first bio has no text");
    await text(page, /^Why it scored \d+$/).waitFor();
    await text(page, "Your Hinge bios").evaluate((el) => el.scrollIntoView({ block: "start" }));
    await run.shot(page, "dating-09-bios");
    // One bio rewritten for free: the set's regenerations left go down on every bio of the set.
    await button(page, "Regenerate bio 1").click();
    await text(page, "Free: 2 regenerations left for this set.").waitFor();
    await run.shot(page, "dating-09b-bio-regenerated");
  });

  await step("log results and see them on the dashboard", async () => {
    await openTab(page, "Results");
    await button(page, "Add a profile version").click();
    await field(page, "Name").fill("Astronaut photo first");
    await radio(page, "Platform", "Hinge").click();
    await field(page, "Live since (YYYY-MM-DD)").fill(isoDaysAgo(30));
    await button(page, "Save version").click();
    await button(page, "Log results").click();
    await field(page, "Matches").fill("12");
    await field(page, "Conversations").fill("5");
    await field(page, "Dates").fill("2");
    await run.shot(page, "dating-10-log-results");
    await button(page, "Save results").click();
    for (const total of ["Matches: 12", "Conversations: 5", "Dates: 2", "Bios written: 3"]) await labelled(page, total).waitFor();
    await labelled(page, /^Astronaut photo first on hinge: 12 matches, 5 conversations, 2 dates over \d+ days$/).waitFor();
    await run.shot(page, "dating-11-dashboard");
  });

  // The same account's key screens on a desktop browser, and on a phone in dark mode.
  const screens = [
    { path: "/photos", title: "Your photos" },
    { path: "/analysis", title: "Photo analysis" },
    { path: "/bios", title: "Write a bio" },
    { path: "/dashboard", title: "Results" },
    { path: "/profile", title: "Profile" },
    { path: "/credits", title: "Credits" },
  ];
  const adult = session.context;
  await step("key screens at 1280x800, then in dark mode", () => run.tour(adult, webUrl, "dating", screens));

  await step("a 14-year-old's profile cannot store a dating photo", async () => {
    const minor = await run.open(webUrl);
    page = minor.page;
    await button(page, "Create an account").click();
    await field(page, "Email").fill(`e2e.minor.${Date.now().toString(36)}@example.com`);
    await field(page, "Password").fill(password);
    await button(page, "Create account").click();
    await text(page, "One more thing").waitFor();
    await field(page, "Date of birth (YYYY-MM-DD)").fill(isoDaysAgo(14 * 365 + 30));
    await button(page, "Save date of birth").click();
    await chooseFile(page, button(page, "Choose from library"), photo);
    await button(page, /^Analyse 1 photo/).click();
    // The API refuses before storing anything (test/photos.test.ts counts rows and objects).
    await text(page, "You must be 18 or older to use this app.").waitFor();
    await run.shot(page, "dating-12-minor-refused");
  });
}

/** Every image inside `scope` has loaded (signed file links from the API actually resolve). */
async function expectImagesLoaded(page: Page, scope: Locator) {
  await page.waitForFunction(
    (el) => {
      const images = [...el!.querySelectorAll("img")];
      return images.length > 0 && images.every((img) => img.complete && img.naturalWidth > 0);
    },
    await scope.elementHandle(),
    { timeout: 15_000 },
  );
}
