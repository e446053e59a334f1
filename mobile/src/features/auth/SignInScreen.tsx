import { Link, useLocalSearchParams, useRouter } from "expo-router";
import { useState } from "react";
import { View } from "react-native";
import { useAuth } from "../../auth/AuthProvider";
import { ApiError, describeError } from "../../api/errors";
import { variant } from "../../config";
import { Button, Notice, Screen, Text, TextField, colors, spacing } from "../../ui";
import { SecondFactorField, secondFactorComplete } from "./SecondFactorField";
import { SocialSignIn } from "./SocialSignIn";

const productName = variant === "dating" ? "Firstlook Dating" : "Firstlook Headshots";

export function SignInScreen() {
  const { signIn, endedReason } = useAuth();
  const router = useRouter();
  // Filled in when arriving from a confirmed email link.
  const params = useLocalSearchParams<{ email?: string }>();
  const [email, setEmail] = useState(typeof params.email === "string" ? params.email : "");
  const [password, setPassword] = useState("");
  const [totp, setTotp] = useState("");
  const [needsTotp, setNeedsTotp] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const result = await signIn({ email: email.trim(), password, ...(needsTotp ? { totp: totp.trim() } : {}) });
      if (!result.ok) setNeedsTotp(true);
    } catch (err) {
      setError(describeError(err));
      if (err instanceof ApiError && err.code === "totp_invalid") setTotp("");
    } finally {
      setBusy(false);
    }
  };

  return (
    <Screen title={`Welcome to ${productName}`} subtitle="Sign in to continue.">
      {endedReason ? <Notice tone="warning">{endedReason}</Notice> : null}
      <TextField
        label="Email"
        value={email}
        onChangeText={setEmail}
        autoCapitalize="none"
        autoComplete="email"
        keyboardType="email-address"
        inputMode="email"
        textContentType="username"
      />
      <TextField label="Password" value={password} onChangeText={setPassword} secureTextEntry autoComplete="current-password" textContentType="password" onSubmitEditing={submit} />
      {needsTotp ? (
        <>
          <Notice>Two-factor authentication is on for this account. Enter the 6-digit code from your authenticator app, or a recovery code.</Notice>
          <SecondFactorField label="Authenticator code" value={totp} onChange={setTotp} onSubmitEditing={submit} autoFocus />
        </>
      ) : null}
      {error ? <Notice tone="error">{error}</Notice> : null}
      <Button title={needsTotp ? "Verify and sign in" : "Sign in"} onPress={submit} loading={busy} disabled={!email || !password || (needsTotp && !secondFactorComplete(totp))} />
      <Button title="Forgot password?" kind="ghost" onPress={() => router.push("/forgot-password")} />
      <SocialSignIn mode="signIn" />
      <View style={{ marginTop: spacing.xl, gap: spacing.sm }}>
        <Text muted>New here?</Text>
        <Button title="Create an account" kind="secondary" onPress={() => router.push("/sign-up")} />
        <Link href="/demo" accessibilityRole="link" style={{ paddingVertical: spacing.md }}>
          <Text color={colors.accent} variant="label">
            See a demo first
          </Text>
        </Link>
      </View>
    </Screen>
  );
}
