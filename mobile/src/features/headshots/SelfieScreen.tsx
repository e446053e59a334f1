// Selfie capture with a framing guide: tips first, the front camera (or the library), then the
// photo shown under an oval guide so you can check your face fills it. The selfie is uploaded
// right away, so the API's usability checks (one face, sharp, well lit) show before you pay.
import { useRouter } from "expo-router";
import { useState } from "react";
import { Image, StyleSheet, View } from "react-native";
import { describeError } from "../../api/errors";
import { uploadPhoto } from "../../api/upload";
import { PermissionDenied, pickPhotos } from "../photos";
import { Button, Card, Notice, ProgressBar, Screen, Text, colors, radius, spacing } from "../../ui";
import { selfieDraft, type SelfieDraft } from "./draft";

const tips = [
  "Face the light, no harsh shadows",
  "Look straight at the camera",
  "Head and shoulders, face filling the oval",
  "No sunglasses, hats or filters",
  "Just you in the photo",
];

export function SelfieScreen() {
  const router = useRouter();
  const [draft, setDraft] = useState<SelfieDraft | null>(selfieDraft.get());
  const [upload, setUpload] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const selfie = draft?.local ?? null;
  // Problems block (the API refuses a generation from this selfie); advice does not.
  const problems = draft?.uploaded?.checks.selfieProblems ?? [];
  const advice = draft?.uploaded?.checks.selfieAdvice ?? [];
  const bullets = (items: { message: string }[]) => (items.length === 1 ? ` ${items[0]!.message}` : `\n${items.map((p) => `• ${p.message}`).join("\n")}`);

  const update = (next: SelfieDraft | null) => {
    setDraft(next);
    selfieDraft.set(next);
  };

  const take = async (source: "camera" | "library") => {
    setBusy(true);
    setError(null);
    try {
      const [local] = await pickPhotos(source, { selfie: true });
      if (!local) return;
      update({ local, uploaded: null });
      setUpload(0);
      update({ local, uploaded: await uploadPhoto({ fileUri: local.uri, purpose: "selfie", onProgress: setUpload }) });
    } catch (err) {
      setError(err instanceof PermissionDenied ? err.message : describeError(err));
    } finally {
      setUpload(null);
      setBusy(false);
    }
  };

  return (
    <Screen title="Your selfie" subtitle="One good selfie is all we need for studio-quality headshots.">
      <View
        style={styles.frame}
        accessible
        accessibilityRole="image"
        accessibilityLabel={
          selfie?.unreadable
            ? `${selfie.name ?? "This file"}, not a photo we can read`
            : selfie
              ? "Your selfie with the framing guide"
              : "Framing guide: keep your face inside the oval"
        }
      >
        {selfie && !selfie.unreadable ? <Image source={{ uri: selfie.uri }} style={StyleSheet.absoluteFill} resizeMode="cover" accessibilityIgnoresInvertColors /> : null}
        <View style={styles.oval} pointerEvents="none" />
        {!selfie || selfie.unreadable ? (
          <Text variant="caption" muted style={styles.hint}>
            {selfie ? (selfie.name ?? "This file") : "Keep your face inside the oval"}
          </Text>
        ) : null}
      </View>
      {upload !== null ? <ProgressBar value={upload} label="Uploading your selfie" /> : null}
      {problems.length ? (
        <Notice tone="error">{`This selfie can't be used for headshots:${bullets(problems)}`}</Notice>
      ) : advice.length ? (
        <Notice tone="warning">{`This selfie may give weaker results:${bullets(advice)}`}</Notice>
      ) : draft?.uploaded ? (
        <Notice tone="success">Looks good: one clear face, ready for headshots.</Notice>
      ) : null}
      {error ? <Notice tone="error">{error}</Notice> : null}
      <View style={styles.actions}>
        <View style={styles.flex}>
          <Button title={selfie ? "Retake selfie" : "Take a selfie"} onPress={() => void take("camera")} loading={busy} kind={selfie ? "secondary" : "primary"} />
        </View>
        <View style={styles.flex}>
          <Button title="Choose a photo" kind="secondary" onPress={() => void take("library")} disabled={busy} />
        </View>
      </View>
      {draft?.uploaded ? (
        <Button
          title="Choose a style"
          onPress={() => router.push("/styles")}
          disabled={problems.length > 0}
          hint={problems.length ? "Take or choose another selfie first: this one can't be used" : "Next: pick how your headshot should look"}
        />
      ) : null}
      <Card style={{ marginTop: spacing.lg }}>
        <Text variant="heading" style={{ marginBottom: spacing.sm }}>
          For the best result
        </Text>
        {tips.map((t) => (
          <Text key={t} style={{ marginBottom: spacing.xs }}>
            • {t}
          </Text>
        ))}
        <Text variant="caption" muted style={{ marginTop: spacing.sm }}>
          Selfies are deleted from our servers after 30 days, or right away when you delete your account.
        </Text>
      </Card>
    </Screen>
  );
}

const styles = StyleSheet.create({
  frame: {
    width: "100%",
    maxWidth: 360,
    aspectRatio: 3 / 4,
    alignSelf: "center",
    borderRadius: radius.lg,
    overflow: "hidden",
    backgroundColor: colors.accentSoft,
    alignItems: "center",
    justifyContent: "center",
    marginBottom: spacing.lg,
  },
  oval: { width: "62%", aspectRatio: 3 / 4, borderRadius: 999, borderWidth: 3, borderColor: colors.surface, borderStyle: "dashed" },
  hint: { position: "absolute", bottom: spacing.md },
  actions: { flexDirection: "row", flexWrap: "wrap", gap: spacing.sm, marginBottom: spacing.md },
  flex: { flexGrow: 1, flexBasis: 200 },
});
