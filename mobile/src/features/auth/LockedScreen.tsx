import { useAuth } from "../../auth/AuthProvider";
import { endSession } from "../../auth/session";
import { Button, Screen, Text, spacing } from "../../ui";

/** Biometric unlock is on and has not succeeded yet. */
export function LockedScreen() {
  const { unlock } = useAuth();
  return (
    <Screen title="Locked" subtitle="Your account is protected with biometric unlock.">
      <Button title="Unlock" onPress={unlock} hint="Opens Face ID or fingerprint" />
      <Text muted style={{ marginVertical: spacing.md }}>
        Can't unlock? Sign out and sign in again with your password.
      </Text>
      <Button title="Sign out" kind="secondary" onPress={() => void endSession("signed_out")} />
    </Screen>
  );
}
