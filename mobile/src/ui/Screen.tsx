// A screen: safe area, scrolling, a readable width on desktop, pull to refresh, an offline
// banner, and, when given a query (a TanStack result), its loading / error / offline / empty states.
// A list screen names the shape of its content (`skeleton`): its first load shows placeholders in
// that shape instead of a spinner.
import { useState, type ReactNode } from "react";
import { Pressable, RefreshControl, ScrollView, StyleSheet, View } from "react-native";
import { SafeAreaView } from "react-native-safe-area-context";
import { describeError, isOfflineError } from "../api/errors";
import type { ScreenQuery } from "../api/queries";
import { useOnline } from "../hooks/useOnline";
import { Skeleton, type SkeletonKind } from "./Skeleton";
import { EmptyState, ErrorState, LoadingState, OfflineState, type EmptyProps } from "./states";
import { Text } from "./Text";
import { colors, maxContentWidth, spacing } from "./theme";

interface BaseProps {
  title?: string;
  subtitle?: string;
  /** Rendered under the title, above the content (e.g. a primary action). */
  header?: ReactNode;
  /** Shows a back button above the title (screens outside the tab bar). */
  onBack?: () => void;
}

interface PlainProps extends BaseProps {
  children: ReactNode;
  query?: undefined;
  /** Pull to refresh on a screen without one query of its own (what it reloads). */
  onRefresh?: () => Promise<unknown>;
}

interface QueryProps<T> extends BaseProps {
  query: ScreenQuery<T>;
  isEmpty?: (data: T) => boolean;
  /** Placeholders in this shape while the first load is pending (absent: a spinner). */
  skeleton?: SkeletonKind;
  empty?: EmptyProps;
  children: (data: T) => ReactNode;
}

export function Screen<T>(props: PlainProps | QueryProps<T>) {
  const online = useOnline();
  const query = props.query;
  // Only a pull shows the spinner; background refetches (focus, reconnect) stay quiet.
  const [pulling, setPulling] = useState(false);
  let body: ReactNode;
  const reload = query ? () => query.refetch() : (props as PlainProps).onRefresh;
  if (!query) body = (props as PlainProps).children;
  else {
    const q = props as QueryProps<T>;
    const retry = () => void query.refetch();
    if (query.status === "pending") body = query.fetchStatus === "paused" ? <OfflineState onRetry={retry} /> : q.skeleton ? <Skeleton kind={q.skeleton} /> : <LoadingState />;
    else if (query.status === "error" && query.data === undefined) {
      body = isOfflineError(query.error) || !online ? <OfflineState onRetry={retry} /> : <ErrorState message={describeError(query.error)} onRetry={retry} />;
    } else {
      const data = query.data as T;
      body = (
        <>
          {query.status === "error" && online ? (
            <Banner text={isOfflineError(query.error) ? "Can't reach Firstlook right now. Showing what was loaded." : describeError(query.error)} onRetry={retry} />
          ) : null}
          {q.isEmpty?.(data) && q.empty ? <EmptyState {...q.empty} /> : q.children(data)}
        </>
      );
    }
  }
  const refresh = async () => {
    setPulling(true);
    try {
      await reload?.();
    } finally {
      setPulling(false);
    }
  };
  return (
    <SafeAreaView style={styles.safe} edges={["top", "left", "right"]}>
      {!online ? <Banner text="You're offline. Showing what was loaded; changes need a connection." onRetry={reload ? () => void reload() : undefined} /> : null}
      <ScrollView
        contentContainerStyle={styles.scroll}
        keyboardShouldPersistTaps="handled"
        refreshControl={reload ? <RefreshControl refreshing={pulling} onRefresh={() => void refresh()} tintColor={colors.accent} /> : undefined}
      >
        <View style={styles.column}>
          {props.onBack ? (
            <Pressable onPress={props.onBack} accessibilityRole="button" accessibilityLabel="Back" style={styles.back} hitSlop={8}>
              <Text variant="label" color={colors.accent}>
                ‹ Back
              </Text>
            </Pressable>
          ) : null}
          {props.title ? (
            <Text variant="title" style={styles.title}>
              {props.title}
            </Text>
          ) : null}
          {props.subtitle ? (
            <Text muted style={styles.subtitle}>
              {props.subtitle}
            </Text>
          ) : null}
          {props.header}
          {body}
        </View>
      </ScrollView>
    </SafeAreaView>
  );
}

function Banner({ text, onRetry }: { text: string; onRetry?: () => void }) {
  return (
    <View style={styles.banner} accessibilityLiveRegion="polite">
      <Text variant="caption" color={colors.warning} accessibilityRole="alert" style={styles.bannerText}>
        {text}
      </Text>
      {onRetry ? (
        <Pressable onPress={onRetry} accessibilityRole="button" accessibilityLabel="Try again" hitSlop={8} style={styles.bannerButton}>
          <Text variant="caption" color={colors.warning} style={styles.bannerAction}>
            Try again
          </Text>
        </Pressable>
      ) : null}
    </View>
  );
}

const styles = StyleSheet.create({
  safe: { flex: 1, backgroundColor: colors.background },
  scroll: { flexGrow: 1, padding: spacing.lg, alignItems: "center" },
  column: { width: "100%", maxWidth: maxContentWidth },
  title: { marginBottom: spacing.xs },
  back: { minHeight: 44, justifyContent: "center", alignSelf: "flex-start", marginBottom: spacing.xs },
  subtitle: { marginBottom: spacing.lg },
  banner: { backgroundColor: colors.warningSoft, paddingHorizontal: spacing.lg, paddingVertical: spacing.sm, flexDirection: "row", alignItems: "center", gap: spacing.sm },
  bannerText: { flex: 1 },
  bannerButton: { minHeight: 32, justifyContent: "center" },
  bannerAction: { fontWeight: "600", textDecorationLine: "underline" },
});
