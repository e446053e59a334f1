import { fireEvent, renderRouter, screen } from "expo-router/testing-library";
import { fakeApi, signedInDevice } from "../../../../test/fakeApi";
import { testKeychain } from "../../../../test/setup";


describe("Photos and Photo Analysis (their API routes are not built yet)", () => {
  it("shows the empty state and says upload is coming soon", async () => {
    const net = fakeApi();
    signedInDevice(net, testKeychain);
    renderRouter("./src/app", { initialUrl: "/photos" });
    expect(await screen.findByText("No photos yet")).toBeTruthy();
    expect(screen.getByText(/Coming soon: uploading and scoring photos/)).toBeTruthy();
    expect(screen.getByRole("button", { name: "Take a photo" })).toBeEnabled();
  });

  it("the analysis screen explains what is coming and links to what works", async () => {
    const net = fakeApi({ "GET /v1/dating/dashboard": () => new Promise(() => undefined), "GET /v1/dating/insights": () => new Promise(() => undefined) });
    signedInDevice(net, testKeychain);
    const router = renderRouter("./src/app", { initialUrl: "/analysis" });
    expect(await screen.findByText("Coming soon")).toBeTruthy();
    fireEvent.press(screen.getByRole("button", { name: "Track results" }));
    expect(router.getPathname()).toBe("/dashboard");
  });
});
