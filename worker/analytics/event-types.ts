// The analytics events the apps may send, one zod schema per type with exactly its properties.
// A discriminated union on `type`: an unknown type or property is a 400, so the table only ever
// holds shapes we know how to read. Server-side events (registered, purchase, bio_generated...)
// are deliberately absent: a client cannot forge them.
import { z } from "@hono/zod-openapi";
import { productLines } from "../domain/catalogue";
import { datingPlatforms } from "../domain/platforms";

const productLine = z.enum(productLines);
const slug = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_./-]+$/, "letters, digits and _ . / - only");

/** One event type: its literal name and its properties (strict: no extra keys). */
const event = <T extends string, P extends z.ZodRawShape>(type: T, properties: P) =>
  z.strictObject({
    type: z.literal(type),
    /** A UUID per event makes retries safe: the same id is stored and forwarded once. */
    id: z.uuid().optional(),
    /** When it happened on the device; at most 7 days old, at most 5 minutes ahead. */
    occurredAt: z.iso
      .datetime({ offset: true })
      .refine((s) => {
        const t = Date.parse(s);
        return t <= Date.now() + 5 * 60_000 && t >= Date.now() - 7 * 86_400_000;
      }, "must be within the last 7 days")
      .optional(),
    properties: z.strictObject(properties),
  });

export const clientEventSchema = z
  .discriminatedUnion("type", [
    event("screen_viewed", { screen: slug }),
    event("onboarding_completed", { productLine }),
    event("photo_uploaded", { photoCount: z.number().int().min(1).max(9), source: z.enum(["camera", "library"]) }),
    event("analysis_viewed", { analysisId: z.uuid(), score: z.number().int().min(0).max(100).optional() }),
    event("bio_copied", { bioId: z.uuid(), platform: z.enum(datingPlatforms) }),
    event("paywall_viewed", { trigger: slug, productLine }),
    event("purchase_started", { productId: slug, store: z.enum(["app_store", "play_store", "web"]) }),
    event("purchase_cancelled", { productId: slug, store: z.enum(["app_store", "play_store", "web"]) }),
    event("headshot_downloaded", { generationId: z.uuid(), format: z.enum(["jpeg", "png"]) }),
  ])
  .openapi("ClientEvent");

export type ClientEvent = z.infer<typeof clientEventSchema>;

export const clientPlatforms = ["ios", "android", "web"] as const;

export const eventBatchSchema = z
  .strictObject({
    /** The app's session id: ties anonymous events together until sign-in. */
    sessionId: z
      .string()
      .min(8)
      .max(128)
      .regex(/^[A-Za-z0-9_-]+$/, "letters, digits, _ and - only"),
    platform: z.enum(clientPlatforms),
    appVersion: z
      .string()
      .max(32)
      .regex(/^[0-9A-Za-z.+-]+$/)
      .optional(),
    events: z.array(clientEventSchema).min(1).max(100),
  })
  .openapi("EventBatch");

/** Events the server records itself (see recordEvent). */
export const serverEventTypes = ["registered", "analysis_completed", "generation_completed", "purchase", "bio_generated", "photo_rejected"] as const;
export type ServerEventType = (typeof serverEventTypes)[number];
