// The headshots app's list screens while their first load is pending: placeholders in the shape
// of the content, no spinner, and gone once the data lands.
import "../../../../test/headshotsVariant";
import { act, renderRouter, screen } from "expo-router/testing-library";
import { balance, fakeApi, generation, json, signedInDevice } from "../../../../test/fakeApi";
import { held } from "../../../../test/held";
import { testKeychain } from "../../../../test/setup";

const styles = {
  styles: [
    {
      id: "corporate",
      name: "Corporate classic",
      description: null,
      previewUrl: "http://api.test/p.jpg",
      industryFocus: [],
      formalityLevel: null,
      subscriptionRequired: false,
      sortOrder: 1,
      background: null,
      attire: null,
    },
  ],
  pricing: { imagesPerSet: 4, creditsPerSet: 1, maxImages: 16 },
};
const image = { url: "https://api.example/v1/files?key=a", thumbnailUrl: "https://api.example/v1/files?key=a-t", width: 1024, height: 1024, likeness: 0.97 };

describe("skeletons on the headshots lists", () => {
  it("gallery: placeholder cards, then the headshots", async () => {
    const gate = held(() => json(200, { items: [generation({ status: "succeeded", images: [image] })], nextCursor: null }));
    signedInDevice(fakeApi({ "GET /v1/headshots/generations": gate.answer }), testKeychain);
    renderRouter("./src/app", { initialUrl: "/gallery" });
    expect(await screen.findByTestId("skeleton")).toBeTruthy();
    await act(async () => gate.release());
    expect(await screen.findByRole("button", { name: /^Open headshot 1 from/ })).toBeTruthy();
    expect(screen.queryByTestId("skeleton")).toBeNull();
  });

  it("styles: a grid of placeholders until the catalogue and the balance are both in", async () => {
    const gate = held(() => json(200, styles));
    signedInDevice(fakeApi({ "GET /v1/headshots/styles": gate.answer, "GET /v1/billing/balance": json(200, balance(3)) }), testKeychain);
    renderRouter("./src/app", { initialUrl: "/styles" });
    expect(await screen.findByTestId("skeleton")).toBeTruthy();
    expect(screen.getByRole("progressbar", { name: "Loading" })).toBeTruthy();
    await act(async () => gate.release());
    expect(await screen.findByRole("radio", { name: "Corporate classic" })).toBeTruthy();
    expect(screen.queryByTestId("skeleton")).toBeNull();
  });
});
