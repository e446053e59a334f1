// Sign in with Apple (iOS, where the system offers it) and with Google (where this build has a
// Google OAuth client id for the platform). A button that cannot work is not shown. Each sign-in
// uses a fresh nonce: Apple gets its SHA-256 (hex) and Google the raw value; the API gets the
// raw nonce and checks it against the identity token. Two-factor accounts are asked for a code.
import * as AppleAuthentication from "expo-apple-authentication";
import * as Google from "expo-auth-session/providers/google";
import * as Crypto from "expo-crypto";
import { useEffect, useMemo, useState } from "react";
import { View } from "react-native";
import { ApiError, describeError, type MessageOverrides } from "../../api/errors";
import { useAuth, type SocialProvider, type SocialSignInBody } from "../../auth/AuthProvider";
import { googleClientIdForPlatform, googleClientIds } from "../../config";
import { Button, Notice, Text, radius, spacing } from "../../ui";
import { SecondFactorField, secondFactorComplete } from "./SecondFactorField";

const providerName: Record<SocialProvider, string> = { apple: "Apple", google: "Google" };

const messages = (provider: SocialProvider): MessageOverrides => ({
  not_found: `Sign in with ${providerName[provider]} isn't turned on for this server yet. Use your email and password instead.`,
});

/** A one-time value tying the identity token to this sign-in. */
const newNonce = () => `${Crypto.randomUUID()}${Crypto.randomUUID()}`.replace(/-/g, "");

/** The API accepts letters, digits, spaces and . ' ’ - (Apple shares the name only once). */
function acceptableName(name: string): string | undefined {
  const trimmed = name.trim().slice(0, 80);
  if (!trimmed) return undefined;
  try {
    return /^[\p{L}\p{M}\p{N} .'\u2019-]+$/u.test(trimmed) ? trimmed : undefined;
  } catch {
    return /^[A-Za-z0-9 .'\u2019-]+$/.test(trimmed) ? trimmed : undefined;
  }
}

export function SocialSignIn({ mode }: { mode: "signIn" | "signUp" }) {
  const { signInWith } = useAuth();
  const [appleAvailable, setAppleAvailable] = useState(false);
  const googleConfigured = googleClientIdForPlatform() !== undefined;
  const [busy, setBusy] = useState<SocialProvider | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Two-factor is on for the account: the same identity token again, with a code.
  const [challenge, setChallenge] = useState<{ provider: SocialProvider; body: SocialSignInBody } | null>(null);
  const [code, setCode] = useState("");

  useEffect(() => {
    let live = true;
    AppleAuthentication.isAvailableAsync().then(
      (ok) => live && setAppleAvailable(ok),
      () => live && setAppleAvailable(false),
    );
    return () => {
      live = false;
    };
  }, []);

  const submit = async (provider: SocialProvider, body: SocialSignInBody) => {
    setBusy(provider);
    setError(null);
    try {
      const result = await signInWith(provider, body);
      if (!result.ok) {
        setChallenge({ provider, body });
        setCode("");
      }
    } catch (err) {
      setError(describeError(err, messages(provider)));
      if (err instanceof ApiError && err.code === "totp_invalid") setCode("");
    } finally {
      setBusy(null);
    }
  };

  const apple = async () => {
    setError(null);
    const nonce = newNonce();
    let credential: AppleAuthentication.AppleAuthenticationCredential;
    try {
      const hashed = await Crypto.digestStringAsync(Crypto.CryptoDigestAlgorithm.SHA256, nonce);
      credential = await AppleAuthentication.signInAsync({
        requestedScopes: [AppleAuthentication.AppleAuthenticationScope.FULL_NAME, AppleAuthentication.AppleAuthenticationScope.EMAIL],
        nonce: hashed,
      });
    } catch (err) {
      // Closing Apple's sheet is a choice, not an error.
      if ((err as { code?: string }).code === "ERR_REQUEST_CANCELED") return;
      setError("Sign in with Apple didn't work. Please try again, or use your email.");
      return;
    }
    if (!credential.identityToken) return setError("Apple didn't return a sign-in. Please try again.");
    const name = acceptableName([credential.fullName?.givenName, credential.fullName?.familyName].filter(Boolean).join(" "));
    await submit("apple", { identityToken: credential.identityToken, nonce, ...(name ? { name } : {}) });
  };

  if (!appleAvailable && !googleConfigured) return null;

  return (
    <View style={{ marginVertical: spacing.md, gap: spacing.sm }}>
      <Text muted style={{ textAlign: "center" }}>
        or
      </Text>
      {appleAvailable ? (
        <AppleAuthentication.AppleAuthenticationButton
          buttonType={mode === "signIn" ? AppleAuthentication.AppleAuthenticationButtonType.SIGN_IN : AppleAuthentication.AppleAuthenticationButtonType.SIGN_UP}
          buttonStyle={AppleAuthentication.AppleAuthenticationButtonStyle.BLACK}
          cornerRadius={radius.md}
          style={{ width: "100%", height: 48, opacity: busy ? 0.55 : 1 }}
          onPress={() => {
            if (!busy) void apple();
          }}
        />
      ) : null}
      {googleConfigured ? <GoogleButton busy={busy !== null} loading={busy === "google"} onToken={(body) => submit("google", body)} onError={setError} /> : null}
      {challenge ? (
        <View>
          <Notice>{`Two-factor authentication is on for this account. Enter the 6-digit code from your authenticator app to finish signing in with ${providerName[challenge.provider]}.`}</Notice>
          <SecondFactorField label="Authenticator code" value={code} onChange={setCode} autoFocus />
          <Button
            title={`Verify and continue with ${providerName[challenge.provider]}`}
            onPress={() => void submit(challenge.provider, { ...challenge.body, totp: code })}
            loading={busy === challenge.provider}
            disabled={!secondFactorComplete(code)}
          />
        </View>
      ) : null}
      {error ? <Notice tone="error">{error}</Notice> : null}
    </View>
  );
}

/** Rendered only when a client id exists for this platform (the hook throws without one). */
function GoogleButton({ busy, loading, onToken, onError }: { busy: boolean; loading: boolean; onToken: (body: SocialSignInBody) => void; onError: (message: string) => void }) {
  const ids = googleClientIds();
  const [nonce, setNonce] = useState(newNonce);
  const extraParams = useMemo(() => ({ nonce }), [nonce]);
  const [request, response, promptAsync] = Google.useIdTokenAuthRequest({
    webClientId: ids.web,
    iosClientId: ids.ios,
    androidClientId: ids.android,
    selectAccount: true,
    extraParams,
  });

  // biome-ignore lint/correctness/useExhaustiveDependencies: runs once per answer from Google; the callbacks and the nonce it read are the ones of that sign-in
  useEffect(() => {
    if (!response) return;
    if (response.type === "success") {
      const identityToken = response.authentication?.idToken ?? response.params.id_token;
      if (identityToken) onToken({ identityToken, nonce });
      else onError("Google didn't return a sign-in. Please try again.");
      // Every sign-in gets its own nonce.
      setNonce(newNonce());
    } else if (response.type === "error") {
      onError("Sign in with Google didn't work. Please try again, or use your email.");
    }
    // Closing Google's window ("cancel" / "dismiss") is a choice, not an error.
  }, [response]);

  return (
    <Button
      title="Continue with Google"
      kind="secondary"
      onPress={() => void promptAsync()}
      loading={loading}
      disabled={!request || busy}
      hint="Opens Google to choose your account"
    />
  );
}
