// A score out of 100 drawn as a ring of ticks around the number, the report card's headline.
// Plain Views (no SVG dependency in this project): each tick is rotated about the centre, and
// the first `score`% of them take the score's colour. Screen readers hear the label and value.
import { StyleSheet, View } from "react-native";
import { Text } from "./Text";
import { colors } from "./theme";

const TICKS = 48;

/** Green from 70, amber from 50, red below: the same bands as the per-dimension bars. */
export const scoreColor = (n: number) => (n >= 70 ? colors.success : n >= 50 ? colors.warning : colors.danger);

/** How many of the ring's ticks a score fills (0..TICKS). */
export const filledTicks = (score: number) => Math.round((Math.max(0, Math.min(100, score)) / 100) * TICKS);

export function ScoreRing({ score, label, size = 88 }: { score: number; label: string; size?: number }) {
  const filled = filledTicks(score);
  const tickLength = Math.max(6, Math.round(size / 9));
  const tickWidth = Math.max(2, Math.round(size / 36));
  const color = scoreColor(score);
  return (
    <View
      accessible
      accessibilityRole="image"
      accessibilityLabel={`${label}: ${score} out of 100`}
      accessibilityValue={{ min: 0, max: 100, now: score }}
      style={{ width: size, height: size }}
    >
      {Array.from({ length: TICKS }, (_, i) => (
        <View
          // biome-ignore lint/suspicious/noArrayIndexKey: a fixed dial, the tick's position is its identity
          key={i}
          testID={i < filled ? "score-ring-tick-filled" : "score-ring-tick"}
          style={[
            styles.tick,
            {
              left: size / 2 - tickWidth / 2,
              top: size / 2 - tickLength / 2,
              width: tickWidth,
              height: tickLength,
              backgroundColor: i < filled ? color : colors.border,
              transform: [{ rotate: `${(i * 360) / TICKS}deg` }, { translateY: -(size / 2 - tickLength / 2) }],
            },
          ]}
        />
      ))}
      <View style={styles.centre} pointerEvents="none">
        <Text variant={size >= 80 ? "title" : "label"} color={color}>
          {String(score)}
        </Text>
      </View>
    </View>
  );
}

const styles = StyleSheet.create({
  tick: { position: "absolute", borderRadius: 2 },
  centre: { position: "absolute", top: 0, left: 0, right: 0, bottom: 0, alignItems: "center", justifyContent: "center" },
});
