import { Tabs, useRouter } from "expo-router";
import { useEffect } from "react";
import { tabOptions } from "../../features/navigation";
import { onNotificationTap } from "../../notifications/push";

export const unstable_settings = { initialRouteName: "create" };

export default function HeadshotTabs() {
  const router = useRouter();
  // "Your headshots are ready": a tap opens that generation.
  useEffect(
    () =>
      onNotificationTap((data) => {
        if (typeof data.generationId === "string") router.push(`/generation/${data.generationId}`);
      }),
    [router],
  );
  return (
    <Tabs screenOptions={tabOptions}>
      <Tabs.Screen name="create" options={{ title: "Create" }} />
      <Tabs.Screen name="gallery" options={{ title: "Gallery" }} />
      <Tabs.Screen name="plans" options={{ title: "Credits" }} />
      <Tabs.Screen name="settings" options={{ title: "Account" }} />
      <Tabs.Screen name="styles" options={{ href: null, title: "Choose a style" }} />
      <Tabs.Screen name="generation/[id]" options={{ href: null, title: "Your headshots" }} />
    </Tabs>
  );
}
