import { fireEvent, renderRouter, screen } from "expo-router/testing-library";
import { fakeApi, json, problem } from "../../../../test/fakeApi";

const catalogue = {
  products: [{ id: "dating_credits_5", kind: "credit_pack", productLine: "dating", name: "Starter", credits: 5, priceCents: 999, storeProductId: "firstlook.dating.credits5" }],
  creditCosts: { photoAnalysis: 1, bioSet: 1, headshot: 1 },
};

describe("Web demo (no account needed)", () => {
  it("shows a loading state, then live prices, and leads to sign-up", async () => {
    let answer: (r: Response) => void = () => undefined;
    fakeApi({ "GET /v1/billing/products": () => new Promise<Response>((resolve) => (answer = resolve)) });
    const router = renderRouter("./src/app", { initialUrl: "/demo" });
    expect(await screen.findByLabelText("Loading")).toBeTruthy();
    answer(json(200, catalogue));
    expect(await screen.findByText("5 credits (Starter)")).toBeTruthy();
    expect(screen.getByText("$9.99")).toBeTruthy();
    fireEvent.press(screen.getByRole("button", { name: "Create a free account" }));
    expect(router.getPathname()).toBe("/sign-up");
  });

  it("shows an error state", async () => {
    fakeApi({ "GET /v1/billing/products": problem("database_unavailable", 503) });
    renderRouter("./src/app", { initialUrl: "/demo" });
    expect(await screen.findByText("The service is busy right now. Please try again in a moment.")).toBeTruthy();
  });
});
