// The four states every screen can be in besides "here is your data".
import { ActivityIndicator, StyleSheet, View } from "react-native";
import { Button } from "./Button";
import { Text } from "./Text";
import { colors, spacing } from "./theme";

export function LoadingState({ label = "Loading" }: { label?: string }) {
  return (
    <View style={styles.center} accessible accessibilityRole="progressbar" accessibilityLabel={label} aria-busy>
      <ActivityIndicator size="large" color={colors.accent} />
      <Text muted style={styles.gap}>
        {label}…
      </Text>
    </View>
  );
}

export function ErrorState({ message, onRetry }: { message: string; onRetry?: () => void }) {
  return (
    <View style={styles.center} accessibilityLiveRegion="polite">
      <Text variant="heading" style={styles.text}>
        Something went wrong
      </Text>
      <Text muted style={[styles.text, styles.gap]}>
        {message}
      </Text>
      {onRetry ? <Button title="Try again" kind="secondary" onPress={onRetry} /> : null}
    </View>
  );
}

export function OfflineState({ onRetry }: { onRetry?: () => void }) {
  return (
    <View style={styles.center} accessibilityLiveRegion="polite">
      <Text variant="heading" style={styles.text}>
        You're offline
      </Text>
      <Text muted style={[styles.text, styles.gap]}>
        Connect to the internet and try again. Nothing you entered is lost.
      </Text>
      {onRetry ? <Button title="Try again" kind="secondary" onPress={onRetry} /> : null}
    </View>
  );
}

export interface EmptyProps {
  title: string;
  message?: string;
  actionTitle?: string;
  onAction?: () => void;
}

export function EmptyState({ title, message, actionTitle, onAction }: EmptyProps) {
  return (
    <View style={styles.center}>
      <Text variant="heading" style={styles.text}>
        {title}
      </Text>
      {message ? (
        <Text muted style={[styles.text, styles.gap]}>
          {message}
        </Text>
      ) : null}
      {actionTitle && onAction ? <Button title={actionTitle} onPress={onAction} /> : null}
    </View>
  );
}

const styles = StyleSheet.create({
  center: { alignItems: "center", justifyContent: "center", paddingVertical: spacing.xxl, paddingHorizontal: spacing.lg },
  text: { textAlign: "center" },
  gap: { marginTop: spacing.sm, marginBottom: spacing.lg },
});
