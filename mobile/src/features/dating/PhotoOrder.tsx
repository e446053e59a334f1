// The photo order for one platform, reorderable: drag a photo onto another position (touch or
// mouse, through PanResponder, which react-native-web maps to pointer events), or use the
// arrows under each photo (also offered to screen readers as "Move earlier" / "Move later").
import { useMemo, useRef, useState } from "react";
import { Animated, PanResponder, Pressable, StyleSheet, View, type LayoutRectangle } from "react-native";
import { Text, colors, radius, spacing } from "../../ui";

/** `list` with the item at `from` moved to `to` (both clamped to the list). */
export function moveItem<T>(list: readonly T[], from: number, to: number): T[] {
  const next = [...list];
  const target = Math.max(0, Math.min(list.length - 1, to));
  if (from < 0 || from >= list.length || from === target) return next;
  const [item] = next.splice(from, 1);
  next.splice(target, 0, item as T);
  return next;
}

/** The slot whose centre is nearest to `point` (slots as laid out, in the row's coordinates). */
export function nearestSlot(slots: readonly (LayoutRectangle | undefined)[], point: { x: number; y: number }): number {
  let best = -1;
  let bestDistance = Infinity;
  slots.forEach((s, i) => {
    if (!s) return;
    const d = (s.x + s.width / 2 - point.x) ** 2 + (s.y + s.height / 2 - point.y) ** 2;
    if (d < bestDistance) {
      bestDistance = d;
      best = i;
    }
  });
  return best;
}

interface Props {
  ids: string[];
  onChange: (ids: string[]) => void;
  /** What each position shows (the thumbnail) and how it is announced. */
  renderItem: (id: string, index: number) => React.ReactNode;
  describe: (id: string, index: number) => string;
}

export function PhotoOrder({ ids, onChange, renderItem, describe }: Props) {
  const slots = useRef<(LayoutRectangle | undefined)[]>([]);
  const move = (from: number, to: number) => {
    if (to < 0 || to >= ids.length || to === from) return;
    onChange(moveItem(ids, from, to));
  };
  return (
    <View style={styles.row}>
      {ids.map((id, i) => (
        <DraggableSlot
          key={id}
          index={i}
          count={ids.length}
          label={describe(id, i)}
          onLayout={(layout) => (slots.current[i] = layout)}
          onDrop={(offset) => {
            const from = slots.current[i];
            if (!from) return;
            const to = nearestSlot(slots.current.slice(0, ids.length), { x: from.x + from.width / 2 + offset.x, y: from.y + from.height / 2 + offset.y });
            if (to >= 0) move(i, to);
          }}
          onMove={(step) => move(i, i + step)}
        >
          {renderItem(id, i)}
        </DraggableSlot>
      ))}
    </View>
  );
}

function DraggableSlot({
  index,
  count,
  label,
  children,
  onLayout,
  onDrop,
  onMove,
}: {
  index: number;
  count: number;
  label: string;
  children: React.ReactNode;
  onLayout: (layout: LayoutRectangle) => void;
  onDrop: (offset: { x: number; y: number }) => void;
  onMove: (step: -1 | 1) => void;
}) {
  const offset = useRef(new Animated.ValueXY()).current;
  const [dragging, setDragging] = useState(false);
  // The handlers read the latest callbacks through a ref: the responder is made once.
  const latest = useRef({ onDrop });
  latest.current = { onDrop };
  const responder = useMemo(
    () =>
      PanResponder.create({
        onStartShouldSetPanResponder: () => false,
        onMoveShouldSetPanResponder: (_e, g) => Math.abs(g.dx) + Math.abs(g.dy) > 6,
        onPanResponderGrant: () => setDragging(true),
        onPanResponderMove: Animated.event([null, { dx: offset.x, dy: offset.y }], { useNativeDriver: false }),
        onPanResponderRelease: (_e, g) => {
          setDragging(false);
          offset.setValue({ x: 0, y: 0 });
          latest.current.onDrop({ x: g.dx, y: g.dy });
        },
        onPanResponderTerminate: () => {
          setDragging(false);
          offset.setValue({ x: 0, y: 0 });
        },
      }),
    [offset],
  );
  return (
    <View onLayout={(e) => onLayout(e.nativeEvent.layout)} style={{ alignItems: "center", zIndex: dragging ? 2 : 0 }}>
      <Animated.View
        {...responder.panHandlers}
        style={[{ transform: offset.getTranslateTransform() }, dragging && styles.lifted]}
        accessible
        accessibilityLabel={label}
        accessibilityHint="Drag to change the order"
        accessibilityActions={[
          { name: "moveEarlier", label: "Move earlier" },
          { name: "moveLater", label: "Move later" },
        ]}
        onAccessibilityAction={(e) => onMove(e.nativeEvent.actionName === "moveEarlier" ? -1 : 1)}
      >
        {children}
      </Animated.View>
      <View style={styles.arrows}>
        <Arrow glyph="‹" label={`Move position ${index + 1} earlier`} disabled={index === 0} onPress={() => onMove(-1)} />
        <Text variant="caption" color={index === 0 ? colors.accent : colors.textMuted}>
          {index === 0 ? "1 · Lead" : String(index + 1)}
        </Text>
        <Arrow glyph="›" label={`Move position ${index + 1} later`} disabled={index === count - 1} onPress={() => onMove(1)} />
      </View>
    </View>
  );
}

function Arrow({ glyph, label, disabled, onPress }: { glyph: string; label: string; disabled: boolean; onPress: () => void }) {
  return (
    <Pressable
      onPress={onPress}
      disabled={disabled}
      accessibilityRole="button"
      accessibilityLabel={label}
      aria-disabled={disabled}
      hitSlop={8}
      style={[styles.arrow, disabled && { opacity: 0.25 }]}
    >
      <Text color={colors.textMuted}>{glyph}</Text>
    </Pressable>
  );
}

const styles = StyleSheet.create({
  row: { flexDirection: "row", flexWrap: "wrap", gap: spacing.sm },
  arrows: { flexDirection: "row", alignItems: "center", gap: spacing.xs },
  arrow: { minWidth: 28, minHeight: 28, alignItems: "center", justifyContent: "center", borderRadius: radius.sm },
  lifted: { opacity: 0.85, shadowColor: "#000", shadowOpacity: 0.25, shadowRadius: 8, shadowOffset: { width: 0, height: 4 }, elevation: 6 },
});
