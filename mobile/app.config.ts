// One Expo project, two apps. APP_VARIANT picks the product at build time: its name, store ids,
// icon, splash, colours and which route group (src/app/(dating) or src/app/(headshots)) is shown.
import type { ConfigContext, ExpoConfig } from "expo/config";

type Variant = "dating" | "headshots";

const variants: Record<Variant, { name: string; slug: string; id: string; scheme: string; color: string; tint: string }> = {
  dating: { name: "Firstlook Dating", slug: "firstlook-dating", id: "app.firstlook.dating", scheme: "firstlook-dating", color: "#E0245E", tint: "#FFF1F4" },
  headshots: { name: "Firstlook Headshots", slug: "firstlook-headshots", id: "app.firstlook.headshots", scheme: "firstlook-headshots", color: "#1F5EFF", tint: "#EEF3FF" },
};

function variantFromEnv(): Variant {
  const raw = process.env.APP_VARIANT ?? "dating";
  if (raw !== "dating" && raw !== "headshots") throw new Error(`APP_VARIANT must be "dating" or "headshots", not "${raw}"`);
  return raw;
}

/** Each app is its own EAS project (push tokens are issued per project): EAS_PROJECT_ID_DATING /
 * EAS_PROJECT_ID_HEADSHOTS, or EAS_PROJECT_ID for the one being built. */
function easProjectId(variant: Variant): string | undefined {
  return process.env[`EAS_PROJECT_ID_${variant.toUpperCase()}`] || process.env.EAS_PROJECT_ID || undefined;
}

export default ({ config }: ConfigContext): ExpoConfig => {
  const variant = variantFromEnv();
  const v = variants[variant];
  const projectId = easProjectId(variant);
  return {
    ...config,
    name: v.name,
    slug: v.slug,
    // The app's own scheme first (links), then the bundle id: Google sign-in on iOS / Android
    // returns to `<bundle id>:/oauthredirect`.
    scheme: [v.scheme, v.id],
    version: "0.1.0",
    orientation: "portrait",
    icon: `./assets/${variant}-icon.png`,
    // The apps follow the system light / dark setting (src/ui/theme.ts).
    userInterfaceStyle: "automatic",
    ios: {
      bundleIdentifier: v.id,
      supportsTablet: true,
      infoPlist: {
        NSCameraUsageDescription: variant === "dating" ? "Take dating photos to get them scored." : "Take a selfie to turn into professional headshots.",
        NSPhotoLibraryUsageDescription: "Choose photos from your library.",
        NSPhotoLibraryAddUsageDescription: "Save your headshots to your photo library.",
        NSFaceIDUsageDescription: "Unlock your account with Face ID.",
      },
    },
    android: {
      package: v.id,
      adaptiveIcon: { backgroundColor: v.color, foregroundImage: `./assets/${variant}-adaptive.png` },
      predictiveBackGestureEnabled: false,
    },
    web: { favicon: `./assets/${variant}-favicon.png`, output: "single", bundler: "metro" },
    plugins: [
      "expo-router",
      "expo-secure-store",
      ["expo-splash-screen", { image: `./assets/${variant}-splash.png`, imageWidth: 160, backgroundColor: v.tint }],
      ["expo-image-picker", { cameraPermission: "Take photos to use in the app.", photosPermission: "Choose photos from your library." }],
      ["expo-media-library", { savePhotosPermission: "Save your headshots to your photo library.", isAccessMediaLocationEnabled: false }],
      ["expo-local-authentication", { faceIDPermission: "Unlock your account with Face ID." }],
      // The "Sign in with Apple" entitlement (the button shows only where iOS offers it).
      "expo-apple-authentication",
      // Push: "your headshots are ready" (Android small-icon tint; iOS push entitlement).
      ["expo-notifications", { color: v.color }],
      // Google sign-in opens the system browser (expo-auth-session).
      "expo-web-browser",
    ],
    experiments: { typedRoutes: false },
    extra: { variant, ...(projectId ? { eas: { projectId } } : {}) },
  };
};
