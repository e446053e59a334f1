import { StyleSheet, View } from "react-native";
import { Text } from "./Text";
import { colors, radius, spacing } from "./theme";

const tones = {
  info: { bg: colors.accentSoft, fg: colors.text },
  success: { bg: colors.successSoft, fg: colors.success },
  warning: { bg: colors.warningSoft, fg: colors.warning },
  error: { bg: colors.dangerSoft, fg: colors.danger },
} as const;

/** An inline message. Errors are announced by screen readers as they appear. */
export function Notice({ tone = "info", children }: { tone?: keyof typeof tones; children: string }) {
  const t = tones[tone];
  return (
    <View
      style={[styles.box, { backgroundColor: t.bg }]}
      accessibilityRole={tone === "error" ? "alert" : undefined}
      accessibilityLiveRegion={tone === "error" ? "assertive" : "polite"}
    >
      <Text variant="caption" color={t.fg}>
        {children}
      </Text>
    </View>
  );
}

const styles = StyleSheet.create({
  box: { borderRadius: radius.md, padding: spacing.md, marginBottom: spacing.md },
});
