// Where the links in our emails land (APP_URL/verify-email?token=…, /reset-password?token=…),
// and the "forgot password" request. Public: they work signed in or out.
import { useMutation } from "@tanstack/react-query";
import { useLocalSearchParams, useRouter } from "expo-router";
import { useEffect, useState } from "react";
import { publicApi, unwrap } from "../../api/client";
import { describeError } from "../../api/errors";
import { useAuth } from "../../auth/AuthProvider";
import { Button, ErrorState, LoadingState, Notice, Screen, TextField } from "../../ui";
import { useBack } from "../navigation";

export function VerifyEmailScreen() {
  const { token } = useLocalSearchParams<{ token?: string }>();
  const router = useRouter();
  const { status, reloadUser } = useAuth();
  const [state, setState] = useState<{ kind: "working" } | { kind: "done"; email: string } | { kind: "failed"; message: string }>({ kind: "working" });
  useEffect(() => {
    if (!token) return setState({ kind: "failed", message: "This link is missing its code. Open the link from the email again." });
    unwrap(publicApi.POST("/v1/auth/verify-email", { body: { token } }))
      .then((r) => setState({ kind: "done", email: r.email }))
      .catch((err) => setState({ kind: "failed", message: describeError(err) }));
  }, [token]);
  // Signed in here: the profile shows the address as confirmed from now on.
  const confirmed = state.kind === "done";
  // biome-ignore lint/correctness/useExhaustiveDependencies: reloadUser changes with the user it loads; once per confirmation is enough
  useEffect(() => {
    if (confirmed && status === "signedIn") void reloadUser();
    // reloadUser changes with the user it loads: once per confirmation is enough.
  }, [confirmed, status]);
  // The link is often opened in another browser or on another device than the app's session.
  const signedIn = status === "signedIn";
  return (
    <Screen title="Confirm your email">
      {state.kind === "working" ? <LoadingState label="Confirming" /> : null}
      {state.kind === "failed" ? <ErrorState message={state.message} /> : null}
      {state.kind === "done" ? <Notice tone="success">{signedIn ? `${state.email} is confirmed. Thank you!` : "Email confirmed, sign in to continue."}</Notice> : null}
      {state.kind === "working" ? null : signedIn ? (
        <Button title="Continue" onPress={() => router.replace("/")} />
      ) : (
        <Button title="Sign in" onPress={() => router.replace({ pathname: "/sign-in", params: state.kind === "done" ? { email: state.email } : {} })} />
      )}
    </Screen>
  );
}

export function ResetPasswordScreen() {
  const { token } = useLocalSearchParams<{ token?: string }>();
  const router = useRouter();
  const [password, setPassword] = useState("");
  const [done, setDone] = useState(false);
  const reset = useMutation({
    mutationFn: async () => {
      await unwrap(publicApi.POST("/v1/auth/password/reset", { body: { token: token ?? "", newPassword: password } }));
      setDone(true);
    },
  });
  return (
    <Screen title="Choose a new password" subtitle="Every device signed in to your account will be signed out.">
      {!token ? <Notice tone="error">This link is missing its code. Open the link from the email again.</Notice> : null}
      {done ? (
        <>
          <Notice tone="success">Your password is changed. Sign in with it now.</Notice>
          <Button title="Sign in" onPress={() => router.replace("/sign-in")} />
        </>
      ) : (
        <>
          <TextField
            label="New password"
            value={password}
            onChangeText={setPassword}
            secureTextEntry
            autoComplete="new-password"
            textContentType="newPassword"
            helper="At least 10 characters."
          />
          {reset.error ? <Notice tone="error">{describeError(reset.error)}</Notice> : null}
          <Button title="Set new password" onPress={() => reset.mutate()} loading={reset.isPending} disabled={!token || password.length < 10} />
        </>
      )}
    </Screen>
  );
}

export function ForgotPasswordScreen() {
  const back = useBack("/sign-in");
  const [email, setEmail] = useState("");
  const [sent, setSent] = useState(false);
  const request = useMutation({
    mutationFn: async () => {
      await unwrap(publicApi.POST("/v1/auth/password/forgot", { body: { email: email.trim() } }));
      setSent(true);
    },
  });
  return (
    <Screen title="Reset your password" subtitle="We'll email you a link to choose a new one." onBack={back}>
      <TextField label="Email" value={email} onChangeText={setEmail} autoCapitalize="none" autoComplete="email" keyboardType="email-address" inputMode="email" />
      {sent ? <Notice tone="success">If an account uses this address, a reset link is on its way. It works for a short time only.</Notice> : null}
      {request.error ? <Notice tone="error">{describeError(request.error)}</Notice> : null}
      <Button title="Email me a link" onPress={() => request.mutate()} loading={request.isPending} disabled={!email.includes("@")} />
    </Screen>
  );
}
