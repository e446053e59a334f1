// A screen: safe area, scrolling, a readable width on desktop, pull to refresh, an offline
// banner, and, when given a query (a TanStack result), its loading / error / offline / empty states.
import { useState, type ReactNode } from "react";
import { Pressable, RefreshControl, ScrollView, StyleSheet, View } from "react-native";
import { SafeAreaView } from "react-native-safe-area-context";
import { describeError, isOfflineError } from "../api/errors";
import type { ScreenQuery } from "../api/queries";
import { useOnline } from "../hooks/useOnline";
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
}

interface QueryProps<T> extends BaseProps {
  query: ScreenQuery<T>;
  isEmpty?: (data: T) => boolean;
  empty?: EmptyProps;
  children: (data: T) => ReactNode;
}

export function Screen<T>(props: PlainProps | QueryProps<T>) {
  const online = useOnline();
  const query = props.query;
  // Only a pull shows the spinner; background refetches (focus, reconnect) stay quiet.
  const [pulling, setPulling] = useState(false);
  let body: ReactNode;
  if (!query) body = (props as PlainProps).children;
  else {
    const q = props as QueryProps<T>;
    const retry = () => void query.refetch();
    if (query.status === "pending") body = query.fetchStatus === "paused" ? <OfflineState onRetry={retry} /> : <LoadingState />;
    else if (query.status === "error" && query.data === undefined) {
      body = isOfflineError(query.error) || !online ? <OfflineState onRetry={retry} /> : <ErrorState message={describeError(query.error)} onRetry={retry} />;
    } else {
      const data = query.data as T;
      body = (
        <>
          {query.status === "error" ? <Banner text={describeError(query.error)} /> : null}
          {q.isEmpty?.(data) && q.empty ? <EmptyState {...q.empty} /> : q.children(data)}
        </>
      );
    }
  }
  const refresh = async () => {
    setPulling(true);
    try {
      await query?.refetch();
    } finally {
      setPulling(false);
    }
  };
  return (
    <SafeAreaView style={styles.safe} edges={["top", "left", "right"]}>
      {!online ? <Banner text="You're offline. Showing what was loaded; changes need a connection." /> : null}
      <ScrollView
        contentContainerStyle={styles.scroll}
        keyboardShouldPersistTaps="handled"
        refreshControl={query ? <RefreshControl refreshing={pulling} onRefresh={() => void refresh()} tintColor={colors.accent} /> : undefined}
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

function Banner({ text }: { text: string }) {
  return (
    <View style={styles.banner} accessibilityRole="alert" accessibilityLiveRegion="polite">
      <Text variant="caption" color={colors.warning}>
        {text}
      </Text>
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
  banner: { backgroundColor: colors.warningSoft, paddingHorizontal: spacing.lg, paddingVertical: spacing.sm },
});
