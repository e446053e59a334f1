// Photo pick and analysis: take or choose photos (resized on the phone to ≤ 2048 px), upload
// them with progress, and send the set for scoring. Uploaded photos stay listed (30 days) so a
// new set can mix old and new ones.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "expo-router";
import { useState } from "react";
import { Image, Pressable, StyleSheet, View } from "react-native";
import { track } from "../../analytics";
import { api, unwrap } from "../../api/client";
import { ApiError, describeError } from "../../api/errors";
import { balanceQuery, datingPhotosQuery } from "../../api/queries";
import { queryKeys } from "../../api/queryKeys";
import type { AnalysisRun, Photo } from "../../api/types";
import { uploadPhoto } from "../../api/upload";
import { useAuth } from "../../auth/AuthProvider";
import { defectLabels } from "../../ui/labels";
import { PermissionDenied, pickPhotos, type PickedPhoto } from "../photos";
import { Button, Notice, ProgressBar, Screen, Text, balanceSentence, colors, plural, radius, spacing, withCost } from "../../ui";

const MAX_PHOTOS = 9;
/** One credit per analysed set, whatever its size (worker/routes/dating-analyses.ts). */
const ANALYSIS_COST = 1;
const ANALYSIS_POLL_MS = 1500;

/** Waits for an analysis that is still processing (the API usually answers completed at once). */
async function untilFinished(run: AnalysisRun): Promise<AnalysisRun> {
  let current = run;
  for (let i = 0; current.status === "processing" && i < 40; i++) {
    await new Promise((r) => setTimeout(r, ANALYSIS_POLL_MS));
    current = await unwrap(api.GET("/v1/dating/analyses/{id}", { params: { path: { id: run.id } } }));
  }
  return current;
}

const UPLOAD_CONCURRENCY = 3;

/** Runs `fn` over `items`, at most `limit` at once; results in input order, like allSettled. */
async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<PromiseSettledResult<R>[]> {
  const results: PromiseSettledResult<R>[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      try {
        results[i] = { status: "fulfilled", value: await fn(items[i]!) };
      } catch (reason) {
        results[i] = { status: "rejected", reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export function PhotosScreen() {
  const router = useRouter();
  const { user, reloadUser } = useAuth();
  const queryClient = useQueryClient();
  const uploaded = useQuery(datingPhotosQuery);
  /** Shows what the API just answered at once, then reloads the list the analysis screen reads too. */
  const photosChanged = (update: (items: Photo[]) => Photo[]) => {
    queryClient.setQueryData(datingPhotosQuery.queryKey, (items) => update(items ?? []));
    void queryClient.invalidateQueries({ queryKey: queryKeys.photos.all });
  };
  const [pending, setPending] = useState<PickedPhoto[]>([]);
  const [progress, setProgress] = useState<Record<string, number>>({});
  const [busy, setBusy] = useState<"picking" | "uploading" | "analysing" | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Why a picked file was refused (the API's words), by its uri: shown on its tile, left out of the set.
  const [refused, setRefused] = useState<Record<string, string>>({});

  const stored = uploaded.data ?? [];
  const usable = pending.filter((p) => !refused[p.uri]);
  const chosen = [...stored.slice(0, Math.max(0, MAX_PHOTOS - usable.length))];
  const total = usable.length + chosen.length;

  // The API turned the file down (4xx): say why on its tile. Anything else (offline, 5xx) is worth a retry.
  const refuse = (photo: PickedPhoto, err: unknown) => {
    if (err instanceof ApiError && err.status >= 400 && err.status < 500) setRefused((r) => ({ ...r, [photo.uri]: describeError(err) }));
    else setError(describeError(err));
  };
  const discard = (photo: PickedPhoto) => {
    setPending((prev) => prev.filter((x) => x.uri !== photo.uri));
    setRefused(({ [photo.uri]: _, ...rest }) => rest);
  };

  /** A file this device cannot read goes to the API at once: it says what is wrong with it. */
  const checkUnreadable = async (photo: PickedPhoto) => {
    try {
      const stored = await uploadPhoto({ fileUri: photo.uri, purpose: "dating" });
      setPending((prev) => prev.filter((x) => x.uri !== photo.uri));
      photosChanged((items) => [stored, ...items]);
    } catch (err) {
      refuse(photo, err);
    }
  };

  const add = async (source: "camera" | "library") => {
    setBusy("picking");
    setError(null);
    try {
      const picked = await pickPhotos(source, { multiple: source === "library" });
      if (picked.length) {
        setPending((prev) => [...prev, ...picked].slice(0, MAX_PHOTOS));
        track({ type: "photo_uploaded", properties: { photoCount: Math.min(picked.length, MAX_PHOTOS), source } });
        await Promise.all(picked.filter((p) => p.unreadable).map(checkUnreadable));
      }
    } catch (err) {
      setError(err instanceof PermissionDenied ? err.message : describeError(err));
    } finally {
      setBusy(null);
    }
  };

  const remove = async (photo: Photo) => {
    setError(null);
    try {
      await unwrap(api.DELETE("/v1/photos/{id}", { params: { path: { id: photo.id } } }));
      photosChanged((items) => items.filter((p) => p.id !== photo.id));
    } catch (err) {
      setError(describeError(err));
    }
  };

  const analyse = async () => {
    setError(null);
    try {
      setBusy("uploading");
      // A few at a time: the radio is the limit, and each upload is its own request to the API.
      const results = await mapLimit(usable, UPLOAD_CONCURRENCY, (p) =>
        uploadPhoto({ fileUri: p.uri, purpose: "dating", onProgress: (f) => setProgress((x) => ({ ...x, [p.uri]: f })) }),
      );
      const fresh = results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
      // What was uploaded is kept; what the API refused stays on its tile with the reason.
      const done = new Set(usable.filter((_, i) => results[i]?.status === "fulfilled").map((p) => p.uri));
      setPending((prev) => prev.filter((p) => !done.has(p.uri)));
      usable.forEach((p, i) => {
        const r = results[i];
        if (r?.status === "rejected") refuse(p, r.reason);
      });
      setProgress({});
      photosChanged((items) => [...fresh, ...items]);
      if (results.some((r) => r.status === "rejected")) return;
      setBusy("analysing");
      const photoIds = [...fresh, ...chosen].slice(0, MAX_PHOTOS).map((p) => p.id);
      const key = `analysis-${photoIds.join("").slice(0, 40)}-${Date.now().toString(36)}`;
      const run = await untilFinished(await unwrap(api.POST("/v1/dating/analyses", { body: { photoIds }, params: { header: { "idempotency-key": key } } })));
      queryClient.setQueryData(queryKeys.analyses.one(run.id), run);
      void queryClient.invalidateQueries({ queryKey: queryKeys.analyses.latest });
      void queryClient.invalidateQueries({ queryKey: balanceQuery.queryKey });
      void reloadUser();
      router.push({ pathname: "/analysis", params: { id: run.id } });
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Screen
      title="Your photos"
      subtitle="Add 3 to 9 photos. Each gets an honest score, what works, what to fix, and the best order for each app."
      header={
        <>
          <View style={styles.actions}>
            <View style={styles.flex}>
              <Button title="Take a photo" onPress={() => void add("camera")} disabled={busy !== null || pending.length >= MAX_PHOTOS} />
            </View>
            <View style={styles.flex}>
              <Button title="Choose from library" kind="secondary" onPress={() => void add("library")} loading={busy === "picking"} disabled={busy !== null} />
            </View>
          </View>
          {/* Here, not in the list: it must show while the list is still empty too. */}
          {error ? <Notice tone="error">{error}</Notice> : null}
        </>
      }
      query={uploaded}
      skeleton="grid"
      isEmpty={(items) => items.length === 0 && pending.length === 0}
      empty={{
        title: "No photos yet",
        message:
          "Take a photo or choose some from your library, starting with a clear, well-lit photo of your face. Photos are resized on your phone and deleted from our servers after 30 days.",
      }}
    >
      {() => (
        <>
          <Text variant="label" style={{ marginBottom: spacing.sm }}>
            {plural(total, "photo")} in this set (up to {MAX_PHOTOS})
          </Text>
          <View style={styles.grid}>
            {pending.map((p, i) => {
              const why = refused[p.uri];
              const name = p.name ?? `New photo ${i + 1}`;
              return (
                <View key={p.uri} style={styles.tile}>
                  {p.unreadable ? (
                    <View style={[styles.image, styles.unreadable]} accessible accessibilityRole="image" accessibilityLabel={`${name}, not a photo we can read`}>
                      <Text variant="caption" muted numberOfLines={3}>
                        {name}
                      </Text>
                    </View>
                  ) : (
                    <Image
                      source={{ uri: p.uri }}
                      style={styles.image}
                      accessibilityLabel={why ? `${name}, can't be used` : `New photo ${i + 1}, not uploaded yet`}
                      accessibilityIgnoresInvertColors
                    />
                  )}
                  {why ? (
                    <Text variant="caption" color={colors.danger} accessibilityLiveRegion="polite">
                      {why}
                    </Text>
                  ) : progress[p.uri] !== undefined ? (
                    <ProgressBar value={progress[p.uri] ?? 0} label={`Uploading photo ${i + 1}`} />
                  ) : p.unreadable ? (
                    <Text variant="caption" muted>
                      Checking…
                    </Text>
                  ) : (
                    <Text variant="caption" muted>
                      Not uploaded yet
                    </Text>
                  )}
                  <Tap
                    title="Remove"
                    label={p.name && (why || p.unreadable) ? `Remove ${p.name}` : `Remove new photo ${i + 1}`}
                    onPress={() => discard(p)}
                    disabled={busy !== null}
                  />
                </View>
              );
            })}
            {chosen.map((p, i) => (
              <View key={p.id} style={styles.tile}>
                <Image source={{ uri: p.thumbnailUrl }} style={styles.image} accessibilityLabel={`Uploaded photo ${i + 1}`} accessibilityIgnoresInvertColors />
                {p.checks.defects.length ? (
                  <Text variant="caption" color={colors.warning}>
                    {p.checks.defects.map((d) => defectLabels[d]).join(", ")}
                  </Text>
                ) : null}
                <Tap title="Delete" label={`Delete uploaded photo ${i + 1}`} onPress={() => void remove(p)} disabled={busy !== null} />
              </View>
            ))}
          </View>
          {busy === "analysing" ? <Notice>Scoring your photos…</Notice> : null}
          {user ? (
            <Text muted style={{ marginBottom: spacing.sm }}>
              {balanceSentence({ credits: user.credits, unlimited: user.subscriptionTier === "unlimited" })}
            </Text>
          ) : null}
          <Button
            title={withCost(`Analyse ${plural(total, "photo")}`, ANALYSIS_COST)}
            onPress={() => void analyse()}
            loading={busy === "uploading" || busy === "analysing"}
            disabled={busy !== null || total === 0}
            hint="Uploads new photos and scores the set."
          />
          <View style={{ marginTop: spacing.md }}>
            <Button title="See latest analysis" kind="ghost" onPress={() => router.push("/analysis")} />
          </View>
        </>
      )}
    </Screen>
  );
}

/** A small text button under a thumbnail; `label` (what a screen reader says) starts with its visible `title`. */
function Tap({ title, label, onPress, disabled }: { title: string; label: string; onPress: () => void; disabled: boolean }) {
  return (
    <Pressable accessibilityRole="button" accessibilityLabel={label} onPress={onPress} style={styles.remove} disabled={disabled}>
      <Text variant="caption" color={colors.danger}>
        {title}
      </Text>
    </Pressable>
  );
}

const styles = StyleSheet.create({
  actions: { flexDirection: "row", flexWrap: "wrap", gap: spacing.sm, marginBottom: spacing.lg },
  flex: { flexGrow: 1, flexBasis: 200 },
  grid: { flexDirection: "row", flexWrap: "wrap", gap: spacing.sm, marginBottom: spacing.lg },
  tile: { width: "31%", minWidth: 96, maxWidth: 220 },
  image: { width: "100%", aspectRatio: 4 / 5, borderRadius: radius.md, backgroundColor: colors.border },
  unreadable: { alignItems: "center", justifyContent: "center", padding: spacing.sm },
  remove: { minHeight: 44, justifyContent: "center", alignItems: "center" },
});
