// Headshot generations: start (queued, 202), list (gallery, cursor pagination), get (polling),
// live progress over a WebSocket, cancel, delete, and the images themselves through signed links.
import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv } from "../context";
import { ApiError, problemResponses } from "../errors";
import { failureMessages, generationStatuses, isFinal, type FailureReason } from "../domain/generation";
import { cancel, generationRecord, publish, startGeneration, type GenerationRow } from "../headshots/generations";
import type { GenerationRecord } from "../../durable-objects/generation-room";
import { deleteGenerationRow, findOwnedGeneration, listGenerations } from "../headshots/store";
import { generationRoom } from "../headshots/room";
import { withheldMessages } from "../headshots/likeness";
import { LIKENESS_THRESHOLD } from "../imaging/identity";
import { creditCosts, headshotSetSize, maxHeadshotImages } from "../domain/catalogue";
import { fileLinker } from "./file-links";
import { json, jsonMiddleware, jsonRequest, pageQuery, pageSchema } from "./schemas";
import { defineRoute } from "./define-route";

export const headshotGenerations = new OpenAPIHono<AppEnv>();

const imageSchema = z
  .object({
    url: z.url(),
    thumbnailUrl: z.url(),
    width: z.number().int(),
    height: z.number().int(),
    likeness: z
      .number()
      .nullable()
      .openapi({
        description: `Cosine similarity of the headshot's face to your closest selfie (face embedding); every delivered image is at or above ${LIKENESS_THRESHOLD}. Null on images from before the check.`,
      }),
  })
  .openapi("HeadshotImage");

const withheldSchema = z
  .object({
    reason: z.enum(["no_face", "multiple_faces", "mismatch"]),
    message: z.string(),
    likeness: z.number().nullable().openapi({ description: "The better of its two renders' likeness, when a face was found" }),
  })
  .openapi("WithheldHeadshot");

const generationSchema = z
  .object({
    id: z.uuid(),
    status: z.enum(generationStatuses),
    styleId: z.string().nullable(),
    photoId: z.uuid().nullable(),
    selfie: z.object({ url: z.url(), expiresAt: z.iso.datetime() }).nullable().openapi({
      description: 'A short-lived signed link to the selfie that was rendered (the "before" of a before/after), like the images\' links; null once the selfie is deleted',
    }),
    renderer: z.string().nullable().openapi({ description: "`replicate`, or `local-preview` (no AI: an offline image pipeline)" }),
    requestedCount: z.number().int(),
    progress: z.number().int().nullable(),
    images: z.array(imageSchema),
    withheld: z.array(withheldSchema).openapi({ description: "Renders held back by the likeness check (each was re-rendered once first); their credits come back in whole sets" }),
    likenessThreshold: z.number().openapi({ description: "The likeness at or above which a render is delivered" }),
    creditsRefunded: z.number().int().openapi({ description: "Credits given back when the generation finished" }),
    failureReason: z.string().nullable(),
    message: z.string().nullable(),
    confidence: z.number().int().nullable().openapi({ description: "0-100 from measuring the rendered images (one face, sharp, well lit); null until finished" }),
    createdAt: z.iso.datetime(),
    processingStartedAt: z.iso.datetime().nullable(),
    processingCompletedAt: z.iso.datetime().nullable(),
    expiresAt: z.iso.datetime(),
  })
  .openapi("HeadshotGeneration");

/** One generation as the apps see it, from a Postgres row or from its room. */
interface GenerationView {
  id: string;
  status: GenerationRow["generationStatus"];
  renderer: string | null;
  progress: number | null;
  failureReason: string | null;
  record: GenerationRecord;
}

/** Links last as long as the images' links: one TTL for everything a generation shows. */
const LINK_TTL_SECONDS = 900;

/** A signed link and the moment it stops working (its own `expires`, in seconds). */
const linkWithExpiry = (url: string) => ({ url, expiresAt: new Date(Number(new URL(url).searchParams.get("expires")) * 1000).toISOString() });

const rowView = (row: GenerationRow): GenerationView => ({
  id: row.id,
  status: row.generationStatus,
  renderer: row.renderer,
  progress: row.progress,
  failureReason: row.failureReason,
  record: generationRecord(row),
});

async function present(c: Pick<Context<AppEnv>, "env" | "req" | "var">, view: GenerationView | GenerationRow) {
  const g = "record" in view ? view : rowView(view);
  const link = fileLinker(c, LINK_TTL_SECONDS);
  // photoId turns null when the selfie is deleted (the row's foreign key): then there is no "before".
  const selfieKey = g.record.photoId ? g.record.selfieKey : undefined;
  return {
    id: g.id,
    status: g.status,
    styleId: g.record.styleId,
    photoId: g.record.photoId,
    selfie: selfieKey ? linkWithExpiry(await link(selfieKey)) : null,
    renderer: g.renderer,
    requestedCount: g.record.requestedCount,
    progress: g.progress,
    images: await Promise.all(
      g.record.outputs.map(async (o) => ({ url: await link(o.key), thumbnailUrl: await link(o.thumbnailKey), width: o.width, height: o.height, likeness: o.likeness ?? null })),
    ),
    withheld: (g.record.withheld ?? []).map((w) => ({ reason: w.reason, message: withheldMessages[w.reason], likeness: w.likeness })),
    likenessThreshold: LIKENESS_THRESHOLD,
    creditsRefunded: g.record.creditsRefunded ?? 0,
    failureReason: g.failureReason,
    message: g.failureReason ? (failureMessages[g.failureReason as FailureReason] ?? null) : withheldSummary(g.record.withheld ?? [], g.record.creditsRefunded ?? 0),
    confidence: g.record.confidence,
    createdAt: g.record.createdAt,
    processingStartedAt: g.record.processingStartedAt,
    processingCompletedAt: g.record.processingCompletedAt,
    expiresAt: g.record.expiresAt,
  };
}

/** What a finished generation with some renders held back tells the user. */
function withheldSummary(withheld: { reason: string }[], refunded: number): string | null {
  if (!withheld.length) return null;
  const n = withheld.length;
  const credits = refunded ? ` ${refunded} credit${refunded === 1 ? " was" : "s were"} refunded.` : " You pay only for delivered images, in whole sets.";
  return `${n} image${n === 1 ? " was" : "s were"} held back because ${n === 1 ? "it" : "they"} did not look enough like you, even after a second try.${credits}`;
}

async function owned(c: { var: AppEnv["Variables"] }, id: string): Promise<GenerationRow> {
  const row = await findOwnedGeneration(c.var.services.db(), c.var.auth.userId, id);
  if (!row) throw new ApiError("not_found", "No such generation.");
  return row;
}

const idParam = z.object({ id: z.uuid() });

const start = defineRoute({
  method: "post",
  path: "/v1/headshots/generations",
  tags: ["Headshots"],
  summary: `Start rendering headshots from your selfies in a style (1 credit per set of ${headshotSetSize} images)`,
  description:
    "Send an `Idempotency-Key` header: a retried request returns the same generation and charges once. Give `photoId` (one selfie) or " +
    "`photoIds` (up to 5 of the same person): the best one (frontal, sharp, well lit) is rendered and all of them are references for the " +
    "likeness check. Every render is compared with them; one that does not look like you is re-rendered once, then withheld, and you pay " +
    `only for delivered images: ${creditCosts.headshot} credit per started set of ${headshotSetSize}.`,
  auth: "user",
  middleware: jsonMiddleware,
  request: {
    ...jsonRequest(
      z
        .strictObject({
          photoId: z.uuid().optional(),
          photoIds: z.array(z.uuid()).min(1).max(5).optional(),
          styleId: z.string().min(1).max(64),
          count: z
            .number()
            .int()
            .min(1)
            .max(maxHeadshotImages)
            .default(headshotSetSize)
            .openapi({ description: `Images to render; ${headshotSetSize} make a set (1 credit)` }),
        })
        .refine((b) => (b.photoId === undefined) !== (b.photoIds === undefined), { message: "Give photoId or photoIds, not both.", path: ["photoIds"] }),
    ),
    headers: z.object({ "idempotency-key": z.string().min(8).max(128).optional() }),
  },
  responses: {
    202: json(generationSchema.extend({ queuePosition: z.number().int() }).openapi("GenerationAccepted"), "Queued"),
    ...problemResponses("unauthenticated", "invalid_token", "validation_failed", "not_found", "selfie_unusable", "insufficient_credits", "entitlement_required"),
  },
});

headshotGenerations.openapi(start, async (c) => {
  const body = c.req.valid("json");
  const key = c.req.valid("header")["idempotency-key"] ?? crypto.randomUUID();
  const { row, queuePosition } = await startGeneration(c.var.services, c.var.auth.userId, {
    photoIds: body.photoIds ?? [body.photoId!],
    styleId: body.styleId,
    count: body.count,
    idempotencyKey: `${c.var.auth.userId}:${key}`,
  });
  return c.json({ ...(await present(c, row)), queuePosition }, 202);
});

const list = defineRoute({
  method: "get",
  path: "/v1/headshots/generations",
  tags: ["Headshots"],
  summary: "The gallery: your generations, newest first (cursor pagination)",
  auth: "user",
  request: { query: pageQuery({ default: 20, max: 50 }) },
  responses: {
    200: json(pageSchema(generationSchema, "GenerationPage"), "A page"),
    ...problemResponses("unauthenticated", "invalid_token", "validation_failed", "invalid_cursor"),
  },
});

headshotGenerations.openapi(list, async (c) => {
  const { limit, cursor } = c.req.valid("query");
  // One statement: the HTTP path (one round trip, no connection setup).
  const page = await listGenerations(c.var.services.read(), c.var.auth.userId, limit, cursor);
  return c.json({ items: await Promise.all(page.items.map((r) => present(c, r))), nextCursor: page.next }, 200);
});

const get = defineRoute({
  method: "get",
  path: "/v1/headshots/generations/{id}",
  tags: ["Headshots"],
  summary: "One generation (poll this if a WebSocket is not possible)",
  auth: "user",
  request: { params: idParam },
  responses: { 200: json(generationSchema, "The generation"), ...problemResponses("unauthenticated", "invalid_token", "not_found") },
});

// Polling is answered by the generation's room (no database round trip); a room that never
// had the generation, or lost it, is seeded from Postgres once.
headshotGenerations.openapi(get, async (c) => {
  const { id } = c.req.valid("param");
  const room = await generationRoom(c.env, id).view();
  if (room) {
    if (room.record.userId !== c.var.auth.userId || Date.parse(room.record.expiresAt) <= Date.now()) throw new ApiError("not_found", "No such generation.");
    return c.json(await present(c, { ...room.state, record: room.record }), 200);
  }
  const row = await owned(c, id);
  await publish(c.var.services, row);
  return c.json(await present(c, row), 200);
});

const live = defineRoute({
  method: "get",
  path: "/v1/headshots/generations/{id}/live",
  tags: ["Headshots"],
  summary: "Live progress over a WebSocket: `{type:'state', state}` messages until finished",
  description: "Browsers cannot set headers on WebSockets: pass the access token as `?access_token=`.",
  auth: "user",
  request: { params: idParam },
  responses: { 101: { description: "Switching protocols" }, ...problemResponses("unauthenticated", "invalid_token", "not_found") },
});

headshotGenerations.openapi(live, async (c) => {
  if (c.req.header("upgrade")?.toLowerCase() !== "websocket") throw new ApiError("validation_failed", "Connect with a WebSocket upgrade.");
  const row = await owned(c, c.req.valid("param").id);
  const stub = generationRoom(c.env, row.id);
  // A room that lost its state (or never had it) is re-seeded from Postgres first.
  if (!(await stub.view())) await publish(c.var.services, row);
  return stub.fetch(c.req.raw) as unknown as Response;
});

const cancelRoute = defineRoute({
  method: "post",
  path: "/v1/headshots/generations/{id}/cancel",
  tags: ["Headshots"],
  summary: "Cancel a generation that has not finished (credits refunded)",
  auth: "user",
  request: { params: idParam },
  responses: { 200: json(generationSchema, "Canceled"), ...problemResponses("unauthenticated", "invalid_token", "not_found", "generation_finished") },
});

headshotGenerations.openapi(cancelRoute, async (c) => {
  return c.json(await present(c, await cancel(c.var.services, c.var.auth.userId, c.req.valid("param").id)), 200);
});

const remove = defineRoute({
  method: "delete",
  path: "/v1/headshots/generations/{id}",
  tags: ["Headshots"],
  summary: "Delete a finished generation and its images",
  auth: "user",
  request: { params: idParam },
  responses: { 204: { description: "Deleted" }, ...problemResponses("unauthenticated", "invalid_token", "not_found", "generation_in_progress") },
});

headshotGenerations.openapi(remove, async (c) => {
  const row = await owned(c, c.req.valid("param").id);
  if (!isFinal(row.generationStatus)) throw new ApiError("generation_in_progress", "Cancel it first, or wait until it finishes.");
  const keys = (row.outputs ?? []).flatMap((o) => [o.key, o.thumbnailKey]);
  if (keys.length) await c.env.PHOTOS.delete(keys);
  await deleteGenerationRow(c.var.services.db(), row.id);
  await generationRoom(c.env, row.id).erase();
  return c.body(null, 204);
});
