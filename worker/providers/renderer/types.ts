// The headshot renderers' contract: a render job, a remote renderer's predictions, and an inline
// renderer's images. Its own file so the renderers (replicate.ts, local-preview.ts) and the
// choice between them (index.ts) depend on it and not on each other.
import type { styleTemplates } from "../../db/schema";

export type Style = typeof styleTemplates.$inferSelect;

export interface RenderJob {
  generationId: string;
  selfieKey: string;
  /** A short-lived signed URL to the selfie, for providers that fetch it. */
  selfieUrl: string;
  style: Style;
  count: number;
  /** Predictions already created by an earlier attempt of this job (queue retries); images before this index are not rendered. */
  existingPredictions: number;
  /** A seed for every image of this call instead of the per-image default: the likeness check's re-render. */
  seed?: number;
}

export interface PredictionStatus {
  id: string;
  status: "starting" | "processing" | "succeeded" | "failed" | "canceled" | "aborted";
  /** URLs of the rendered images once succeeded. */
  outputs: string[];
  error?: string | null;
  progress?: number | null;
}

/** An asynchronous renderer: jobs finish later, through webhooks or polling. */
export interface RemoteRenderer {
  readonly name: string;
  readonly kind: "remote";
  /** Creates one prediction per missing image; returns their ids. */
  start(job: RenderJob): Promise<string[]>;
  get(predictionId: string): Promise<PredictionStatus>;
  cancel(predictionId: string): Promise<void>;
}

/** A renderer that produces the images inside the queue consumer. */
export interface InlineRenderer {
  readonly name: string;
  readonly kind: "inline";
  render(selfie: Uint8Array, job: RenderJob): Promise<{ bytes: Uint8Array; contentType: string; width: number; height: number }[]>;
}

export type HeadshotRenderer = RemoteRenderer | InlineRenderer;
