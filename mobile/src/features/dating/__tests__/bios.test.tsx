import * as Clipboard from "expo-clipboard";
import { fireEvent, renderRouter, screen, waitFor } from "expo-router/testing-library";
import type { BioSet, GeneratedBio } from "../../../api/types";
import { fakeApi, json, problem, profile, signedInDevice } from "../../../../test/fakeApi";
import { testKeychain } from "../../../../test/setup";

const analysis: GeneratedBio["analysis"] = {
  warmth: 70,
  competence: 60,
  humour: 55,
  specificity: 80,
  clichesFound: [],
  readingEase: 72,
  hook: "What's your go-to dal?",
  negativePhrases: [],
  contactDetails: [],
  wordCount: 24,
};

const bio = (i: number, over: Partial<GeneratedBio> = {}): GeneratedBio => ({
  id: `00000000-0000-4000-8000-00000000000${i}`,
  platform: "hinge",
  style: "witty",
  text: `Bio number ${i}: I make a mean dal and run marathons slowly.`,
  hingePrompt: null,
  length: 55,
  maxChars: 150,
  score: 78,
  reasons: [
    { check: "length", passed: true, points: 25, outOf: 25, message: "12 words: the length that reads best on Hinge." },
    { check: "opener", passed: false, points: 0, outOf: 15, message: "Nothing for a match to reply to." },
  ],
  suggestions: [{ code: "add_hook", message: "End with a question a match can answer." }],
  analysis,
  adjustments: [],
  provider: "local-template",
  setId: "10000000-0000-4000-8000-000000000000",
  variant: i - 1,
  edited: false,
  regenerationsLeft: 3,
  createdAt: "2026-11-20T10:00:00.000Z",
  ...over,
});

const set = (bios: GeneratedBio[]): BioSet => ({
  provider: "local-template",
  fallback: null,
  platform: "hinge",
  style: "witty",
  limit: { kind: "prompt_answer", maxChars: 150 },
  setId: "10000000-0000-4000-8000-000000000000",
  creditsCharged: 1,
  warnings: [],
  bios,
});

function fillFacts() {
  fireEvent.changeText(screen.getByLabelText("Interests"), "climbing, bad puns");
  fireEvent.changeText(screen.getByLabelText("A few specific things about you"), "I make a mean dal\nI ran 3 marathons");
  fireEvent.press(screen.getByRole("radio", { name: "Hinge" }));
}

describe("Bio Generation", () => {
  it("shows the empty history, generates variants with character counts, and copies one", async () => {
    const net = fakeApi({ "GET /v1/dating/bios": json(200, { items: [] }), "POST /v1/dating/bios": json(201, set([bio(1), bio(2), bio(3, { length: 151 })])) });
    signedInDevice(net, testKeychain);
    renderRouter("./src/app", { initialUrl: "/bios" });
    expect(await screen.findByText("No bios yet. Fill in your interests and a few specific things above, then write your first set.")).toBeTruthy();

    fillFacts();
    fireEvent.press(screen.getByRole("radio", { name: "Minimalist" }));
    fireEvent.press(screen.getByRole("button", { name: "Write 3 bios · 1 credit" }));

    expect(await screen.findByText("Your Hinge bios")).toBeTruthy();
    expect(screen.getAllByText("55 / 150 characters").length).toBeGreaterThanOrEqual(2);
    expect(screen.getAllByText("151 / 150 characters").length).toBeGreaterThanOrEqual(1);
    expect(screen.getByText(/offline template writer/)).toBeTruthy();
    expect(net.to("POST /v1/dating/bios")[0]!.body).toEqual({
      platform: "hinge",
      style: "minimalist",
      variants: 3,
      facts: { interests: ["climbing", "bad puns"], specifics: ["I make a mean dal", "I ran 3 marathons"], tone: "balanced" },
    });

    fireEvent.press(screen.getAllByRole("button", { name: "Copy bio 1" })[0]!);
    await waitFor(() => expect(Clipboard.setStringAsync).toHaveBeenCalledWith(bio(1).text));
  });

  it("shows the cost and the balance before buying a set, with plural forms", async () => {
    const net = fakeApi({ "GET /v1/dating/bios": json(200, { items: [] }) });
    signedInDevice(net, testKeychain, profile({ credits: 2 }));
    renderRouter("./src/app", { initialUrl: "/bios" });
    expect(await screen.findByText("You have 2 credits.")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Write 3 bios · 1 credit" })).toBeTruthy();
  });

  it("lists the new set once: Recent bios holds only the earlier ones", async () => {
    const older = bio(9, { text: "An older bio about chess and long walks.", setId: "20000000-0000-4000-8000-000000000000", variant: 0 });
    const net = fakeApi({ "GET /v1/dating/bios": json(200, { items: [older] }), "POST /v1/dating/bios": json(201, set([bio(1), bio(2), bio(3)])) });
    signedInDevice(net, testKeychain);
    renderRouter("./src/app", { initialUrl: "/bios" });
    expect(await screen.findByText(older.text)).toBeTruthy();
    fillFacts();
    fireEvent.press(screen.getByRole("button", { name: "Write 3 bios · 1 credit" }));
    expect(await screen.findByText("Your Hinge bios")).toBeTruthy();
    for (const i of [1, 2, 3]) expect(screen.getAllByText(bio(i).text)).toHaveLength(1);
    expect(screen.getAllByText(older.text)).toHaveLength(1);
  });

  it("explains each score, regenerates one bio for free and edits another", async () => {
    const rewritten = bio(2, { text: "A rewritten bio: bad puns, then climbing. Your best pun?", regenerationsLeft: 2, score: 84 });
    const edited = bio(1, { text: "My own words about dal and marathons. Dal or marathons?", edited: true, score: 81, regenerationsLeft: 2 });
    const net = fakeApi({
      "GET /v1/dating/bios": json(200, { items: [] }),
      "POST /v1/dating/bios": json(201, set([bio(1), bio(2), bio(3)])),
      [`POST /v1/dating/bios/${bio(2).setId}/variants/1/regenerate`]: json(200, rewritten),
      [`PATCH /v1/dating/bios/${bio(1).setId}/variants/0`]: [
        problem("validation_failed", 400, "Problem", { errors: [{ path: "text", message: "at most 150 characters on Hinge" }] }),
        json(200, edited),
      ],
    });
    signedInDevice(net, testKeychain);
    renderRouter("./src/app", { initialUrl: "/bios" });
    await screen.findByText("No bios yet. Fill in your interests and a few specific things above, then write your first set.");
    fillFacts();
    fireEvent.press(screen.getByRole("button", { name: "Write 3 bios · 1 credit" }));
    expect(await screen.findByText("Your Hinge bios")).toBeTruthy();

    // Why each score: every check in words, with its points.
    expect(screen.getAllByText("Why it scored 78")).toHaveLength(3);
    expect(screen.getAllByText("✓ 12 words: the length that reads best on Hinge. (25 of 25)")).toHaveLength(3);
    expect(screen.getAllByText("✗ Nothing for a match to reply to. (0 of 15)")).toHaveLength(3);
    expect(screen.getAllByText("Free: 3 regenerations left for this set.")).toHaveLength(3);

    fireEvent.press(screen.getByRole("button", { name: "Regenerate bio 2" }));
    expect(await screen.findByText(rewritten.text)).toBeTruthy();
    expect(screen.queryByText(bio(2).text)).toBeNull();
    expect(screen.getAllByText("Free: 2 regenerations left for this set.")).toHaveLength(3);
    expect(net.to(`POST /v1/dating/bios/${bio(2).setId}/variants/1/regenerate`)[0]!.headers.get("idempotency-key")).toBeTruthy();

    fireEvent.press(screen.getByRole("button", { name: "Edit bio 1" }));
    fireEvent.changeText(screen.getByLabelText("Edit bio 1"), "x".repeat(10));
    fireEvent.press(screen.getByRole("button", { name: "Save bio 1" }));
    expect(await screen.findByText("at most 150 characters on Hinge")).toBeTruthy();
    fireEvent.changeText(screen.getByLabelText("Edit bio 1"), edited.text);
    fireEvent.press(screen.getByRole("button", { name: "Save bio 1" }));
    expect(await screen.findByText(edited.text)).toBeTruthy();
    expect(screen.getByText(/edited by you/)).toBeTruthy();
    expect(net.to(`PATCH /v1/dating/bios/${bio(1).setId}/variants/0`).map((r) => r.body)).toEqual([{ text: "x".repeat(10) }, { text: edited.text }]);
    expect(net.to("POST /v1/dating/bios")).toHaveLength(1);
  });

  it("says when a set has used its free regenerations", async () => {
    const net = fakeApi({
      "GET /v1/dating/bios": json(200, { items: [bio(1, { regenerationsLeft: 1 })] }),
      [`POST /v1/dating/bios/${bio(1).setId}/variants/0/regenerate`]: problem("bio_regeneration_limit", 409),
    });
    signedInDevice(net, testKeychain);
    renderRouter("./src/app", { initialUrl: "/bios" });
    fireEvent.press(await screen.findByRole("button", { name: "Regenerate bio 1" }));
    expect(await screen.findByText("This set has used its free regenerations. You can still edit the bio, or write a new set.")).toBeTruthy();
  });

  it("says what to do when out of credits", async () => {
    const net = fakeApi({ "GET /v1/dating/bios": json(200, { items: [bio(1)] }), "POST /v1/dating/bios": problem("insufficient_credits", 402) });
    signedInDevice(net, testKeychain);
    renderRouter("./src/app", { initialUrl: "/bios" });
    expect(await screen.findByText(bio(1).text)).toBeTruthy();
    fillFacts();
    fireEvent.press(screen.getByRole("button", { name: "Write 3 bios · 1 credit" }));
    expect(await screen.findByText("You're out of credits. Buy a pack to keep going.")).toBeTruthy();
  });

  it("shows the history's error with a retry", async () => {
    const net = fakeApi({ "GET /v1/dating/bios": [problem("database_unavailable", 503), json(200, { items: [bio(4)] })] });
    signedInDevice(net, testKeychain);
    renderRouter("./src/app", { initialUrl: "/bios" });
    expect(await screen.findByText("The service is busy right now. Please try again in a moment.")).toBeTruthy();
    fireEvent.press(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByText(bio(4).text)).toBeTruthy();
  });
});
