// Push notifications behind one interface: Expo's push API when EXPO_ACCESS_TOKEN is set,
// nothing otherwise (pushes are optional; the app also polls and listens live).
import type { Config } from "../../env";

export interface PushMessage {
  title: string;
  body: string;
  data?: Record<string, unknown>;
}

export interface PushNotifier {
  send(tokens: string[], message: PushMessage): Promise<void>;
}

export function pushNotifier(config: Config): PushNotifier | undefined {
  if (!config.EXPO_ACCESS_TOKEN) return undefined;
  return expoPush(config.EXPO_ACCESS_TOKEN, config.EXPO_PUSH_API_BASE);
}

/** Expo push API: POST /--/api/v2/push/send with up to 100 messages. */
export function expoPush(accessToken: string, base: string): PushNotifier {
  return {
    async send(tokens, message) {
      for (let i = 0; i < tokens.length; i += 100) {
        const res = await fetch(`${base.replace(/\/$/, "")}/--/api/v2/push/send`, {
          method: "POST",
          headers: { authorization: `Bearer ${accessToken}`, "content-type": "application/json", accept: "application/json" },
          body: JSON.stringify(tokens.slice(i, i + 100).map((to) => ({ to, sound: "default", ...message }))),
        });
        if (!res.ok) throw new Error(`Expo push API answered ${res.status}`);
      }
    },
  };
}
