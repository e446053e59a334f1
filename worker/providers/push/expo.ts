// Expo's push API (https://docs.expo.dev/push-notifications/sending-notifications/): one POST per
// 100 messages, authorised with EXPO_ACCESS_TOKEN.
import type { PushNotifier } from "./types";

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
