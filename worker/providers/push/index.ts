// Push notifications behind one interface: Expo's push API when EXPO_ACCESS_TOKEN is set,
// nothing otherwise (pushes are optional; the app also polls and listens live).
import type { Config } from "../../env";
import { expoPush } from "./expo";
import type { PushNotifier } from "./types";

export type { PushMessage, PushNotifier } from "./types";

export function pushNotifier(config: Config): PushNotifier | undefined {
  if (!config.EXPO_ACCESS_TOKEN) return undefined;
  return expoPush(config.EXPO_ACCESS_TOKEN, config.EXPO_PUSH_API_BASE);
}
