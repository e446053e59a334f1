// Photo Analysis: per-photo score with reasons and fixes, and the recommended order per
// platform. Its API route (/v1/dating/analyses) is not in the API yet: until then this screen
// says so plainly, with a way back to what does work.
import { useRouter } from "expo-router";
import { photoAnalysisAvailable } from "../../api/availability";
import { Button, EmptyState, Notice, Screen, spacing } from "../../ui";
import { View } from "react-native";

export function AnalysisScreen() {
  const router = useRouter();
  return (
    <Screen title="Photo analysis" subtitle="Scores, reasons and fixes for each photo, and the best order for Tinder, Bumble and Hinge.">
      {photoAnalysisAvailable ? null : (
        <>
          <EmptyState
            title="Coming soon"
            message="Photo scoring is being finished on our side. Meanwhile, write a bio that fits each app, or track how your profile performs."
          />
          <Notice>What you'll get: a 0-100 score per photo with what works and what to fix (light, focus, framing, sunglasses, group shots), and a recommended photo order per app.</Notice>
          <View style={{ gap: spacing.sm }}>
            <Button title="Write a bio" onPress={() => router.push("/bios")} />
            <Button title="Track results" kind="secondary" onPress={() => router.push("/dashboard")} />
          </View>
        </>
      )}
    </Screen>
  );
}
