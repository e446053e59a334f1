// Replicate through its official client. One prediction per requested image (identity-preserving
// models return one image each), with a signed webhook for start and completion.
import Replicate from "replicate";
import type { PredictionStatus, RemoteRenderer, RenderJob } from "./types";

const DEFAULT_MODEL = "black-forest-labs/flux-kontext-pro";

export class ReplicateRenderer implements RemoteRenderer {
  readonly name = "replicate";
  readonly kind = "remote" as const;
  private client: Replicate;
  private webhookUrl: string;

  constructor(opts: { token: string; webhookUrl: string; baseUrl?: string; timeoutMs: number }) {
    this.webhookUrl = opts.webhookUrl;
    this.client = new Replicate({
      auth: opts.token,
      ...(opts.baseUrl ? { baseUrl: `${opts.baseUrl.replace(/\/$/, "")}/v1` } : {}),
      // A hung provider must not hold the queue consumer: time out, and let the queue retry.
      fetch: (input, init) => fetch(input, { ...init, signal: init?.signal ?? AbortSignal.timeout(opts.timeoutMs) }),
    });
  }

  async start(job: RenderJob): Promise<string[]> {
    const ids: string[] = [];
    for (let i = job.existingPredictions; i < job.count; i++) {
      const prediction = await this.client.predictions.create({
        model: job.style.model ?? DEFAULT_MODEL,
        input: {
          prompt: job.style.prompt,
          input_image: job.selfieUrl,
          aspect_ratio: "4:5",
          output_format: "jpg",
          seed: job.seed ?? seedFor(job.generationId, i),
        },
        webhook: this.webhookUrl,
        // Only the end: the generation is already "processing" once its prediction exists, and a
        // "start" delivery per image would only cost the API a request (see bench/RESULTS.md).
        webhook_events_filter: ["completed"],
      });
      ids.push(prediction.id);
    }
    return ids;
  }

  async get(predictionId: string): Promise<PredictionStatus> {
    const p = await this.client.predictions.get(predictionId);
    return toStatus(p);
  }

  async cancel(predictionId: string): Promise<void> {
    await this.client.predictions.cancel(predictionId);
  }
}

/** Different seeds per image of one generation, stable across retries. */
function seedFor(generationId: string, index: number): number {
  let h = 2166136261;
  for (const ch of `${generationId}:${index}`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return h >>> 0;
}

export function toStatus(p: { id: string; status: string; output?: unknown; error?: unknown; logs?: string | null }): PredictionStatus {
  const output = p.output;
  const outputs = typeof output === "string" ? [output] : Array.isArray(output) ? output.filter((o): o is string => typeof o === "string") : [];
  return {
    id: p.id,
    status: p.status as PredictionStatus["status"],
    outputs,
    error: typeof p.error === "string" ? p.error : p.error ? JSON.stringify(p.error) : null,
  };
}
