// Selfie capture with a framing guide: tips first, the front camera (or the library), then the
// photo shown under an oval guide so you can check your face fills it before going on.
import { useRouter } from "expo-router";
import { useState } from "react";
import { Image, StyleSheet, View } from "react-native";
import { describeError } from "../../api/errors";
import { PermissionDenied, pickPhotos, type PickedPhoto } from "../photos";
import { Button, Card, Notice, Screen, Text, colors, radius, spacing } from "../../ui";
import { selfieDraft } from "./draft";

const tips = ["Face the light, no harsh shadows", "Look straight at the camera", "Head and shoulders, face filling the oval", "No sunglasses, hats or filters", "Just you in the photo"];

export function SelfieScreen() {
  const router = useRouter();
  const [selfie, setSelfie] = useState<PickedPhoto | null>(selfieDraft.get());
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const take = async (source: "camera" | "library") => {
    setBusy(true);
    setError(null);
    try {
      const [photo] = await pickPhotos(source, { selfie: true });
      if (photo) {
        setSelfie(photo);
        selfieDraft.set(photo);
      }
    } catch (err) {
      setError(err instanceof PermissionDenied ? err.message : describeError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Screen title="Your selfie" subtitle="One good selfie is all we need for studio-quality headshots.">
      <View style={styles.frame} accessible accessibilityLabel={selfie ? "Your selfie with the framing guide" : "Framing guide: keep your face inside the oval"}>
        {selfie ? <Image source={{ uri: selfie.uri }} style={StyleSheet.absoluteFill} resizeMode="cover" accessibilityIgnoresInvertColors /> : null}
        <View style={styles.oval} pointerEvents="none" />
        {!selfie ? (
          <Text variant="caption" muted style={styles.hint}>
            Keep your face inside the oval
          </Text>
        ) : null}
      </View>
      {error ? <Notice tone="error">{error}</Notice> : null}
      <View style={styles.actions}>
        <View style={styles.flex}>
          <Button title={selfie ? "Retake selfie" : "Take a selfie"} onPress={() => void take("camera")} loading={busy} kind={selfie ? "secondary" : "primary"} />
        </View>
        <View style={styles.flex}>
          <Button title="Choose a photo" kind="secondary" onPress={() => void take("library")} disabled={busy} />
        </View>
      </View>
      {selfie ? <Button title="Choose a style" onPress={() => router.push("/styles")} hint="Next: pick how your headshot should look" /> : null}
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
