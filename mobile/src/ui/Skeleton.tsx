// Placeholders in the shape of what is loading (a grid of photos, a list of cards, a report
// card), shown by Screen while a list's first load is pending instead of a spinner: the layout
// does not jump when the data lands. Static on purpose (no shimmer): nothing moves for people
// who turned motion down, and nothing keeps animating in the background.
import { StyleSheet, View, type DimensionValue } from "react-native";
import { colors, radius, spacing } from "./theme";

export type SkeletonKind = "grid" | "cards" | "report";

function Block({ width = "100%", height, round, style }: { width?: DimensionValue; height: number; round?: boolean; style?: object }) {
  return <View style={[styles.block, { width, height, borderRadius: round ? height / 2 : radius.sm }, style]} />;
}

function Grid() {
  return (
    <View style={styles.grid}>
      {Array.from({ length: 6 }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: placeholders with no data of their own
        <View key={i} style={styles.tile}>
          <View style={[styles.block, styles.photo]} />
          <Block width="60%" height={12} style={{ marginTop: spacing.xs }} />
        </View>
      ))}
    </View>
  );
}

function Cards() {
  return (
    <>
      {Array.from({ length: 3 }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: placeholders with no data of their own
        <View key={i} style={styles.card}>
          <Block width="40%" height={16} />
          <Block height={12} style={{ marginTop: spacing.sm }} />
          <Block width="85%" height={12} style={{ marginTop: spacing.xs }} />
          <Block width="70%" height={12} style={{ marginTop: spacing.xs }} />
        </View>
      ))}
    </>
  );
}

function Report() {
  return (
    <>
      <View style={[styles.card, styles.row]}>
        <Block width={88} height={88} round />
        <View style={{ flex: 1, gap: spacing.xs }}>
          <Block width="50%" height={16} />
          <Block height={12} />
          <Block width="80%" height={12} />
        </View>
      </View>
      <View style={styles.card}>
        <Block width="45%" height={16} />
        <View style={[styles.row, { marginTop: spacing.sm }]}>
          {Array.from({ length: 3 }, (_, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: placeholders with no data of their own
            <View key={i} style={[styles.block, { width: 72, aspectRatio: 4 / 5 }]} />
          ))}
        </View>
      </View>
      <Cards />
    </>
  );
}

const shapes: Record<SkeletonKind, () => React.JSX.Element> = { grid: Grid, cards: Cards, report: Report };

export function Skeleton({ kind, label = "Loading" }: { kind: SkeletonKind; label?: string }) {
  const Shape = shapes[kind];
  return (
    <View testID="skeleton" accessible accessibilityRole="progressbar" accessibilityLabel={label} accessibilityState={{ busy: true }}>
      <Shape />
    </View>
  );
}

const styles = StyleSheet.create({
  block: { backgroundColor: colors.border, opacity: 0.6 },
  grid: { flexDirection: "row", flexWrap: "wrap", gap: spacing.sm },
  tile: { width: "31%", minWidth: 96, maxWidth: 220 },
  photo: { width: "100%", aspectRatio: 4 / 5, borderRadius: radius.md },
  card: { backgroundColor: colors.surface, borderRadius: radius.lg, borderWidth: 1, borderColor: colors.border, padding: spacing.lg, marginBottom: spacing.md },
  row: { flexDirection: "row", gap: spacing.md, alignItems: "center" },
});
