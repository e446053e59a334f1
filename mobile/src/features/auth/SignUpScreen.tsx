import { useState } from "react";
import { View } from "react-native";
import { useAuth } from "../../auth/AuthProvider";
import { ApiError, describeError } from "../../api/errors";
import { Button, Notice, Screen, TextField, spacing } from "../../ui";
import { useBack } from "../navigation";
import { SocialSignIn } from "./SocialSignIn";

export function SignUpScreen() {
  const { signUp } = useAuth();
  const back = useBack("/sign-in");
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const fieldError = (path: string) => (error instanceof ApiError ? (error.fieldErrors.find((f) => f.path === path)?.message ?? null) : null);

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await signUp({ email: email.trim(), password, ...(name.trim() ? { name: name.trim() } : {}) });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Screen title="Create your account" subtitle="Your first credit is on us." onBack={back}>
      <TextField label="Name (optional)" value={name} onChangeText={setName} autoComplete="name" textContentType="name" error={fieldError("name")} />
      <TextField
        label="Email"
        value={email}
        onChangeText={setEmail}
        autoCapitalize="none"
        autoComplete="email"
        keyboardType="email-address"
        inputMode="email"
        error={fieldError("email")}
      />
      <TextField
        label="Password"
        value={password}
        onChangeText={setPassword}
        secureTextEntry
        autoComplete="new-password"
        textContentType="newPassword"
        helper="At least 10 characters. A few random words work well."
        error={fieldError("password")}
        onSubmitEditing={submit}
      />
      {error ? <Notice tone="error">{error instanceof ApiError && error.fieldErrors.length ? error.message : describeError(error)}</Notice> : null}
      <Button title="Create account" onPress={submit} loading={busy} disabled={!email || password.length < 10} />
      <SocialSignIn mode="signUp" />
      <View style={{ marginTop: spacing.md }}>
        <Button title="I already have an account" kind="ghost" onPress={back} />
      </View>
    </Screen>
  );
}
