// "Notify me when my headshots are ready": permission, the Expo push token, POST / DELETE
// /v1/me/push-tokens; silent re-registration at launch; removal at sign-out; the web message.
import "../../../../test/headshotsVariant";
import { fireEvent, renderRouter, screen, waitFor } from "expo-router/testing-library";
import { Platform } from "react-native";
import { fakeApi, noContent, signedInDevice } from "../../../../test/fakeApi";
import { testDevice, testKeychain } from "../../../../test/setup";

const TOKEN = "ExponentPushToken[abcdefghij0123456789]";
const LABEL = "Notify me when my headshots are ready";

beforeEach(() => {
  process.env.EXPO_PUBLIC_EAS_PROJECT_ID = "0f6a1d2e-3b4c-4d5e-8f70-8192a3b4c5d6";
});

describe("push notifications", () => {
  it("asks permission, registers this phone's token, and unregisters it when turned off", async () => {
    const net = fakeApi({ "POST /v1/me/push-tokens": noContent(), "DELETE /v1/me/push-tokens": noContent() });
    signedInDevice(net, testKeychain);
    renderRouter("./src/app", { initialUrl: "/settings" });
    const toggle = await screen.findByLabelText(LABEL);
    expect(toggle.props.value).toBe(false);

    fireEvent(toggle, "valueChange", true);
    expect(await screen.findByText("We'll send a notification to this phone when your headshots are ready.")).toBeTruthy();
    expect(testDevice.push.requestPermissionsAsync).toHaveBeenCalledTimes(1);
    expect(net.to("POST /v1/me/push-tokens")[0]!.body).toEqual({ token: TOKEN, platform: "ios" });
    expect(screen.getByLabelText(LABEL).props.value).toBe(true);

    fireEvent(screen.getByLabelText(LABEL), "valueChange", false);
    expect(await screen.findByText("Notifications to this phone are off.")).toBeTruthy();
    expect(net.to("DELETE /v1/me/push-tokens")[0]!.body).toEqual({ token: TOKEN });
    expect(screen.getByLabelText(LABEL).props.value).toBe(false);
  });

  it("says what to do when permission is refused, and when the build has no EAS project id", async () => {
    const net = fakeApi();
    signedInDevice(net, testKeychain);
    testDevice.push.answer = "denied";
    renderRouter("./src/app", { initialUrl: "/settings" });
    fireEvent(await screen.findByLabelText(LABEL), "valueChange", true);
    expect(await screen.findByText(/Notifications are turned off for this app/)).toBeTruthy();
    expect(screen.getByLabelText(LABEL).props.value).toBe(false);

    delete process.env.EXPO_PUBLIC_EAS_PROJECT_ID;
    fireEvent(screen.getByLabelText(LABEL), "valueChange", true);
    expect(await screen.findByText(/Push notifications need an EAS project id/)).toBeTruthy();
    expect(net.to("POST /v1/me/push-tokens")).toHaveLength(0);
  });

  it("registers again silently at launch when on, and unregisters at sign-out", async () => {
    const net = fakeApi({
      "POST /v1/me/push-tokens": noContent(),
      "DELETE /v1/me/push-tokens": noContent(),
      "POST /v1/auth/logout": noContent(),
    });
    signedInDevice(net, testKeychain);
    testKeychain.set("firstlook.pushToken", TOKEN);
    testDevice.push.permission = "granted";
    renderRouter("./src/app", { initialUrl: "/settings" });
    await waitFor(() => expect(net.to("POST /v1/me/push-tokens")).toHaveLength(1));
    expect(testDevice.push.requestPermissionsAsync).not.toHaveBeenCalled();
    expect((await screen.findByLabelText(LABEL)).props.value).toBe(true);

    fireEvent.press(screen.getByRole("button", { name: "Sign out" }));
    expect(await screen.findByText("Welcome to Firstlook Headshots")).toBeTruthy();
    expect(net.to("DELETE /v1/me/push-tokens")[0]!.body).toEqual({ token: TOKEN });
    // Unregistered while the session still worked, then signed out.
    expect(net.calls.findIndex((c) => c.path === "/v1/me/push-tokens" && c.method === "DELETE")).toBeLessThan(net.calls.findIndex((c) => c.path === "/v1/auth/logout"));
    expect(testKeychain.has("firstlook.pushToken")).toBe(false);
  });

  it("does not register at launch when it is off", async () => {
    const net = fakeApi();
    signedInDevice(net, testKeychain);
    testDevice.push.permission = "granted";
    renderRouter("./src/app", { initialUrl: "/settings" });
    expect(await screen.findByLabelText(LABEL)).toBeTruthy();
    expect(net.to("POST /v1/me/push-tokens")).toHaveLength(0);
  });

  it("on the web, says push is in the mobile apps", async () => {
    const os = jest.replaceProperty(Platform, "OS", "web");
    try {
      const net = fakeApi();
      signedInDevice(net, testKeychain);
      renderRouter("./src/app", { initialUrl: "/settings" });
      expect(await screen.findByText("Push notifications are available in the iOS and Android apps.")).toBeTruthy();
      expect(screen.queryByLabelText(LABEL)).toBeNull();
      expect(net.to("POST /v1/me/push-tokens")).toHaveLength(0);
    } finally {
      os.restore();
    }
  });
});
