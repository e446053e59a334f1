import { Tabs } from "expo-router";
import { useAuth } from "../../auth/AuthProvider";
import { AgeGate } from "../../features/dating/AgeGate";
import { tabOptions } from "../../features/navigation";

export const unstable_settings = { initialRouteName: "photos" };

export default function DatingTabs() {
  const { user } = useAuth();
  // 18+ only: every dating route needs a date of birth first.
  if (user && !user.dateOfBirth) return <AgeGate />;
  return (
    <Tabs screenOptions={tabOptions}>
      <Tabs.Screen name="photos" options={{ title: "Photos" }} />
      <Tabs.Screen name="bios" options={{ title: "Bios" }} />
      <Tabs.Screen name="dashboard" options={{ title: "Results" }} />
      <Tabs.Screen name="profile" options={{ title: "Profile" }} />
      <Tabs.Screen name="analysis" options={{ href: null, title: "Photo analysis" }} />
      <Tabs.Screen name="credits" options={{ href: null, title: "Credits" }} />
    </Tabs>
  );
}
