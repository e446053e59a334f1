// The selfie that went in next to a headshot that came out: side by side where there is room
// (tablet, desktop), one at a time with a Before / After switch on a phone. The selfie comes
// through the generation's own signed link; once the selfie is deleted there is no "before".
import { useState } from "react";
import { Image, StyleSheet, View, useWindowDimensions } from "react-native";
import type { HeadshotGeneration } from "../../api/types";
import { Choices, Text, colors, radius, spacing } from "../../ui";

/** From this window width both photos fit next to each other at a useful size. */
export const SIDE_BY_SIDE_MIN_WIDTH = 600;

type Side = "before" | "after";
const sides = [
  { value: "before" as const, label: "Before" },
  { value: "after" as const, label: "After" },
];

interface Props {
  selfie: HeadshotGeneration["selfie"];
  headshot: HeadshotGeneration["images"][number];
  /** Which headshot this is, for its label ("Headshot 2 of 4"). */
  index: number;
  count: number;
}

export function BeforeAfter({ selfie, headshot, index, count }: Props) {
  const { width } = useWindowDimensions();
  const [side, setSide] = useState<Side>("after");
  const [selfieGone, setSelfieGone] = useState(false);
  const wide = width >= SIDE_BY_SIDE_MIN_WIDTH;
  const before = selfie && !selfieGone ? <Photo uri={selfie.url} label="Before: your selfie" caption="Before" onError={() => setSelfieGone(true)} /> : null;
  const after = <Photo uri={headshot.url} label={`After: headshot ${index + 1} of ${count}`} caption="After" />;
  if (!before) {
    return (
      <View style={styles.wrap}>
        {after}
        <Text variant="caption" muted>
          Your selfie is no longer stored, so there is nothing to compare with.
        </Text>
      </View>
    );
  }
  return (
    <View style={styles.wrap}>
      <Text variant="label">Before and after</Text>
      {wide ? (
        <View style={styles.row}>
          {before}
          {after}
        </View>
      ) : (
        <>
          <Choices label="Show" choices={sides} selected={side} onChange={setSide} />
          <View style={styles.row}>{side === "before" ? before : after}</View>
        </>
      )}
    </View>
  );
}

function Photo({ uri, label, caption, onError }: { uri: string; label: string; caption: string; onError?: () => void }) {
  return (
    <View style={styles.cell}>
      <Image source={{ uri }} style={styles.image} accessibilityLabel={label} accessibilityIgnoresInvertColors resizeMode="cover" onError={onError} />
      <Text variant="caption" muted style={styles.caption}>
        {caption}
      </Text>
    </View>
  );
}

const styles = StyleSheet.create({
  wrap: { marginTop: spacing.lg, gap: spacing.sm },
  row: { flexDirection: "row", gap: spacing.sm },
  cell: { flex: 1, maxWidth: 360 },
  image: { width: "100%", aspectRatio: 1, borderRadius: radius.md, backgroundColor: colors.border },
  caption: { textAlign: "center", marginTop: spacing.xs },
});
