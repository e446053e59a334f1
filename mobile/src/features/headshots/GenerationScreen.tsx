// Generation Progress: queued → processing (with progress) → your headshots, live.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useLocalSearchParams, useRouter } from "expo-router";
import { useEffect } from "react";
import { Image, StyleSheet, View } from "react-native";
import { describeError, isOfflineError } from "../../api/errors";
import { balanceQuery } from "../../api/queries";
import { queryKeys } from "../../api/queryKeys";
import type { GenerationStatus } from "../../api/types";
import { Button, ErrorState, LoadingState, Notice, OfflineState, ProgressBar, Screen, Text, colors, radius, spacing } from "../../ui";
import { isFinal, useGenerationProgress } from "./useGenerationProgress";
import { useBack } from "../navigation";

const statusText: Record<GenerationStatus, string> = {
  pending: "Getting ready…",
  queued: "In the queue. We'll start in a moment.",
  processing: "Creating your headshots…",
  succeeded: "Your headshots are ready",
  failed: "This generation failed",
  canceled: "Canceled",
};

export function GenerationScreen() {
  const { id } = useLocalSearchParams<{ id: string }>();
  const router = useRouter();
  const back = useBack("/gallery");
  const { generation, error, transport, reload, cancel } = useGenerationProgress(String(id));
  const queryClient = useQueryClient();
  // Cancelling refunds the credits and changes the gallery's entry.
  const cancelling = useMutation({
    mutationFn: cancel,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.generations.all });
      void queryClient.invalidateQueries({ queryKey: balanceQuery.queryKey });
    },
  });
  // Finished (done, failed or cancelled): the gallery's copy of it is out of date.
  const finished = generation ? isFinal(generation.status) : false;
  useEffect(() => {
    if (finished) void queryClient.invalidateQueries({ queryKey: queryKeys.generations.all });
  }, [finished, queryClient]);

  if (!generation) {
    return (
      <Screen title="Your headshots" onBack={back}>
        {error ? isOfflineError(error) ? <OfflineState onRetry={() => void reload()} /> : <ErrorState message={describeError(error)} onRetry={() => void reload()} /> : <LoadingState />}
      </Screen>
    );
  }
  const done = isFinal(generation.status);
  const progress = generation.status === "processing" ? (generation.progress ?? 0) / 100 : generation.status === "succeeded" ? 1 : null;
  return (
    <Screen title="Your headshots" onBack={back}>
      <View accessibilityLiveRegion="polite">
        <Text variant="heading">{statusText[generation.status]}</Text>
        {!done ? <ProgressBar value={progress} label="Headshot generation progress" /> : null}
        {!done ? (
          <Text variant="caption" muted>
            {transport === "live" ? "Live updates on." : transport === "polling" ? "Checking for updates every few seconds." : "Connecting…"} You can leave this screen; we'll keep working.
          </Text>
        ) : null}
      </View>
      {generation.renderer === "local-preview" ? <Notice>Preview renderer: this server has no AI model configured, so these are offline previews of the style.</Notice> : null}
      {generation.status === "failed" || generation.status === "canceled" ? <Notice tone={generation.status === "failed" ? "error" : "info"}>{generation.message ?? "Your credits were refunded."}</Notice> : null}
      {error && !isOfflineError(error) ? <Notice tone="warning">{describeError(error)}</Notice> : null}
      {generation.status === "succeeded" ? (
        <View style={styles.grid}>
          {generation.images.map((img, i) => (
            <Image key={img.url} source={{ uri: img.thumbnailUrl }} style={styles.image} accessibilityLabel={`Headshot ${i + 1} of ${generation.images.length}`} accessibilityIgnoresInvertColors />
          ))}
        </View>
      ) : null}
      {cancelling.error ? <Notice tone="error">{describeError(cancelling.error)}</Notice> : null}
      <View style={{ gap: spacing.sm, marginTop: spacing.lg }}>
        {done ? <Button title="Open gallery" onPress={() => router.push("/gallery")} /> : <Button title="Cancel and refund" kind="secondary" onPress={() => cancelling.mutate()} loading={cancelling.isPending} />}
        {done ? <Button title="Create another" kind="secondary" onPress={() => router.push("/create")} /> : null}
      </View>
    </Screen>
  );
}

const styles = StyleSheet.create({
  grid: { flexDirection: "row", flexWrap: "wrap", gap: spacing.sm, marginTop: spacing.lg },
  image: { width: "48%", maxWidth: 320, aspectRatio: 1, borderRadius: radius.md, backgroundColor: colors.border },
});
