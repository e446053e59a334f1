import { ActivityIndicator, Pressable, StyleSheet, View, type PressableProps } from "react-native";
import { Text } from "./Text";
import { colors, minTouchTarget, radius, spacing } from "./theme";

type Kind = "primary" | "secondary" | "ghost" | "danger";

export interface ButtonProps extends Omit<PressableProps, "children" | "style"> {
  title: string;
  kind?: Kind;
  loading?: boolean;
  /** Read by screen readers after the title: what happens when pressed. */
  hint?: string;
  compact?: boolean;
}

const palette: Record<Kind, { bg: string; fg: string; border: string }> = {
  primary: { bg: colors.accent, fg: colors.onAccent, border: colors.accent },
  secondary: { bg: colors.surface, fg: colors.accent, border: colors.accent },
  ghost: { bg: "transparent", fg: colors.accent, border: "transparent" },
  danger: { bg: colors.danger, fg: colors.onDanger, border: colors.danger },
};

export function Button({ title, kind = "primary", loading, disabled, hint, compact, accessibilityLabel, ...rest }: ButtonProps) {
  const p = palette[kind];
  const inactive = disabled || loading;
  return (
    <Pressable
      accessibilityRole="button"
      accessibilityLabel={accessibilityLabel ?? title}
      accessibilityHint={hint}
      aria-disabled={!!inactive}
      aria-busy={!!loading}
      disabled={inactive}
      style={({ pressed }) => [styles.base, compact && styles.compact, { backgroundColor: p.bg, borderColor: p.border, opacity: inactive ? 0.55 : pressed ? 0.85 : 1 }]}
      {...rest}
    >
      <View style={styles.row}>
        {loading ? <ActivityIndicator color={p.fg} style={styles.spinner} /> : null}
        <Text variant="label" color={p.fg} style={styles.center}>
          {title}
        </Text>
      </View>
    </Pressable>
  );
}

const styles = StyleSheet.create({
  base: { minHeight: minTouchTarget, borderRadius: radius.md, borderWidth: 1.5, paddingHorizontal: spacing.lg, paddingVertical: spacing.sm, justifyContent: "center" },
  compact: { minHeight: 40, paddingHorizontal: spacing.md },
  row: { flexDirection: "row", alignItems: "center", justifyContent: "center" },
  spinner: { marginRight: spacing.sm },
  center: { textAlign: "center" },
});
