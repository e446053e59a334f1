// Two-factor setup and email change on the Profile / Account screen, against the faked network.
import { fireEvent, renderRouter, screen, waitFor } from "expo-router/testing-library";
import * as Clipboard from "expo-clipboard";
import { Linking } from "react-native";
import { fakeApi, json, problem, profile, signedInDevice } from "../../../../test/fakeApi";
import { testKeychain } from "../../../../test/setup";

const SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
const URI = `otpauth://totp/Firstlook:sam%40example.com?secret=${SECRET}&issuer=Firstlook`;
const CODES = ["ABCDE-FGHIJ", "KLMNO-PQRST", "UVWXY-Z2345", "67ABC-DEFGH", "IJKLM-NOPQR", "STUVW-XYZ23", "4567A-BCDEF", "GHIJK-LMNOP", "QRSTU-VWXYZ", "23456-7ABCD"];

describe("two-factor authentication", () => {
  it("sets up with a QR code and the key, rejects a wrong code, then shows it on", async () => {
    const net = fakeApi({
      "POST /v1/me/totp": json(200, { secret: SECRET, otpauthUri: URI }),
      "POST /v1/me/totp/confirm": [problem("totp_invalid", 401), json(200, { totpEnabled: true, recoveryCodes: CODES })],
    });
    signedInDevice(net, testKeychain);
    const canOpen = jest.spyOn(Linking, "canOpenURL").mockResolvedValue(true);
    const open = jest.spyOn(Linking, "openURL").mockResolvedValue(true);
    renderRouter("./src/app", { initialUrl: "/profile" });
    expect(await screen.findByText("Two-factor authentication is off.")).toBeTruthy();

    fireEvent.press(screen.getByRole("button", { name: "Set up two-factor authentication" }));
    expect(await screen.findByLabelText("QR code for your authenticator app")).toBeTruthy();
    // The key, in groups of four, and a copy button.
    expect(screen.getByText("JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP")).toBeTruthy();
    fireEvent.press(screen.getByRole("button", { name: "Copy setup key" }));
    expect(await screen.findByText("Setup key copied.")).toBeTruthy();
    expect(Clipboard.setStringAsync).toHaveBeenCalledWith(SECRET);
    // The otpauth link opens the authenticator app.
    fireEvent.press(screen.getByRole("button", { name: "Open in authenticator app" }));
    await waitFor(() => expect(open).toHaveBeenCalledWith(URI));

    fireEvent.changeText(screen.getByLabelText("6-digit code"), "111111");
    fireEvent.press(screen.getByRole("button", { name: "Turn on two-factor authentication" }));
    expect(await screen.findByText("That code is wrong or was already used. Wait for the next code and try again.")).toBeTruthy();
    expect(screen.getByLabelText("6-digit code").props.value).toBe("");

    fireEvent.changeText(screen.getByLabelText("6-digit code"), "123456");
    fireEvent.press(screen.getByRole("button", { name: "Turn on two-factor authentication" }));
    // The recovery codes, once, with a way to copy them, before anything else.
    expect(await screen.findByText("Save your recovery codes")).toBeTruthy();
    for (const c of CODES) expect(screen.getByText(c)).toBeTruthy();
    fireEvent.press(screen.getByRole("button", { name: "Copy all codes" }));
    await waitFor(() => expect(Clipboard.setStringAsync).toHaveBeenCalledWith(CODES.join("\n")));
    fireEvent.press(screen.getByRole("button", { name: "I've saved them" }));
    expect(await screen.findByText("Two-factor authentication is on.")).toBeTruthy();
    expect(screen.queryByText(CODES[0]!)).toBeNull();
    expect(screen.getByText(/Signing in now asks for a code/)).toBeTruthy();
    expect(net.to("POST /v1/me/totp/confirm").map((c) => c.body)).toEqual([{ code: "111111" }, { code: "123456" }]);
    canOpen.mockRestore();
    open.mockRestore();
  });

  it("turns off with a current code", async () => {
    const net = fakeApi({ "POST /v1/me/totp/disable": json(200, { totpEnabled: false }) });
    signedInDevice(net, testKeychain, profile({ totpEnabled: true }));
    renderRouter("./src/app", { initialUrl: "/profile" });
    fireEvent.press(await screen.findByRole("button", { name: "Turn off two-factor…" }));
    fireEvent.changeText(screen.getByLabelText("Code to turn off two-factor"), "654321");
    fireEvent.press(screen.getByRole("button", { name: "Turn off two-factor authentication" }));
    expect(await screen.findByText("Two-factor authentication is off.")).toBeTruthy();
    expect(net.to("POST /v1/me/totp/disable")[0]!.body).toEqual({ code: "654321" });
  });

  it("turns off with a recovery code when the phone is gone, and gets a new set of codes", async () => {
    const net = fakeApi({
      "POST /v1/me/totp/recovery-codes": [problem("totp_invalid", 401), json(200, { recoveryCodes: CODES })],
      "POST /v1/me/totp/disable": json(200, { totpEnabled: false }),
    });
    signedInDevice(net, testKeychain, profile({ totpEnabled: true }));
    renderRouter("./src/app", { initialUrl: "/profile" });

    fireEvent.press(await screen.findByRole("button", { name: "New recovery codes…" }));
    fireEvent.changeText(screen.getByLabelText("Code for new recovery codes"), "111111");
    fireEvent.press(screen.getByRole("button", { name: "Get new recovery codes" }));
    expect(await screen.findByText("That code is wrong or was already used. Wait for the next code and try again.")).toBeTruthy();
    fireEvent.changeText(screen.getByLabelText("Code for new recovery codes"), "222222");
    fireEvent.press(screen.getByRole("button", { name: "Get new recovery codes" }));
    expect(await screen.findByText("Save your recovery codes")).toBeTruthy();
    fireEvent.press(screen.getByRole("button", { name: "I've saved them" }));

    fireEvent.press(await screen.findByRole("button", { name: "Turn off two-factor…" }));
    fireEvent.press(screen.getByRole("button", { name: "Use a recovery code instead" }));
    // Typed in lower case without the hyphen: formatted as the codes are shown.
    fireEvent.changeText(screen.getByLabelText("Recovery code"), "abcdefghij");
    expect(screen.getByLabelText("Recovery code").props.value).toBe("ABCDE-FGHIJ");
    fireEvent.press(screen.getByRole("button", { name: "Turn off two-factor authentication" }));
    expect(await screen.findByText("Two-factor authentication is off.")).toBeTruthy();
    expect(net.to("POST /v1/me/totp/disable")[0]!.body).toEqual({ code: "ABCDE-FGHIJ" });
  });

  it("says when the device is offline", async () => {
    const net = fakeApi({
      "POST /v1/me/totp": () => {
        throw new TypeError("Network request failed");
      },
    });
    signedInDevice(net, testKeychain);
    renderRouter("./src/app", { initialUrl: "/profile" });
    fireEvent.press(await screen.findByRole("button", { name: "Set up two-factor authentication" }));
    expect(await screen.findByText(/You're offline or the server can't be reached/)).toBeTruthy();
  });
});

describe("email change", () => {
  it("sends the link to the new address and says to check the inbox", async () => {
    const net = fakeApi({ "POST /v1/me/email": json(202, { pendingEmail: "sam.new@example.com", expiresAt: "2026-11-27T10:00:00.000Z" }) });
    signedInDevice(net, testKeychain);
    renderRouter("./src/app", { initialUrl: "/profile" });
    fireEvent.press(await screen.findByRole("button", { name: "Change email…" }));
    fireEvent.changeText(screen.getByLabelText("New email"), " sam.new@example.com ");
    fireEvent.changeText(screen.getByLabelText("Current password"), "correct horse battery");
    fireEvent.press(screen.getByRole("button", { name: "Send confirmation link" }));
    expect(await screen.findByText(/Check your inbox at sam.new@example.com/)).toBeTruthy();
    expect(screen.getByText(/Until then you keep signing in with sam@example.com/)).toBeTruthy();
    expect(net.to("POST /v1/me/email")[0]!.body).toEqual({ newEmail: "sam.new@example.com", password: "correct horse battery" });
  });

  it("maps the API's refusals to sentences, and asks for the code when two-factor is on", async () => {
    const net = fakeApi({
      "POST /v1/me/email": [problem("invalid_credentials", 401), problem("email_taken", 409), problem("totp_invalid", 401)],
    });
    signedInDevice(net, testKeychain, profile({ totpEnabled: true }));
    renderRouter("./src/app", { initialUrl: "/profile" });
    fireEvent.press(await screen.findByRole("button", { name: "Change email…" }));
    fireEvent.changeText(screen.getByLabelText("New email"), "taken@example.com");
    fireEvent.changeText(screen.getByLabelText("Current password"), "wrong");
    fireEvent.changeText(screen.getByLabelText("Code from your authenticator app"), "123456");
    const send = () => fireEvent.press(screen.getByRole("button", { name: "Send confirmation link" }));

    send();
    expect(await screen.findByText(/That password isn't right/)).toBeTruthy();
    send();
    expect(await screen.findByText("Another account already uses that address. Choose a different one.")).toBeTruthy();
    send();
    expect(await screen.findByText("That code is wrong or was already used. Wait for the next code and try again.")).toBeTruthy();
    expect(net.to("POST /v1/me/email")[0]!.body).toEqual({ newEmail: "taken@example.com", password: "wrong", totp: "123456" });
  });
});
