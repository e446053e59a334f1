// Sign in with Apple / Google. The provider sheets are the device's (faked in test/setup.ts);
// the nonce handling, the API call and the stored session are the app's.
import { createHash } from "node:crypto";
import { fireEvent, renderRouter, screen, waitFor } from "expo-router/testing-library";
import { fakeApi, json, problem, profile, tokens } from "../../../../test/fakeApi";
import { testDevice, testKeychain } from "../../../../test/setup";

const app = "./src/app";
const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");
const idToken = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIwMDEifQ.signature-of-the-provider";

describe("sign in with Apple / Google", () => {
  it("shows neither button where Apple is unavailable and no Google client id is set", async () => {
    fakeApi();
    renderRouter(app, { initialUrl: "/sign-in" });
    expect(await screen.findByText("Welcome to Firstlook Dating")).toBeTruthy();
    // Give the availability check its turn.
    await waitFor(() => expect(screen.getByRole("button", { name: "Sign in" })).toBeTruthy());
    expect(screen.queryByRole("button", { name: "Sign in with Apple" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Continue with Google" })).toBeNull();
  });

  it("hides Google when only another platform has a client id", async () => {
    process.env.EXPO_PUBLIC_GOOGLE_WEB_CLIENT_ID = "web-client.apps.googleusercontent.com";
    process.env.EXPO_PUBLIC_GOOGLE_ANDROID_CLIENT_ID = "android-client.apps.googleusercontent.com";
    testDevice.apple.available = true;
    fakeApi();
    renderRouter(app, { initialUrl: "/sign-in" });
    expect(await screen.findByRole("button", { name: "Sign in with Apple" })).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Continue with Google" })).toBeNull();
  });

  it("signs in with Apple: the hashed nonce to Apple, the raw one to the API, and stores the session", async () => {
    testDevice.apple.available = true;
    testDevice.apple.signIn.mockImplementation(async () => ({
      user: "001234.abc",
      identityToken: idToken,
      authorizationCode: "c0de",
      fullName: { givenName: "Sam", familyName: "O'Neill" },
      email: "sam@privaterelay.appleid.com",
    }));
    const net = fakeApi({ "POST /v1/auth/apple": json(201, { ...tokens({ refreshToken: "r-apple" }), user: profile() }) });
    const router = renderRouter(app, { initialUrl: "/sign-in" });
    fireEvent.press(await screen.findByRole("button", { name: "Sign in with Apple" }));
    expect(await screen.findByText("Your photos")).toBeTruthy();
    expect(router.getPathname()).toBe("/photos");

    const body = net.to("POST /v1/auth/apple")[0]!.body as { identityToken: string; nonce: string; name: string };
    expect(body.identityToken).toBe(idToken);
    expect(body.name).toBe("Sam O'Neill");
    expect(body.nonce.length).toBeGreaterThanOrEqual(32);
    const asked = testDevice.apple.signIn.mock.calls[0]![0] as { nonce: string; requestedScopes: number[] };
    expect(asked.nonce).toBe(sha256(body.nonce));
    expect(asked.requestedScopes).toEqual([0, 1]);
    expect(testKeychain.get("firstlook.refreshToken")).toBe("r-apple");
  });

  it("says nothing when Apple's sheet is closed", async () => {
    testDevice.apple.available = true;
    const net = fakeApi();
    renderRouter(app, { initialUrl: "/sign-in" });
    fireEvent.press(await screen.findByRole("button", { name: "Sign in with Apple" }));
    await waitFor(() => expect(testDevice.apple.signIn).toHaveBeenCalledTimes(1));
    expect(screen.queryByRole("alert")).toBeNull();
    expect(net.to("POST /v1/auth/apple")).toHaveLength(0);
  });

  it("signs up with Google (the nonce Google got is the one the API gets) and stores the session", async () => {
    process.env.EXPO_PUBLIC_GOOGLE_IOS_CLIENT_ID = "ios-client.apps.googleusercontent.com";
    testDevice.google.result = { type: "success", params: { id_token: idToken }, authentication: null, errorCode: null, url: "" };
    const net = fakeApi({ "POST /v1/auth/google": json(201, { ...tokens({ refreshToken: "r-google" }), user: profile() }) });
    renderRouter(app, { initialUrl: "/sign-up" });
    fireEvent.press(await screen.findByRole("button", { name: "Continue with Google" }));
    expect(await screen.findByText("Your photos")).toBeTruthy();
    const body = net.to("POST /v1/auth/google")[0]!.body as { identityToken: string; nonce: string };
    expect(body.identityToken).toBe(idToken);
    const config = testDevice.google.configs[0] as { iosClientId: string; extraParams: { nonce: string } };
    expect(config.iosClientId).toBe("ios-client.apps.googleusercontent.com");
    expect(config.extraParams.nonce).toBe(body.nonce);
    expect(testKeychain.get("firstlook.refreshToken")).toBe("r-google");
  });

  it("asks for the authenticator code when the account has two-factor on", async () => {
    process.env.EXPO_PUBLIC_GOOGLE_IOS_CLIENT_ID = "ios-client.apps.googleusercontent.com";
    testDevice.google.result = { type: "success", params: { id_token: idToken }, authentication: null, errorCode: null, url: "" };
    const net = fakeApi({ "POST /v1/auth/google": [problem("totp_required", 401), json(200, { ...tokens(), user: profile() })] });
    renderRouter(app, { initialUrl: "/sign-in" });
    fireEvent.press(await screen.findByRole("button", { name: "Continue with Google" }));
    fireEvent.changeText(await screen.findByLabelText("Authenticator code"), "123456");
    fireEvent.press(screen.getByRole("button", { name: "Verify and continue with Google" }));
    expect(await screen.findByText("Your photos")).toBeTruthy();
    const [first, second] = net.to("POST /v1/auth/google").map((c) => c.body as Record<string, string>);
    expect(second).toEqual({ ...first, totp: "123456" });
  });

  it("explains when the server has that sign-in turned off", async () => {
    testDevice.apple.available = true;
    testDevice.apple.signIn.mockImplementation(async () => ({ user: "u", identityToken: idToken, authorizationCode: "c", fullName: null, email: null }));
    fakeApi({ "POST /v1/auth/apple": problem("not_found", 404) });
    renderRouter(app, { initialUrl: "/sign-in" });
    fireEvent.press(await screen.findByRole("button", { name: "Sign in with Apple" }));
    expect(await screen.findByText("Sign in with Apple isn't turned on for this server yet. Use your email and password instead.")).toBeTruthy();
  });
});
