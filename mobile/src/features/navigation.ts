// Shared tab bar look: text labels (no icon font to load), large enough to tap and to scale.
// Screens show their own large titles, so the navigator's header is off.
import type { ComponentProps } from "react";
import { useRouter, type Href, type Tabs } from "expo-router";
import { colors } from "../ui";

/** Back for screens outside the tab bar: history when there is one, else a sensible parent. */
export function useBack(fallback: Href) {
  const router = useRouter();
  return () => (router.canGoBack() ? router.back() : router.replace(fallback));
}

export const tabOptions: NonNullable<ComponentProps<typeof Tabs>["screenOptions"]> = {
  headerShown: false,
  tabBarActiveTintColor: colors.accent,
  tabBarInactiveTintColor: colors.textMuted,
  tabBarIconStyle: { display: "none" },
  tabBarLabelStyle: { fontSize: 15, fontWeight: "600" },
  tabBarAllowFontScaling: true,
  tabBarStyle: { minHeight: 56 },
  sceneStyle: { backgroundColor: colors.background },
};
