import { fireEvent, renderRouter, screen, waitFor } from "expo-router/testing-library";
import { fakeApi, json, noContent, problem, profile, signedInDevice } from "../../../../test/fakeApi";
import { testKeychain } from "../../../../test/setup";

describe("Profile / account", () => {
  it("saves the dating profile; the age is shown from the date of birth, not asked again", async () => {
    const net = fakeApi({ "PATCH /v1/me": json(200, profile({ name: "Alex", age: 31, dateOfBirth: "1994-06-30" })) });
    signedInDevice(net, testKeychain, profile({ age: 31, dateOfBirth: "1994-06-30" }));
    renderRouter("./src/app", { initialUrl: "/profile" });
    fireEvent.changeText(await screen.findByLabelText("Name"), "Alex");
    expect(screen.queryByLabelText("Age")).toBeNull();
    expect(screen.getByText("Age 31, from your date of birth (1994-06-30).")).toBeTruthy();
    fireEvent.press(screen.getByRole("radio", { name: "Long-term" }));
    fireEvent.press(screen.getByRole("button", { name: "Save profile" }));
    expect(await screen.findByText("Saved.")).toBeTruthy();
    expect(net.to("PATCH /v1/me")[0]!.body).toEqual({ name: "Alex", gender: null, datingPreferences: { lookingFor: "long_term" } });
  });

  it("erases the account after the password, and lands on sign-in", async () => {
    const net = fakeApi({ "DELETE /v1/me": [problem("invalid_credentials", 401), noContent()] });
    signedInDevice(net, testKeychain);
    renderRouter("./src/app", { initialUrl: "/profile" });
    fireEvent.press(await screen.findByRole("button", { name: "Delete account…" }));
    fireEvent.changeText(screen.getByLabelText("Password"), "wrong password");
    fireEvent.press(screen.getByRole("button", { name: "Erase my account" }));
    expect(await screen.findByText("That email and password don't match. Check them and try again.")).toBeTruthy();
    fireEvent.changeText(screen.getByLabelText("Password"), "correct horse battery");
    fireEvent.press(screen.getByRole("button", { name: "Erase my account" }));
    expect(await screen.findByText("Welcome to Firstlook Dating")).toBeTruthy();
    expect(net.to("DELETE /v1/me")[1]!.body).toEqual({ password: "correct horse battery" });
    await waitFor(() => expect(testKeychain.has("firstlook.refreshToken")).toBe(false));
  });

  it("asks for the authenticator code too when two-factor is on", async () => {
    const net = fakeApi();
    signedInDevice(net, testKeychain, profile({ totpEnabled: true }));
    renderRouter("./src/app", { initialUrl: "/profile" });
    fireEvent.press(await screen.findByRole("button", { name: "Delete account…" }));
    expect(screen.getByLabelText("Authenticator code")).toBeTruthy();
    expect(screen.getByText("Two-factor authentication is on.")).toBeTruthy();
  });
});
