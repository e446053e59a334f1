// Completion push notifications through the PushNotifier adapter (off without EXPO_ACCESS_TOKEN).
import { pushTokensOf } from "../accounts/push-token-store";
import type { Deps, GenerationRow } from "./generations";
import { pushNotifier } from "../providers/push";

export async function notifyGenerationFinished(deps: Deps, row: GenerationRow): Promise<void> {
  const notifier = pushNotifier(deps.config);
  if (!notifier) return;
  const tokens = await pushTokensOf(deps.db(), row.userId);
  if (!tokens.length) return;
  const ok = row.generationStatus === "succeeded";
  try {
    await notifier.send(tokens, {
      title: ok ? "Your headshots are ready" : "Your headshot could not be made",
      body: ok ? `${row.outputs?.length ?? 0} new headshot(s) in your gallery.` : "Your credit was refunded. Tap to try again.",
      data: { generationId: row.id, status: row.generationStatus },
    });
  } catch (err) {
    deps.log.warn("push failed", { generationId: row.id, message: String(err) });
  }
}
