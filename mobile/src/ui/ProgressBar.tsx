import { StyleSheet, View } from "react-native";
import { colors, radius } from "./theme";

/** value in 0..1; null shows an empty track (unknown progress). */
export function ProgressBar({ value, label }: { value: number | null; label: string }) {
  const pct = value === null ? 0 : Math.round(Math.max(0, Math.min(1, value)) * 100);
  return (
    <View
      accessible
      accessibilityRole="progressbar"
      accessibilityLabel={label}
      accessibilityValue={{ min: 0, max: 100, now: pct, text: value === null ? "waiting" : `${pct} percent` }}
      style={styles.track}
    >
      <View style={[styles.fill, { width: `${pct}%` }]} />
    </View>
  );
}

const styles = StyleSheet.create({
  track: { height: 10, borderRadius: radius.pill, backgroundColor: colors.accentSoft, overflow: "hidden", marginVertical: 8 },
  fill: { height: "100%", backgroundColor: colors.accent },
});
