// The web demo has no push notifications (the apps do): same interface as push.ts, without
// bundling expo-notifications into the web build.
export type PushOutcome = { ok: true } | { ok: false; reason: "web" | "simulator" | "no_project" | "denied"; message: string };

export const pushMessages = {
  web: "Push notifications are available in the iOS and Android apps.",
  simulator: "Push notifications need a real phone; simulators and emulators can't receive them.",
  no_project: "Push notifications need an EAS project id in this build (extra.eas.projectId or EXPO_PUBLIC_EAS_PROJECT_ID), so they can't be turned on here.",
  denied: "Notifications are turned off for this app. Allow them in your phone's Settings, then try again.",
} as const;

export const pushEnabled = async (): Promise<boolean> => false;
export const enablePush = async (): Promise<PushOutcome> => ({ ok: false, reason: "web", message: pushMessages.web });
export const disablePush = async (): Promise<void> => undefined;
export const registerPushSilently = async (): Promise<void> => undefined;
export const unregisterPushForSignOut = async (): Promise<void> => undefined;
export const forgetPushLocally = async (): Promise<void> => undefined;
export const onNotificationTap =
  (_handler: (data: Record<string, unknown>) => void): (() => void) =>
  () =>
    undefined;
