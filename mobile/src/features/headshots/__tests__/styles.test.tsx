import "../../../../test/headshotsVariant";
import { fireEvent, renderRouter, screen } from "expo-router/testing-library";
import type { HeadshotStyle } from "../../../api/types";
import { balance, fakeApi, json, problem, signedInDevice } from "../../../../test/fakeApi";
import { testKeychain } from "../../../../test/setup";

const style = (id: string, name: string, premium = false): HeadshotStyle => ({
  id,
  name,
  description: `${name} look`,
  previewUrl: `http://api.test/v1/headshots/styles/${id}/preview.jpg`,
  industryFocus: [],
  formalityLevel: "smart_casual",
  subscriptionRequired: premium,
  sortOrder: 1,
  background: null,
  attire: null,
});

const styles = [style("corporate", "Corporate classic"), style("studio", "Studio noir", true)];
const pricing = { imagesPerSet: 4, creditsPerSet: 1, maxImages: 16 };

describe("Style Selection", () => {
  it("locks premium styles unless the tier is unlimited", async () => {
    const net = fakeApi({ "GET /v1/headshots/styles": json(200, { styles, pricing }), "GET /v1/billing/balance": json(200, balance(3, { tier: "credits" })) });
    signedInDevice(net, testKeychain);
    renderRouter("./src/app", { initialUrl: "/styles" });
    const premium = await screen.findByRole("radio", { name: "Studio noir, Smart casual, premium, needs Unlimited" });
    expect(premium).toBeDisabled();
    fireEvent.press(screen.getByRole("radio", { name: "Corporate classic, Smart casual" }));
    expect(screen.getByRole("radio", { name: "Corporate classic, Smart casual" })).toBeChecked();
    expect(screen.getByText("You have 3 credits.")).toBeTruthy();
    expect(screen.getAllByText("Smart casual")).toHaveLength(2);
  });

  it("sells sets: the button says how many headshots and what they cost, and sends the images", async () => {
    const net = fakeApi({
      "GET /v1/headshots/styles": json(200, { styles, pricing }),
      "GET /v1/billing/balance": json(200, balance(1, { tier: "credits" })),
    });
    signedInDevice(net, testKeychain);
    renderRouter("./src/app", { initialUrl: "/styles" });
    expect(await screen.findByRole("button", { name: "Create 4 headshots · 1 credit" })).toBeTruthy();
    fireEvent.press(screen.getByRole("radio", { name: "2 sets · 8 headshots" }));
    expect(screen.getByRole("button", { name: "Create 8 headshots · 2 credits" })).toBeDisabled();
    expect(screen.getByText("You need 2 credits for this. Buy a pack on the Credits tab.")).toBeTruthy();
  });

  it("shows each style's preview image", async () => {
    const net = fakeApi({ "GET /v1/headshots/styles": json(200, { styles, pricing }), "GET /v1/billing/balance": json(200, balance(3, { tier: "credits" })) });
    signedInDevice(net, testKeychain);
    renderRouter("./src/app", { initialUrl: "/styles" });
    for (const s of styles) expect((await screen.findByLabelText(`Example of the ${s.name} style`)).props.source).toEqual({ uri: s.previewUrl });
  });

  it("unlocks every style on Unlimited", async () => {
    const net = fakeApi({ "GET /v1/headshots/styles": json(200, { styles, pricing }), "GET /v1/billing/balance": json(200, balance(0, { tier: "unlimited" })) });
    signedInDevice(net, testKeychain);
    renderRouter("./src/app", { initialUrl: "/styles" });
    expect(await screen.findByRole("radio", { name: "Studio noir" })).toBeEnabled();
    expect(screen.getByText("Unlimited plan: every style included.")).toBeTruthy();
  });

  it("has an empty and an error state", async () => {
    const net = fakeApi({
      "GET /v1/headshots/styles": [json(200, { styles: [] }), problem("internal_error", 500)],
      "GET /v1/billing/balance": json(200, balance(3, { tier: "credits" })),
    });
    signedInDevice(net, testKeychain);
    renderRouter("./src/app", { initialUrl: "/styles" });
    expect(await screen.findByText("No styles available")).toBeTruthy();
  });

  it("opens on the selfie screen with its framing guide", async () => {
    const net = fakeApi();
    signedInDevice(net, testKeychain);
    renderRouter("./src/app", { initialUrl: "/" });
    expect(await screen.findByLabelText("Framing guide: keep your face inside the oval")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Take a selfie" })).toBeTruthy();
  });
});
