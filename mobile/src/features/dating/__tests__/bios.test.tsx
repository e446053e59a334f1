import * as Clipboard from "expo-clipboard";
import { fireEvent, renderRouter, screen, waitFor } from "expo-router/testing-library";
import type { BioSet, GeneratedBio } from "../../../api/types";
import { fakeApi, json, problem, signedInDevice } from "../../../../test/fakeApi";
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
  suggestions: [{ code: "add_hook", message: "End with a question a match can answer." }],
  analysis,
  adjustments: [],
  provider: "local-template",
  createdAt: "2026-11-20T10:00:00.000Z",
  ...over,
});

const set = (bios: GeneratedBio[]): BioSet => ({
  provider: "local-template",
  fallback: null,
  platform: "hinge",
  style: "witty",
  limit: { kind: "prompt_answer", maxChars: 150 },
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
    expect(await screen.findByText("No bios yet. Your first set will appear here.")).toBeTruthy();

    fillFacts();
    fireEvent.press(screen.getByRole("radio", { name: "Minimalist" }));
    fireEvent.press(screen.getByRole("button", { name: "Write 3 bios" }));

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

  it("says what to do when out of credits", async () => {
    const net = fakeApi({ "GET /v1/dating/bios": json(200, { items: [bio(1)] }), "POST /v1/dating/bios": problem("insufficient_credits", 402) });
    signedInDevice(net, testKeychain);
    renderRouter("./src/app", { initialUrl: "/bios" });
    expect(await screen.findByText(bio(1).text)).toBeTruthy();
    fillFacts();
    fireEvent.press(screen.getByRole("button", { name: "Write 3 bios" }));
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
