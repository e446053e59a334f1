// A row of selectable chips: style, platform, tone pickers. One choice, or several.
import { Pressable, StyleSheet, View } from "react-native";
import { Text } from "./Text";
import { colors, radius, spacing } from "./theme";

export interface Choice<T extends string> {
  value: T;
  label: string;
}

interface Props<T extends string> {
  label: string;
  choices: readonly Choice<T>[];
  selected: T | readonly T[];
  onChange: (value: T) => void;
}

export function Choices<T extends string>({ label, choices, selected, onChange }: Props<T>) {
  const isSelected = (v: T) => (Array.isArray(selected) ? selected.includes(v) : selected === v);
  const multi = Array.isArray(selected);
  return (
    <View style={styles.wrap} accessibilityRole={multi ? undefined : "radiogroup"} accessibilityLabel={label}>
      <Text variant="label" style={styles.label}>
        {label}
      </Text>
      <View style={styles.row}>
        {choices.map((c) => {
          const on = isSelected(c.value);
          return (
            <Pressable
              key={c.value}
              accessibilityRole={multi ? "checkbox" : "radio"}
              aria-checked={on}
              accessibilityLabel={c.label}
              onPress={() => onChange(c.value)}
              style={[styles.chip, on ? { backgroundColor: colors.accent, borderColor: colors.accent } : null]}
            >
              <Text variant="label" color={on ? colors.onAccent : colors.text}>
                {c.label}
              </Text>
            </Pressable>
          );
        })}
      </View>
    </View>
  );
}

const styles = StyleSheet.create({
  wrap: { marginBottom: spacing.md },
  label: { marginBottom: spacing.sm },
  row: { flexDirection: "row", flexWrap: "wrap", gap: spacing.sm },
  chip: {
    minHeight: 44,
    justifyContent: "center",
    paddingHorizontal: spacing.md,
    borderRadius: radius.pill,
    borderWidth: 1.5,
    borderColor: colors.controlBorder,
    backgroundColor: colors.surface,
  },
});
