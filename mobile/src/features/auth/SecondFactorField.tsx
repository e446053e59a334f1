// Where the API asks for the second factor: the 6-digit code from the authenticator app, or,
// for someone without their phone, one of the recovery codes shown when two-factor was set up.
import { useState } from "react";
import { View } from "react-native";
import { Button, TextField } from "../../ui";

const RECOVERY = /^[A-Z2-7]{5}-?[A-Z2-7]{5}$/;

/** True when `value` is a whole authenticator code or a whole recovery code. */
export const secondFactorComplete = (value: string) => /^\d{6}$/.test(value) || RECOVERY.test(value);

/** Recovery codes are base32: upper case, the hyphen added after five characters. */
export function formatRecoveryCode(typed: string): string {
  const raw = typed
    .toUpperCase()
    .replace(/[^A-Z2-7]/g, "")
    .slice(0, 10);
  return raw.length > 5 ? `${raw.slice(0, 5)}-${raw.slice(5)}` : raw;
}

interface Props {
  value: string;
  onChange: (value: string) => void;
  /** The label of the authenticator-code field (screens word it for their action). */
  label: string;
  onSubmitEditing?: () => void;
  autoFocus?: boolean;
}

export function SecondFactorField({ value, onChange, label, onSubmitEditing, autoFocus }: Props) {
  const [recovery, setRecovery] = useState(false);
  const switchMode = () => {
    setRecovery((r) => !r);
    onChange("");
  };
  return (
    <View>
      {recovery ? (
        <TextField
          label="Recovery code"
          value={value}
          onChangeText={(t) => onChange(formatRecoveryCode(t))}
          autoCapitalize="characters"
          autoCorrect={false}
          autoComplete="off"
          maxLength={11}
          placeholder="XXXXX-XXXXX"
          onSubmitEditing={onSubmitEditing}
          autoFocus
        />
      ) : (
        <TextField
          label={label}
          value={value}
          onChangeText={(t) => onChange(t.replace(/\D/g, "").slice(0, 6))}
          keyboardType="number-pad"
          inputMode="numeric"
          autoComplete="one-time-code"
          textContentType="oneTimeCode"
          maxLength={6}
          onSubmitEditing={onSubmitEditing}
          autoFocus={autoFocus}
        />
      )}
      <Button
        title={recovery ? "Use the authenticator app instead" : "Use a recovery code instead"}
        kind="ghost"
        compact
        onPress={switchMode}
        hint={recovery ? undefined : "For when you don't have your phone: one of the codes saved when two-factor was set up"}
      />
    </View>
  );
}
