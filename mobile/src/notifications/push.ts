// Push notifications on phones ("your headshots are ready"): permission, the Expo push token
// for this build's EAS project, and registering it with POST /v1/me/push-tokens. The setting is
// per device: the registered token is kept in secure storage, and its presence means "on". It
// is registered again silently at each launch (tokens can change) and removed at sign-out.
// The web build uses push.web.ts instead.
import * as Device from "expo-device";
import * as Notifications from "expo-notifications";
import { Platform } from "react-native";
import { api, unwrap } from "../api/client";
import { secureStorage } from "../auth/secureStorage";
import { easProjectId } from "../config";

const TOKEN_KEY = "firstlook.pushToken";

export type PushOutcome = { ok: true } | { ok: false; reason: "web" | "simulator" | "no_project" | "denied"; message: string };

export const pushMessages = {
  web: "Push notifications are available in the iOS and Android apps.",
  simulator: "Push notifications need a real phone; simulators and emulators can't receive them.",
  no_project: "Push notifications need an EAS project id in this build (extra.eas.projectId or EXPO_PUBLIC_EAS_PROJECT_ID), so they can't be turned on here.",
  denied: "Notifications are turned off for this app. Allow them in your phone's Settings, then try again.",
} as const;

const fail = (reason: keyof typeof pushMessages): PushOutcome => ({ ok: false, reason, message: pushMessages[reason] });

const isPhone = () => Platform.OS === "ios" || Platform.OS === "android";

let handlerSet = false;
function showWhileOpen() {
  if (handlerSet) return;
  handlerSet = true;
  // A notification that arrives while the app is open still shows as a banner.
  Notifications.setNotificationHandler({
    handleNotification: async () => ({ shouldShowBanner: true, shouldShowList: true, shouldPlaySound: false, shouldSetBadge: false }),
  });
}

/** Whether this device is registered for push (the setting's state). */
export async function pushEnabled(): Promise<boolean> {
  if (!isPhone()) return false;
  return (await secureStorage.get(TOKEN_KEY)) != null;
}

async function currentToken(projectId: string): Promise<string> {
  if (Platform.OS === "android") {
    // Android 13+ shows the permission prompt only once a channel exists.
    await Notifications.setNotificationChannelAsync("default", { name: "Headshots ready", importance: Notifications.AndroidImportance.DEFAULT });
  }
  return (await Notifications.getExpoPushTokenAsync({ projectId })).data;
}

async function register(token: string) {
  await unwrap(api.POST("/v1/me/push-tokens", { body: { token, platform: Platform.OS === "ios" ? "ios" : "android" } }));
  await secureStorage.set(TOKEN_KEY, token);
}

/** The settings toggle turned on: asks for permission, then registers this device. */
export async function enablePush(): Promise<PushOutcome> {
  if (!isPhone()) return fail("web");
  if (!Device.isDevice) return fail("simulator");
  const projectId = easProjectId();
  if (!projectId) return fail("no_project");
  let permission = await Notifications.getPermissionsAsync();
  if (!permission.granted && permission.canAskAgain) permission = await Notifications.requestPermissionsAsync();
  if (!permission.granted) return fail("denied");
  showWhileOpen();
  await register(await currentToken(projectId));
  return { ok: true };
}

/** The toggle turned off: the server stops sending to this device. */
export async function disablePush(): Promise<void> {
  const token = await secureStorage.get(TOKEN_KEY);
  if (token) await unwrap(api.DELETE("/v1/me/push-tokens", { body: { token } }));
  await secureStorage.remove(TOKEN_KEY);
}

/** At launch (signed in): registers the current token again, without asking anything. */
export async function registerPushSilently(): Promise<void> {
  try {
    if (!(await pushEnabled()) || !Device.isDevice) return;
    const projectId = easProjectId();
    if (!projectId) return;
    const permission = await Notifications.getPermissionsAsync();
    if (!permission.granted) return;
    showWhileOpen();
    await register(await currentToken(projectId));
  } catch {
    // Offline or the server is busy: the next launch tries again.
  }
}

/** Before signing out (while the session still works): stop pushes for this account here. */
export async function unregisterPushForSignOut(): Promise<void> {
  try {
    await disablePush();
  } catch {
    await secureStorage.remove(TOKEN_KEY);
  }
}

/** The session ended without a sign-out (revoked, account erased): forget the setting. */
export async function forgetPushLocally(): Promise<void> {
  await secureStorage.remove(TOKEN_KEY);
}

/** Taps on our notifications (they carry `generationId`), including the one that opened the app. */
export function onNotificationTap(handler: (data: Record<string, unknown>) => void): () => void {
  if (!isPhone()) return () => undefined;
  const seen = new Set<string>();
  const handle = (response: Notifications.NotificationResponse | null) => {
    if (!response) return;
    const id = response.notification.request.identifier;
    if (seen.has(id)) return;
    seen.add(id);
    handler((response.notification.request.content.data ?? {}) as Record<string, unknown>);
  };
  void Notifications.getLastNotificationResponseAsync().then(handle, () => undefined);
  const subscription = Notifications.addNotificationResponseReceivedListener(handle);
  return () => subscription.remove();
}
