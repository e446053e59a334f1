// Photo pick: camera or library, resized on the device, then uploaded with progress and sent
// for analysis. Upload and analysis switch on when their API routes exist (api/availability.ts).
import { useRouter } from "expo-router";
import { useState } from "react";
import { Image, Pressable, StyleSheet, View } from "react-native";
import { track } from "../../analytics";
import { photoAnalysisAvailable, photoUploadAvailable } from "../../api/availability";
import { describeError } from "../../api/errors";
import { uploadPhoto } from "../../api/upload";
import { PermissionDenied, pickPhotos, type PickedPhoto } from "../photos";
import { Button, EmptyState, Notice, ProgressBar, Screen, Text, colors, radius, spacing } from "../../ui";

const MAX_PHOTOS = 9;

export function PhotosScreen() {
  const router = useRouter();
  const [photos, setPhotos] = useState<PickedPhoto[]>([]);
  const [progress, setProgress] = useState<Record<string, number>>({});
  const [busy, setBusy] = useState<"picking" | "uploading" | null>(null);
  const [error, setError] = useState<string | null>(null);

  const add = async (source: "camera" | "library") => {
    setBusy("picking");
    setError(null);
    try {
      const picked = await pickPhotos(source, { multiple: source === "library" });
      if (picked.length) {
        setPhotos((prev) => [...prev, ...picked].slice(0, MAX_PHOTOS));
        track({ type: "photo_uploaded", properties: { photoCount: Math.min(picked.length, MAX_PHOTOS), source } });
      }
    } catch (err) {
      setError(err instanceof PermissionDenied ? err.message : describeError(err));
    } finally {
      setBusy(null);
    }
  };

  const upload = async () => {
    setBusy("uploading");
    setError(null);
    try {
      for (const photo of photos) {
        await uploadPhoto({ path: "/v1/photos", fileUri: photo.uri, onProgress: (f) => setProgress((p) => ({ ...p, [photo.uri]: f })) });
      }
      router.push("/analysis");
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
        <View style={styles.actions}>
          <View style={styles.flex}>
            <Button title="Take a photo" onPress={() => void add("camera")} disabled={busy !== null || photos.length >= MAX_PHOTOS} />
          </View>
          <View style={styles.flex}>
            <Button title="Choose from library" kind="secondary" onPress={() => void add("library")} loading={busy === "picking"} disabled={busy !== null || photos.length >= MAX_PHOTOS} />
          </View>
        </View>
      }
    >
      {!photoUploadAvailable ? (
        <Notice>Coming soon: uploading and scoring photos arrives in the next update. You can already pick and prepare them here.</Notice>
      ) : null}
      {error ? <Notice tone="error">{error}</Notice> : null}
      {photos.length === 0 ? (
        <EmptyState title="No photos yet" message="Start with a clear, well-lit photo of your face. Photos are resized on your phone and deleted from our servers after 30 days." />
      ) : (
        <>
          <Text variant="label" style={{ marginBottom: spacing.sm }}>
            {photos.length} of {MAX_PHOTOS} photos
          </Text>
          <View style={styles.grid}>
            {photos.map((p, i) => (
              <View key={p.uri} style={styles.tile}>
                <Image source={{ uri: p.uri }} style={styles.image} accessibilityLabel={`Photo ${i + 1} of ${photos.length}`} accessibilityIgnoresInvertColors />
                {progress[p.uri] !== undefined ? <ProgressBar value={progress[p.uri] ?? 0} label={`Uploading photo ${i + 1}`} /> : null}
                <Pressable
                  accessibilityRole="button"
                  accessibilityLabel={`Remove photo ${i + 1}`}
                  onPress={() => setPhotos((prev) => prev.filter((x) => x.uri !== p.uri))}
                  style={styles.remove}
                  disabled={busy !== null}
                >
                  <Text variant="caption" color={colors.danger}>
                    Remove
                  </Text>
                </Pressable>
              </View>
            ))}
          </View>
          <Button
            title={`Analyse ${photos.length} photo${photos.length === 1 ? "" : "s"}`}
            onPress={() => void upload()}
            loading={busy === "uploading"}
            disabled={!photoUploadAvailable || !photoAnalysisAvailable || busy !== null}
            hint="Uploads the photos and scores each one. Costs 1 credit."
          />
        </>
      )}
      <View style={{ marginTop: spacing.lg }}>
        <Button title="See photo analysis" kind="ghost" onPress={() => router.push("/analysis")} />
      </View>
    </Screen>
  );
}

const styles = StyleSheet.create({
  actions: { flexDirection: "row", flexWrap: "wrap", gap: spacing.sm, marginBottom: spacing.lg },
  flex: { flexGrow: 1, flexBasis: 200 },
  grid: { flexDirection: "row", flexWrap: "wrap", gap: spacing.sm, marginBottom: spacing.lg },
  tile: { width: "31%", minWidth: 96, maxWidth: 220 },
  image: { width: "100%", aspectRatio: 4 / 5, borderRadius: radius.md, backgroundColor: colors.border },
  remove: { minHeight: 44, justifyContent: "center", alignItems: "center" },
});
