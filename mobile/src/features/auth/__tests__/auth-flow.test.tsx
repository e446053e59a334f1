import { fireEvent, renderRouter, screen, waitFor } from "expo-router/testing-library";
import { fakeApi, json, problem, profile, signedInDevice, tokens } from "../../../../test/fakeApi";
import { testKeychain } from "../../../../test/setup";

const app = "./src/app";

describe("sign in", () => {
  it("shows the sign-in screen when there is no stored session", async () => {
    fakeApi();
    renderRouter(app, { initialUrl: "/" });
    expect(await screen.findByText("Welcome to Firstlook Dating")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Sign in" })).toBeDisabled();
  });

  it("asks for the authenticator code when the API answers totp_required, then signs in", async () => {
    const net = fakeApi({
      "POST /v1/auth/login": [problem("totp_required", 401), json(200, { ...tokens({ refreshToken: "r-login" }), user: profile() })],
    });
    const router = renderRouter(app, { initialUrl: "/" });
    fireEvent.changeText(await screen.findByLabelText("Email"), "sam@example.com");
    fireEvent.changeText(screen.getByLabelText("Password"), "correct horse battery");
    fireEvent.press(screen.getByRole("button", { name: "Sign in" }));

    fireEvent.changeText(await screen.findByLabelText("Authenticator code"), "123456");
    fireEvent.press(screen.getByRole("button", { name: "Verify and sign in" }));

    expect(await screen.findByText("Your photos")).toBeTruthy();
    expect(router.getPathname()).toBe("/photos");
    expect(net.to("POST /v1/auth/login").map((c) => c.body)).toEqual([
      { email: "sam@example.com", password: "correct horse battery" },
      { email: "sam@example.com", password: "correct horse battery", totp: "123456" },
    ]);
    expect(testKeychain.get("firstlook.refreshToken")).toBe("r-login");
  });

  it("signs in with a recovery code instead, for someone without their phone", async () => {
    const net = fakeApi({
      "POST /v1/auth/login": [problem("totp_required", 401), json(200, { ...tokens({ refreshToken: "r-recovery" }), user: profile() })],
    });
    renderRouter(app, { initialUrl: "/" });
    fireEvent.changeText(await screen.findByLabelText("Email"), "sam@example.com");
    fireEvent.changeText(screen.getByLabelText("Password"), "correct horse battery");
    fireEvent.press(screen.getByRole("button", { name: "Sign in" }));
    fireEvent.press(await screen.findByRole("button", { name: "Use a recovery code instead" }));
    const field = screen.getByLabelText("Recovery code");
    fireEvent.changeText(field, "abcde");
    expect(screen.getByRole("button", { name: "Verify and sign in" }).props.accessibilityState).toMatchObject({ disabled: true });
    fireEvent.changeText(field, "abcde fghij");
    fireEvent.press(screen.getByRole("button", { name: "Verify and sign in" }));
    expect(await screen.findByText("Your photos")).toBeTruthy();
    expect(net.to("POST /v1/auth/login")[1]!.body).toEqual({ email: "sam@example.com", password: "correct horse battery", totp: "ABCDE-FGHIJ" });
  });

  it("shows the human message for wrong credentials", async () => {
    fakeApi({ "POST /v1/auth/login": problem("invalid_credentials", 401) });
    renderRouter(app, { initialUrl: "/" });
    fireEvent.changeText(await screen.findByLabelText("Email"), "sam@example.com");
    fireEvent.changeText(screen.getByLabelText("Password"), "nope nope nope");
    fireEvent.press(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByText("That email and password don't match. Check them and try again.")).toBeTruthy();
  });

  it("says so when offline", async () => {
    fakeApi({
      "POST /v1/auth/login": () => {
        throw new TypeError("Network request failed");
      },
    });
    renderRouter(app, { initialUrl: "/" });
    fireEvent.changeText(await screen.findByLabelText("Email"), "sam@example.com");
    fireEvent.changeText(screen.getByLabelText("Password"), "correct horse battery");
    fireEvent.press(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByText(/You're offline or the server can't be reached/)).toBeTruthy();
  });
});

describe("sign up", () => {
  it("creates the account and opens the app", async () => {
    const net = fakeApi({ "POST /v1/auth/register": json(201, { ...tokens(), user: profile({ name: "Sam" }) }) });
    renderRouter(app, { initialUrl: "/sign-up" });
    fireEvent.changeText(await screen.findByLabelText("Name (optional)"), "Sam");
    fireEvent.changeText(screen.getByLabelText("Email"), "sam@example.com");
    fireEvent.changeText(screen.getByLabelText("Password"), "correct horse battery");
    fireEvent.press(screen.getByRole("button", { name: "Create account" }));
    expect(await screen.findByText("Your photos")).toBeTruthy();
    expect(net.to("POST /v1/auth/register")[0]!.body).toEqual({ email: "sam@example.com", password: "correct horse battery", name: "Sam" });
  });

  it("shows field errors from a validation problem", async () => {
    fakeApi({
      "POST /v1/auth/register": problem("email_taken", 409),
    });
    renderRouter(app, { initialUrl: "/sign-up" });
    fireEvent.changeText(await screen.findByLabelText("Email"), "sam@example.com");
    fireEvent.changeText(screen.getByLabelText("Password"), "correct horse battery");
    fireEvent.press(screen.getByRole("button", { name: "Create account" }));
    expect(await screen.findByText("An account with this email already exists. Try signing in instead.")).toBeTruthy();
  });
});

describe("a stored session", () => {
  it("is restored at launch with one refresh", async () => {
    const net = fakeApi();
    signedInDevice(net, testKeychain);
    renderRouter(app, { initialUrl: "/" });
    expect(await screen.findByText("Your photos")).toBeTruthy();
    expect(net.to("POST /v1/auth/refresh")).toHaveLength(1);
    expect(testKeychain.get("firstlook.refreshToken")).toBe("rotated-from-stored-refresh");
  });

  it("that the server rejects lands on sign-in", async () => {
    const net = fakeApi({ "POST /v1/auth/refresh": problem("invalid_refresh_token", 401) });
    testKeychain.set("firstlook.refreshToken", "old");
    renderRouter(app, { initialUrl: "/" });
    expect(await screen.findByText("Welcome to Firstlook Dating")).toBeTruthy();
    expect(net.to("GET /v1/me")).toHaveLength(0);
  });

  it("signs out from the profile tab and revokes the session on the server", async () => {
    const net = fakeApi({ "POST /v1/auth/logout": new Response(null, { status: 204 }) });
    signedInDevice(net, testKeychain);
    renderRouter(app, { initialUrl: "/profile" });
    fireEvent.press(await screen.findByRole("button", { name: "Sign out" }));
    expect(await screen.findByText("Welcome to Firstlook Dating")).toBeTruthy();
    await waitFor(() => expect(net.to("POST /v1/auth/logout")).toHaveLength(1));
    expect(testKeychain.has("firstlook.refreshToken")).toBe(false);
  });
});
