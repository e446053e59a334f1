import { Tabs } from "expo-router";
import { tabOptions } from "../../features/navigation";

export const unstable_settings = { initialRouteName: "create" };

export default function HeadshotTabs() {
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
