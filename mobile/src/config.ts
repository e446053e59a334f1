// Build-time settings: which product this binary is (app.config.ts `extra.variant`) and where
// the API lives (EXPO_PUBLIC_API_URL is inlined by the bundler at build/export time).
// EXPO_PUBLIC_* values must be read as `process.env.EXPO_PUBLIC_NAME` (written out in full) for
// the bundler to inline them; they are read when asked for, so tests can set them per test.
import Constants from "expo-constants";
import { Platform } from "react-native";

export type Variant = "dating" | "headshots";

export const variant: Variant = Constants.expoConfig?.extra?.variant === "headshots" ? "headshots" : "dating";

/** On the web the page may name the API at run time: the local static server (scripts/lib/web-demo.ts,
 * used by `npm run dev` and `npm run test:e2e`) injects `globalThis.__FIRSTLOOK_API_URL__` into
 * index.html, so one export works against an API on any port. Native builds never have it. */
export function runtimeApiUrl(scope: object = globalThis): string | undefined {
  const value = (scope as { __FIRSTLOOK_API_URL__?: unknown }).__FIRSTLOOK_API_URL__;
  return typeof value === "string" && /^https?:\/\//.test(value) ? value : undefined;
}

export const apiBaseUrl = (runtimeApiUrl() ?? process.env.EXPO_PUBLIC_API_URL ?? "http://127.0.0.1:8787").replace(/\/+$/, "");

export const appVersion = Constants.expoConfig?.version ?? "0.0.0";

export const productLine = variant;

const present = (value: string | undefined) => (value?.trim() ? value.trim() : undefined);

/** Google OAuth client ids per platform (Google Cloud console: one Web, one iOS, one Android client). */
export function googleClientIds() {
  return {
    web: present(process.env.EXPO_PUBLIC_GOOGLE_WEB_CLIENT_ID),
    ios: present(process.env.EXPO_PUBLIC_GOOGLE_IOS_CLIENT_ID),
    android: present(process.env.EXPO_PUBLIC_GOOGLE_ANDROID_CLIENT_ID),
  };
}

/** The Google client id for the platform this runs on; none means no Google button. */
export function googleClientIdForPlatform(): string | undefined {
  const ids = googleClientIds();
  return Platform.OS === "ios" ? ids.ios : Platform.OS === "android" ? ids.android : ids.web;
}

/** RevenueCat public SDK key for this platform's store; none means purchases go through the web checkout. */
export function revenueCatKey(): string | undefined {
  if (Platform.OS === "ios") return present(process.env.EXPO_PUBLIC_REVENUECAT_IOS_KEY);
  if (Platform.OS === "android") return present(process.env.EXPO_PUBLIC_REVENUECAT_ANDROID_KEY);
  return undefined;
}

/** The EAS project id Expo push tokens are issued for (`eas init` writes extra.eas.projectId). */
export function easProjectId(): string | undefined {
  const fromConfig = (Constants.expoConfig?.extra as { eas?: { projectId?: string } } | undefined)?.eas?.projectId;
  return present(fromConfig) ?? present(Constants.easConfig?.projectId) ?? present(process.env.EXPO_PUBLIC_EAS_PROJECT_ID);
}
