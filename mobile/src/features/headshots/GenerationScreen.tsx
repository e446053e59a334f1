// Generation Progress: queued → processing (with progress) → your headshots, live; when done,
// the selfie next to a headshot (tap another to compare it), ready to save or share.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useLocalSearchParams, useRouter } from "expo-router";
import { useEffect, useState } from "react";
import { Image, Pressable, StyleSheet, View } from "react-native";
import { track } from "../../analytics";
import { describeError, isOfflineError } from "../../api/errors";
import { balanceQuery } from "../../api/queries";
import { queryKeys } from "../../api/queryKeys";
import type { GenerationStatus, HeadshotImage } from "../../api/types";
import { Button, ErrorState, LoadingState, Notice, OfflineState, ProgressBar, Screen, Text, colors, radius, spacing } from "../../ui";
import { isFinal, useGenerationProgress } from "./useGenerationProgress";
import { useBack } from "../navigation";
import { BeforeAfter } from "./BeforeAfter";
import { saveHeadshot, shareHeadshot } from "./saveImage";

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
  const [compared, setCompared] = useState(0);
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
        {error ? (
          isOfflineError(error) ? (
            <OfflineState onRetry={() => void reload()} />
          ) : (
            <ErrorState message={describeError(error)} onRetry={() => void reload()} />
          )
        ) : (
          <LoadingState />
        )}
      </Screen>
    );
  }
  const done = isFinal(generation.status);
  // The headshot next to the selfie (the first until another is tapped).
  const shown = Math.max(0, Math.min(compared, generation.images.length - 1));
  const progress = generation.status === "processing" ? (generation.progress ?? 0) / 100 : generation.status === "succeeded" ? 1 : null;
  return (
    <Screen title="Your headshots" onBack={back}>
      <View accessibilityLiveRegion="polite">
        <Text variant="heading">{statusText[generation.status]}</Text>
        {!done ? <ProgressBar value={progress} label="Headshot generation progress" /> : null}
        {!done ? (
          <Text variant="caption" muted>
            {transport === "live" ? "Live updates on." : transport === "polling" ? "Checking for updates every few seconds." : "Connecting…"} You can leave this screen; we'll keep
            working.
          </Text>
        ) : null}
      </View>
      {generation.renderer === "local-preview" ? <Notice>Preview renderer: this server has no AI model configured, so these are offline previews of the style.</Notice> : null}
      {generation.status === "failed" || generation.status === "canceled" ? (
        <Notice tone={generation.status === "failed" ? "error" : "info"}>{generation.message ?? "Your credits were refunded."}</Notice>
      ) : null}
      {error && !isOfflineError(error) ? <Notice tone="warning">{describeError(error)}</Notice> : null}
      {generation.status === "succeeded" && generation.images.length ? (
        <>
          <BeforeAfter selfie={generation.selfie} headshot={generation.images[shown]!} index={shown} count={generation.images.length} />
          <KeepActions generationId={generation.id} image={generation.images[shown]!} index={shown} />
          <View style={styles.grid}>
            {generation.images.map((img, i) => (
              <Pressable
                key={img.url}
                onPress={() => setCompared(i)}
                accessibilityRole="button"
                accessibilityLabel={`Compare headshot ${i + 1} with your selfie`}
                accessibilityState={{ selected: i === shown }}
                style={[styles.thumb, i === shown && styles.thumbOn]}
              >
                <Image
                  source={{ uri: img.thumbnailUrl }}
                  style={styles.image}
                  accessibilityLabel={`Headshot ${i + 1} of ${generation.images.length}`}
                  accessibilityIgnoresInvertColors
                />
              </Pressable>
            ))}
          </View>
        </>
      ) : null}
      {cancelling.error ? <Notice tone="error">{describeError(cancelling.error)}</Notice> : null}
      <View style={{ gap: spacing.sm, marginTop: spacing.lg }}>
        {done ? (
          <Button title="Open gallery" onPress={() => router.push("/gallery")} />
        ) : (
          <Button title="Cancel and refund" kind="secondary" onPress={() => cancelling.mutate()} loading={cancelling.isPending} />
        )}
        {done ? <Button title="Create another" kind="secondary" onPress={() => router.push("/create")} /> : null}
      </View>
    </Screen>
  );
}

/** Save or share the headshot being compared (the gallery offers the same for every one). */
function KeepActions({ generationId, image, index }: { generationId: string; image: HeadshotImage; index: number }) {
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const name = `headshot-${generationId.slice(0, 8)}-${index + 1}.jpg`;
  const act = async (what: "save" | "share") => {
    setBusy(true);
    setStatus(null);
    try {
      setStatus(what === "save" ? await saveHeadshot(image.url, name) : await shareHeadshot(image.url, name));
      if (what === "save") track({ type: "headshot_downloaded", properties: { generationId, format: "jpeg" } });
    } catch (err) {
      setStatus(describeError(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <View style={{ marginTop: spacing.sm, gap: spacing.xs }}>
      <View style={styles.actions}>
        <Button title="Save" compact onPress={() => void act("save")} loading={busy} accessibilityLabel={`Save headshot ${index + 1}`} />
        <Button title="Share" compact kind="secondary" onPress={() => void act("share")} disabled={busy} accessibilityLabel={`Share headshot ${index + 1}`} />
      </View>
      {status ? (
        <Text variant="caption" muted accessibilityLiveRegion="polite">
          {status}
        </Text>
      ) : null}
    </View>
  );
}

const styles = StyleSheet.create({
  grid: { flexDirection: "row", flexWrap: "wrap", gap: spacing.sm, marginTop: spacing.lg },
  thumb: { width: "31%", maxWidth: 200, borderRadius: radius.md, borderWidth: 2, borderColor: "transparent" },
  thumbOn: { borderColor: colors.accent },
  image: { width: "100%", aspectRatio: 1, borderRadius: radius.md, backgroundColor: colors.border },
  actions: { flexDirection: "row", flexWrap: "wrap", gap: spacing.sm },
});
