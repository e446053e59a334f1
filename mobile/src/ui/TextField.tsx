import { useState } from "react";
import { StyleSheet, TextInput, View, type TextInputProps } from "react-native";
import { Text } from "./Text";
import { colors, minTouchTarget, radius, spacing, type as typeScale } from "./theme";

export interface TextFieldProps extends TextInputProps {
  label: string;
  error?: string | null;
  helper?: string;
  /** Shows "n / max" under the field. */
  counter?: boolean;
}

export function TextField({ label, error, helper, counter, style, multiline, maxLength, value, ...rest }: TextFieldProps) {
  const [focused, setFocused] = useState(false);
  const below = error ?? helper;
  return (
    <View style={styles.wrap}>
      <Text variant="label" style={styles.label}>
        {label}
      </Text>
      <TextInput
        accessibilityLabel={label}
        accessibilityHint={helper}
        allowFontScaling
        maxFontSizeMultiplier={2}
        placeholderTextColor={colors.textMuted}
        multiline={multiline}
        maxLength={maxLength}
        value={value}
        onFocus={() => setFocused(true)}
        onBlur={() => setFocused(false)}
        style={[styles.input, multiline && styles.multiline, { borderColor: error ? colors.danger : focused ? colors.accent : colors.controlBorder }, style]}
        {...rest}
      />
      <View style={styles.below}>
        {below ? (
          <Text variant="caption" color={error ? colors.danger : colors.textMuted} style={styles.flex} accessibilityLiveRegion={error ? "polite" : "none"}>
            {below}
          </Text>
        ) : (
          <View style={styles.flex} />
        )}
        {counter && maxLength ? (
          <Text variant="caption" muted>
            {(value ?? "").length} / {maxLength}
          </Text>
        ) : null}
      </View>
    </View>
  );
}

const styles = StyleSheet.create({
  wrap: { marginBottom: spacing.md },
  label: { marginBottom: spacing.xs },
  input: {
    ...typeScale.body,
    minHeight: minTouchTarget,
    borderWidth: 1.5,
    borderRadius: radius.md,
    paddingHorizontal: spacing.md,
    paddingVertical: spacing.sm,
    backgroundColor: colors.surface,
    color: colors.text,
  },
  multiline: { minHeight: 96, textAlignVertical: "top" },
  below: { flexDirection: "row", marginTop: spacing.xs, gap: spacing.sm },
  flex: { flex: 1 },
});
