// Shared tab bar look: text labels (no icon font to load), large enough to tap and to scale.
import type { ComponentProps } from "react";
import type { Tabs } from "expo-router";
import { colors } from "../ui";

export const tabOptions: NonNullable<ComponentProps<typeof Tabs>["screenOptions"]> = {
  headerShown: true,
  headerTitleAllowFontScaling: true,
  tabBarActiveTintColor: colors.accent,
  tabBarInactiveTintColor: colors.textMuted,
  tabBarIconStyle: { display: "none" },
  tabBarLabelStyle: { fontSize: 15, fontWeight: "600" },
  tabBarAllowFontScaling: true,
  tabBarStyle: { minHeight: 56 },
  sceneStyle: { backgroundColor: colors.background },
};
