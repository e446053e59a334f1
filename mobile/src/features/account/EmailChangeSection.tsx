// Changing the account's email: the new address gets a link, and the change applies when it is
// opened (POST /v1/me/email, then /verify-email?token= from the email). Until then the old
// address stays the account's.
import { useState } from "react";
import { View } from "react-native";
import { api, unwrap } from "../../api/client";
import { ApiError, describeError, type MessageOverrides } from "../../api/errors";
import type { components } from "../../api/schema";
import { useAuth } from "../../auth/AuthProvider";
import { Button, Notice, Text, TextField, spacing } from "../../ui";
import { SecondFactorField, secondFactorComplete } from "../auth/SecondFactorField";

type Pending = components["schemas"]["EmailChangePending"];

/** What each refusal means here (the general sentences are written for sign-in). */
export const emailChangeMessages: MessageOverrides = {
  invalid_credentials: 'That password isn\'t right. Enter the password you sign in with. (Signed up with Apple or Google? Sign out and use "Forgot password?" to set one first.)',
  email_taken: "Another account already uses that address. Choose a different one.",
  totp_required: "Enter the 6-digit code from your authenticator app as well.",
  email_delivery_failed: "We couldn't send the confirmation email. Check the address, then try again in a few minutes.",
};

export function EmailChangeSection() {
  const { user } = useAuth();
  const [open, setOpen] = useState(false);
  const [newEmail, setNewEmail] = useState("");
  const [password, setPassword] = useState("");
  const [totp, setTotp] = useState("");
  const [askTotp, setAskTotp] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState<Pending | null>(null);

  if (!user) return null;
  const needsTotp = user.totpEnabled || askTotp;
  const fieldError = (path: string) => (error instanceof ApiError ? (error.fieldErrors.find((f) => f.path === path)?.message ?? null) : null);

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const result = await unwrap(api.POST("/v1/me/email", { body: { newEmail: newEmail.trim(), password, ...(needsTotp && totp ? { totp } : {}) } }));
      setPending(result);
      setPassword("");
      setTotp("");
    } catch (err) {
      setError(err);
      if (err instanceof ApiError && err.code === "totp_required") setAskTotp(true);
      if (err instanceof ApiError && err.code === "totp_invalid") setTotp("");
    } finally {
      setBusy(false);
    }
  };

  const reset = () => {
    setPending(null);
    setOpen(false);
    setNewEmail("");
    setError(null);
  };

  if (pending) {
    return (
      <View style={{ marginTop: spacing.sm }}>
        <Notice tone="success">
          {`Check your inbox at ${pending.pendingEmail} and open the link we sent to confirm the change. Until then you keep signing in with ${user.email}. The link works until ${new Date(pending.expiresAt).toLocaleString()}.`}
        </Notice>
        <Button
          title="Use a different address"
          kind="ghost"
          onPress={() => {
            reset();
            setOpen(true);
          }}
        />
      </View>
    );
  }

  if (!open) {
    return (
      <View style={{ marginTop: spacing.sm }}>
        <Button title="Change email…" kind="secondary" onPress={() => setOpen(true)} hint="Asks for the new address and your password" />
      </View>
    );
  }

  const message = error
    ? error instanceof ApiError && error.code === "validation_failed" && error.fieldErrors.length
      ? error.message
      : describeError(error, emailChangeMessages)
    : null;
  return (
    <View style={{ marginTop: spacing.sm }}>
      <Text muted style={{ marginBottom: spacing.md }}>
        {`Your email is ${user.email}. We'll send a link to the new address; the change applies when you open it.`}
      </Text>
      <TextField
        label="New email"
        value={newEmail}
        onChangeText={setNewEmail}
        autoCapitalize="none"
        autoComplete="email"
        keyboardType="email-address"
        inputMode="email"
        textContentType="emailAddress"
        error={fieldError("newEmail")}
      />
      <TextField
        label="Current password"
        value={password}
        onChangeText={setPassword}
        secureTextEntry
        autoComplete="current-password"
        textContentType="password"
        error={fieldError("password")}
      />
      {needsTotp ? <SecondFactorField label="Code from your authenticator app" value={totp} onChange={setTotp} /> : null}
      {message ? <Notice tone="error">{message}</Notice> : null}
      <Button
        title="Send confirmation link"
        onPress={() => void submit()}
        loading={busy}
        disabled={!newEmail.includes("@") || !password || (needsTotp && !secondFactorComplete(totp))}
      />
      <Button title="Keep my current email" kind="ghost" onPress={reset} />
    </View>
  );
}
