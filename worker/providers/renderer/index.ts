// Headshot rendering behind one interface. Replicate (a hosted identity-preserving model per
// style) when REPLICATE_API_TOKEN is set; otherwise the local preview renderer, a deterministic
// image pipeline that is labelled `local-preview` everywhere it shows and never claims to be AI.
import type { Config } from "../../env";
import { ReplicateRenderer } from "./replicate";
import type { HeadshotRenderer, InlineRenderer } from "./types";

export type { HeadshotRenderer, InlineRenderer, PredictionStatus, RemoteRenderer, RenderJob, Style } from "./types";

export function headshotRenderer(config: Config, local: () => InlineRenderer): HeadshotRenderer {
  if (config.REPLICATE_API_TOKEN) {
    return new ReplicateRenderer({
      token: config.REPLICATE_API_TOKEN,
      webhookUrl: `${config.PUBLIC_API_URL}/v1/webhooks/replicate`,
      baseUrl: config.REPLICATE_API_BASE,
      timeoutMs: config.RENDER_PROVIDER_TIMEOUT_MS,
    });
  }
  return local();
}
