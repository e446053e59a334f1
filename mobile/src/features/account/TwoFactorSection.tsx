// Two-factor authentication (TOTP): set up with an authenticator app (QR code, a link that opens
// the app, or the key typed in by hand), confirm with a first code (which shows the recovery codes
// once), get a new set of recovery codes, and turn off with a code or a recovery code.
import { useMutation } from "@tanstack/react-query";
import * as Clipboard from "expo-clipboard";
import { useState } from "react";
import { Linking, Platform, View } from "react-native";
import { api, unwrap } from "../../api/client";
import { ApiError, describeError } from "../../api/errors";
import type { components } from "../../api/schema";
import { useAuth } from "../../auth/AuthProvider";
import { Button, Notice, QrCode, Text, TextField, colors, spacing } from "../../ui";
import { SecondFactorField, secondFactorComplete } from "../auth/SecondFactorField";

type Enrolment = components["schemas"]["TotpEnrolment"];

/** "JBSWY3DPEHPK3PXP" → "JBSW Y3DP EHPK 3PXP": easier to read out and type. */
export const groupSecret = (secret: string) => secret.replace(/\s+/g, "").replace(/(.{4})(?=.)/g, "$1 ");

const digits = (t: string) => t.replace(/\D/g, "").slice(0, 6);

export function TwoFactorSection() {
  const { user, setUser, reloadUser } = useAuth();
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [code, setCode] = useState("");
  const [copied, setCopied] = useState(false);
  const [linkProblem, setLinkProblem] = useState<string | null>(null);
  const [turningOff, setTurningOff] = useState(false);
  const [offCode, setOffCode] = useState("");
  const [done, setDone] = useState<string | null>(null);
  // Shown once, right after they are issued; never fetched again (the server keeps only hashes).
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const [codesCopied, setCodesCopied] = useState(false);
  const [renewing, setRenewing] = useState(false);
  const [renewCode, setRenewCode] = useState("");

  // The server already has it on (another device): show the truth.
  const stale = (err: unknown) => {
    if (err instanceof ApiError && (err.code === "totp_already_enabled" || err.code === "totp_not_enrolled")) void reloadUser();
  };

  const start = useMutation({
    mutationFn: async () => {
      setDone(null);
      try {
        setEnrolment(await unwrap(api.POST("/v1/me/totp")));
      } catch (err) {
        stale(err);
        throw err;
      }
      setCode("");
      setCopied(false);
      setLinkProblem(null);
    },
  });
  const confirm = useMutation({
    mutationFn: async () => {
      try {
        const result = await unwrap(api.POST("/v1/me/totp/confirm", { body: { code } }));
        setRecoveryCodes(result.recoveryCodes);
        setCodesCopied(false);
      } catch (err) {
        if (err instanceof ApiError && err.code === "totp_invalid") setCode("");
        stale(err);
        throw err;
      }
      if (user) setUser({ ...user, totpEnabled: true });
      setEnrolment(null);
      setDone("Two-factor authentication is on. Signing in now asks for a code from your authenticator app.");
    },
  });
  const renew = useMutation({
    mutationFn: async () => {
      try {
        const result = await unwrap(api.POST("/v1/me/totp/recovery-codes", { body: { code: renewCode } }));
        setRecoveryCodes(result.recoveryCodes);
        setCodesCopied(false);
      } catch (err) {
        if (err instanceof ApiError && err.code === "totp_invalid") setRenewCode("");
        stale(err);
        throw err;
      }
      setRenewing(false);
      setRenewCode("");
      setDone(null);
    },
  });
  const disable = useMutation({
    mutationFn: async () => {
      try {
        await unwrap(api.POST("/v1/me/totp/disable", { body: { code: offCode } }));
      } catch (err) {
        if (err instanceof ApiError && err.code === "totp_invalid") setOffCode("");
        stale(err);
        throw err;
      }
      if (user) setUser({ ...user, totpEnabled: false });
      setTurningOff(false);
      setOffCode("");
      setDone("Two-factor authentication is off. Signing in needs only your password now.");
    },
  });

  const openAuthenticator = async (uri: string) => {
    setLinkProblem(null);
    try {
      if (Platform.OS !== "web" && !(await Linking.canOpenURL(uri))) throw new Error("no app");
      await Linking.openURL(uri);
    } catch {
      setLinkProblem(
        "No authenticator app opened. Install one (for example Google Authenticator, Microsoft Authenticator or 1Password), or scan the QR code from another device, or type the key in.",
      );
    }
  };

  const copy = async (secret: string) => {
    await Clipboard.setStringAsync(secret);
    setCopied(true);
  };

  if (!user) return null;

  if (user.totpEnabled) {
    if (recoveryCodes) {
      return (
        <View style={{ marginTop: spacing.sm }}>
          {done ? <Notice tone="success">{done}</Notice> : null}
          <Text variant="label" style={{ marginBottom: spacing.xs }}>
            Save your recovery codes
          </Text>
          <Text muted style={{ marginBottom: spacing.sm }}>
            If you lose your phone, each of these signs you in once instead of a code. Keep them somewhere safe, like a password manager. They won't be shown again.
          </Text>
          <View
            accessible
            accessibilityLabel={`Recovery codes: ${recoveryCodes.join(", ")}`}
            style={{ flexDirection: "row", flexWrap: "wrap", gap: spacing.sm, marginBottom: spacing.sm }}
          >
            {recoveryCodes.map((c) => (
              <Text key={c} style={{ fontFamily: Platform.select({ ios: "Menlo", android: "monospace", default: "monospace" }), minWidth: 120 }} selectable>
                {c}
              </Text>
            ))}
          </View>
          <Button
            title={codesCopied ? "Copied" : "Copy all codes"}
            kind="secondary"
            compact
            onPress={() => void Clipboard.setStringAsync(recoveryCodes.join("\n")).then(() => setCodesCopied(true))}
          />
          <Button title="I've saved them" onPress={() => setRecoveryCodes(null)} />
        </View>
      );
    }
    return (
      <View style={{ marginTop: spacing.sm }}>
        {done ? <Notice tone="success">{done}</Notice> : null}
        {renewing ? (
          <View>
            <Notice>New recovery codes replace the old ones: any you saved stop working.</Notice>
            <SecondFactorField label="Code for new recovery codes" value={renewCode} onChange={setRenewCode} />
            {renew.error ? <Notice tone="error">{describeError(renew.error)}</Notice> : null}
            <Button title="Get new recovery codes" onPress={() => renew.mutate()} loading={renew.isPending} disabled={!secondFactorComplete(renewCode)} />
            <Button
              title="Cancel"
              kind="ghost"
              onPress={() => {
                setRenewing(false);
                setRenewCode("");
                renew.reset();
              }}
            />
          </View>
        ) : !turningOff ? (
          <Button
            title="New recovery codes…"
            kind="ghost"
            onPress={() => {
              setRenewing(true);
              setDone(null);
            }}
            hint="Replaces the recovery codes; asks for a code"
          />
        ) : null}
        {renewing ? null : turningOff ? (
          <View>
            <Notice tone="warning">Without two-factor, anyone with your password can sign in. Enter a current code to turn it off.</Notice>
            <SecondFactorField label="Code to turn off two-factor" value={offCode} onChange={setOffCode} />
            {disable.error ? <Notice tone="error">{describeError(disable.error)}</Notice> : null}
            <Button
              title="Turn off two-factor authentication"
              kind="danger"
              onPress={() => disable.mutate()}
              loading={disable.isPending}
              disabled={!secondFactorComplete(offCode)}
            />
            <Button
              title="Keep it on"
              kind="ghost"
              onPress={() => {
                setTurningOff(false);
                setOffCode("");
                disable.reset();
              }}
            />
          </View>
        ) : (
          <Button
            title="Turn off two-factor…"
            kind="secondary"
            onPress={() => {
              setTurningOff(true);
              setDone(null);
            }}
            hint="Asks for a code from your authenticator app"
          />
        )}
      </View>
    );
  }

  if (!enrolment) {
    return (
      <View style={{ marginTop: spacing.sm }}>
        {done ? <Notice tone="success">{done}</Notice> : null}
        <Text variant="caption" muted style={{ marginBottom: spacing.sm }}>
          Add a second step to signing in: a 6-digit code from an authenticator app on your phone.
        </Text>
        {start.error ? <Notice tone="error">{describeError(start.error)}</Notice> : null}
        <Button title="Set up two-factor authentication" kind="secondary" onPress={() => start.mutate()} loading={start.isPending} />
      </View>
    );
  }

  const grouped = groupSecret(enrolment.secret);
  return (
    <View style={{ marginTop: spacing.sm }}>
      <Text variant="label" style={{ marginBottom: spacing.sm }}>
        1. Add Firstlook to your authenticator app
      </Text>
      <Text muted style={{ marginBottom: spacing.md }}>
        Scan this QR code with the app, or open the app with the button, or type the key in.
      </Text>
      <QrCode value={enrolment.otpauthUri} label="QR code for your authenticator app" />
      <View style={{ height: spacing.md }} />
      <Button
        title="Open in authenticator app"
        kind="secondary"
        onPress={() => void openAuthenticator(enrolment.otpauthUri)}
        hint="Opens your authenticator app with this account filled in"
      />
      {linkProblem ? <Notice tone="warning">{linkProblem}</Notice> : null}
      <Text variant="caption" muted style={{ marginTop: spacing.md }}>
        Setup key
      </Text>
      <Text
        selectable
        accessibilityLabel={`Setup key: ${enrolment.secret.split("").join(" ")}`}
        style={{
          fontFamily: Platform.select({ ios: "Menlo", android: "monospace", default: "monospace" }),
          fontSize: 18,
          letterSpacing: 1,
          color: colors.text,
          marginVertical: spacing.sm,
        }}
      >
        {grouped}
      </Text>
      <Button title="Copy setup key" kind="ghost" compact onPress={() => void copy(enrolment.secret)} />
      {copied ? <Notice tone="success">Setup key copied.</Notice> : null}
      <Text muted variant="caption" style={{ marginVertical: spacing.sm }}>
        After this step you get recovery codes: they sign you in if you lose your phone.
      </Text>
      <Text variant="label" style={{ marginVertical: spacing.sm }}>
        2. Enter the code the app shows
      </Text>
      <TextField
        label="6-digit code"
        value={code}
        onChangeText={(t) => setCode(digits(t))}
        keyboardType="number-pad"
        inputMode="numeric"
        autoComplete="one-time-code"
        textContentType="oneTimeCode"
        maxLength={6}
        onSubmitEditing={() => code.length === 6 && confirm.mutate()}
      />
      {confirm.error ? <Notice tone="error">{describeError(confirm.error)}</Notice> : null}
      <Button title="Turn on two-factor authentication" onPress={() => confirm.mutate()} loading={confirm.isPending} disabled={code.length !== 6} />
      <Button
        title="Cancel setup"
        kind="ghost"
        onPress={() => {
          setEnrolment(null);
          confirm.reset();
        }}
      />
    </View>
  );
}
