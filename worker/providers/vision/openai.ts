// The OpenAI photo judge: a small copy of the photo plus the local measurements in, a
// zod-validated structured judgement out. Timeouts, SDK retries on 429/5xx and the shared
// circuit breaker come from providers/openai/client.ts; any failure is thrown so the analysis
// falls back to local-only for that photo, and says so.
import { zodResponseFormat } from "openai/helpers/zod";
import type { PhotoFeatures } from "../../imaging/features";
import { visionJudgementSchema, type VisionJudgement } from "../../domain/photo-judgement";
import { toBase64 } from "../../security/encoding";
import { breakerFor, createOpenAiClient, throughBreaker } from "../openai/client";
import type { PhotoJudge } from "./types";

export const VISION_SYSTEM_PROMPT = `You are an honest, specific and kind dating-profile photo coach.
You see one photo a person is considering for Tinder, Bumble or Hinge, and measurements already taken from its pixels.
Judge only what is visible. Do not guess age, ethnicity, health or anything sensitive. Never comment on body shape.
Impressions follow Photofeeler's dimensions (smart, trustworthy, attractive), each 1-10 with a short reason grounded in the photo; very polished "attractive" shots often read as less trustworthy.
topFix is one concrete, doable change (light, angle, crop, expression, outfit, setting), in one sentence.
Reply only with JSON that matches the schema.`;

/** What the model needs from the local measurements (not the whole feature set). */
export function measurementsSummary(f: PhotoFeatures) {
  return {
    size: `${f.source.width}x${f.source.height}`,
    faces: f.faces.count,
    faceWidthShare: f.faces.primary ? Math.round(f.faces.primary.widthFraction * 100) / 100 : null,
    headTiltDegrees: f.faces.primary ? Math.round(f.faces.primary.rollDegrees) : null,
    meanBrightness: Math.round(f.exposure.meanLuminance * 100) / 100,
    defects: f.defects,
  };
}

export class OpenAiPhotoJudge implements PhotoJudge {
  readonly name: string;
  private client;
  private breaker;

  constructor(private opts: { apiKey: string; baseURL?: string; model: string; timeoutMs: number }) {
    this.name = `openai:${opts.model}`;
    this.client = createOpenAiClient({ apiKey: opts.apiKey, baseURL: opts.baseURL, timeoutMs: opts.timeoutMs, maxRetries: 2 });
    this.breaker = breakerFor(opts.baseURL, opts.model);
  }

  async judge({ jpeg, features }: { jpeg: Uint8Array; features: PhotoFeatures }): Promise<VisionJudgement> {
    const completion = await throughBreaker(this.breaker, () =>
      this.client.chat.completions.parse({
        model: this.opts.model,
        temperature: 0,
        messages: [
          { role: "system", content: VISION_SYSTEM_PROMPT },
          {
            role: "user",
            content: [
              { type: "text", text: `Measurements (from pixels): ${JSON.stringify(measurementsSummary(features))}` },
              { type: "image_url", image_url: { url: `data:image/jpeg;base64,${toBase64(jpeg)}`, detail: "low" } },
            ],
          },
        ],
        response_format: zodResponseFormat(visionJudgementSchema, "photo_judgement"),
      }),
    );
    const message = completion.choices[0]?.message;
    if (!message || message.refusal) throw new Error(`model refused: ${message?.refusal ?? "no answer"}`);
    // parse() already validated against the schema; validate again so nothing else gets through.
    return visionJudgementSchema.parse(message.parsed);
  }
}
