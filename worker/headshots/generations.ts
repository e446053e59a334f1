// The life of a headshot generation, from the API request to the finished gallery entry.
// Postgres holds the record (conditional updates make every move idempotent and one-way);
// the GenerationRoom object mirrors it to live clients; credits are reserved up front and
// committed only for images actually delivered (billing/spend.ts's two halves).
import { and, asc, count, eq, inArray, lt, sql } from "drizzle-orm";
import { z } from "zod";
import type { ServiceContext } from "../context";
import type { Database } from "../db/client";
import { photoGenerations, photos, styleTemplates, type GenerationOutput, type PredictionRecord, type WithheldImage } from "../db/schema";
import { ApiError } from "../errors";
import { failureMessages, isFinal, priorStatuses, type FailureReason, type GenerationStatus } from "../domain/generation";
import { creditCosts, headshotCredits, headshotSetSize } from "../domain/catalogue";
import { userAccount } from "../billing/account";
import { commitSpend, releaseSpend, reserveSpend } from "../billing/spend";
import { signedFileUrl } from "../security/signed-url";
import { storeImageWithThumbnail, streamOf, workingCopy } from "../storage/images";
import { WORKING_MAX_SIDE } from "../imaging/working-image";
import { headshotRenderer, type HeadshotRenderer, type PredictionStatus, type RenderJob, type Style } from "../providers/renderer";
import { localPreviewRenderer } from "../providers/renderer/local-preview";
import { notifyGenerationFinished } from "./notify";
import { generationRoom } from "./room";
import { photoFeaturesSchema } from "../imaging/features";
import { analyzePhoto } from "../imaging/analyze";
import { assessHeadshot, generationConfidence, type HeadshotQuality } from "../domain/headshot-quality";
import { bestReference, selfieProblems } from "../domain/selfie";
import { checkLikeness, referenceEmbedding, reseed, type LikenessVerdict } from "./likeness";
import { visionOf } from "../imaging/vision";
import { activeStyles } from "./style-catalogue";
import type { GenerationRecord } from "../../durable-objects/generation-room";

export type GenerationRow = typeof photoGenerations.$inferSelect;

/** The services' context (context.ts): the same for a request, a queue batch and a cron run. */
export type Deps = ServiceContext;

/** A message on the generation jobs queue (and, after its retries, on the dead-letter queue).
 * Parsed, not cast, by the consumer: a malformed one is dropped with a log line. */
export const generationJobSchema = z.object({ type: z.literal("render"), generationId: z.uuid() });
export type GenerationJob = z.infer<typeof generationJobSchema>;

export const renderer = (deps: Deps): HeadshotRenderer => headshotRenderer(deps.config, () => localPreviewRenderer(deps.env));

/** What the room keeps besides the broadcast state: the rest of a poll's answer. */
export function generationRecord(row: GenerationRow): GenerationRecord {
  return {
    userId: row.userId,
    styleId: row.styleId,
    photoId: row.photoId,
    selfieKey: row.originalPhotoUrl,
    requestedCount: row.requestedCount,
    outputs: row.outputs ?? [],
    withheld: row.withheld ?? [],
    creditsRefunded: row.creditsRefunded ?? 0,
    confidence: row.localQualityScore,
    createdAt: row.createdAt.toISOString(),
    processingStartedAt: row.processingStartedAt?.toISOString() ?? null,
    processingCompletedAt: row.processingCompletedAt?.toISOString() ?? null,
    expiresAt: row.expiresAt.toISOString(),
  };
}

/**
 * Mirrors a row to its room, which serves live clients and polls. Called after every change to
 * the row. A failure here never fails the operation: the poll route falls back to Postgres
 * when the room does not have the generation.
 */
export async function publish(deps: Deps, row: GenerationRow): Promise<void> {
  try {
    await generationRoom(deps.env, row.id).publish(
      {
        id: row.id,
        status: row.generationStatus,
        progress: row.progress,
        renderer: row.renderer,
        imageCount: row.outputs?.length ?? 0,
        failureReason: row.failureReason,
        message: row.failureReason ? (failureMessages[row.failureReason as FailureReason] ?? null) : null,
      },
      generationRecord(row),
    );
  } catch (err) {
    deps.log.warn("live update failed", { generationId: row.id, message: String(err) });
  }
}

/** Moves a generation to `to` if that is a forward move; returns the updated row or undefined. */
async function move(deps: Deps, id: string, to: GenerationStatus, set: Partial<GenerationRow> = {}): Promise<GenerationRow | undefined> {
  const [row] = await deps
    .db()
    .update(photoGenerations)
    .set({ ...set, generationStatus: to })
    .where(and(eq(photoGenerations.id, id), inArray(photoGenerations.generationStatus, priorStatuses(to))))
    .returning();
  if (row) await publish(deps, row);
  return row;
}

export interface StartRequest {
  /** The user's selfies for this generation (1-5): the best one is rendered, all are likeness references. */
  photoIds: string[];
  styleId: string;
  count: number;
  idempotencyKey: string;
}

export async function startGeneration(deps: Deps, userId: string, req: StartRequest): Promise<{ row: GenerationRow; queuePosition: number }> {
  const { env } = deps;
  const db = deps.db();
  const ids = [...new Set(req.photoIds)];
  const found = await db
    .select()
    .from(photos)
    .where(and(inArray(photos.id, ids), eq(photos.userId, userId)));
  if (found.length !== ids.length) throw new ApiError("not_found", ids.length > 1 ? "One of these photos does not exist." : "No such photo.");
  const selfies = ids.map((id) => found.find((p) => p.id === id)!);
  // Check every selfie before anything is charged: one clear face each, or a reason the user can act on.
  const measured = selfies.map((photo, i) => {
    const features = photoFeaturesSchema.safeParse(photo.features);
    const problems = features.success ? selfieProblems(features.data) : [{ code: "no_face" as const, message: "This photo has not been measured; upload it again." }];
    const prefix = selfies.length > 1 ? `Selfie ${i + 1}: ` : "";
    return { photo, features: features.success ? features.data : null, problems: problems.map((p) => ({ ...p, message: prefix + p.message })) };
  });
  const problems = measured.flatMap((m) => m.problems);
  if (problems.length) {
    throw new ApiError("selfie_unusable", problems.map((p) => p.message).join(" "), { errors: problems.map((p) => ({ path: p.code, message: p.message })) });
  }
  const best = bestReference(measured.map((m) => m.features!));
  const reference = selfies[best]!;
  // The catalogue write-back is best effort here (the styles route keeps it alive with waitUntil).
  const style = (
    await activeStyles(
      () => db,
      (p) => void p,
    )
  ).find((s) => s.id === req.styleId);
  if (!style) throw new ApiError("not_found", `No style ${req.styleId}.`);
  if (style.subscriptionRequired) {
    const account = await userAccount(env, userId).balance(userId);
    if (account.tier !== "unlimited") throw new ApiError("entitlement_required", `${style.name} is included with Unlimited.`);
  }
  const name = renderer(deps).name;
  // Paid through billing/spend.ts in two halves: reserved here, committed by `finish` for the
  // images delivered, released by `fail` or `cancel`.
  const reservation = await reserveSpend(deps, { userId, amount: headshotCredits(req.count), key: `headshot:${req.idempotencyKey}`, ttlSeconds: 3600 });
  // The same idempotency key maps to the same reservation, hence (unique index) the same generation.
  const [row] = await db
    .insert(photoGenerations)
    .values({
      userId,
      photoId: reference.id,
      originalPhotoUrl: reference.r2Key,
      referencePhotoIds: selfies.map((p) => p.id),
      styleId: style.id,
      renderer: name,
      requestedCount: req.count,
      reservationId: reservation.id,
    })
    .onConflictDoNothing({ target: photoGenerations.reservationId })
    .returning();
  if (!row) {
    const [existing] = await db.select().from(photoGenerations).where(eq(photoGenerations.reservationId, reservation.id));
    return { row: existing!, queuePosition: await queuePosition(db, existing!) };
  }
  await publish(deps, row!);
  try {
    await env.GENERATION_JOBS.send({ type: "render", generationId: row!.id } satisfies GenerationJob);
  } catch (err) {
    deps.log.error("could not enqueue generation", { generationId: row!.id, message: String(err) });
    await fail(deps, row!.id, "retries_exhausted");
    throw err;
  }
  const queued = (await move(deps, row!.id, "queued")) ?? row!;
  return { row: queued, queuePosition: await queuePosition(db, queued) };
}

/** How many generations are waiting ahead of this one (1 = next). */
async function queuePosition(db: Database, row: GenerationRow): Promise<number> {
  if (isFinal(row.generationStatus) || row.generationStatus === "processing") return 0;
  const [ahead] = await db
    .select({ n: count() })
    .from(photoGenerations)
    .where(and(inArray(photoGenerations.generationStatus, ["pending", "queued"]), lt(photoGenerations.createdAt, row.createdAt)));
  return (ahead?.n ?? 0) + 1;
}

/** What a renderer needs for this generation, from `first` to `count` images. */
async function renderJobFor(deps: Deps, row: GenerationRow, style: Style, first: number, count: number, seed?: number): Promise<RenderJob> {
  return {
    generationId: row.id,
    selfieKey: row.originalPhotoUrl,
    selfieUrl: await signedFileUrl(deps.config.PUBLIC_API_URL, deps.config.URL_SIGNING_KEY, row.originalPhotoUrl, 3600),
    style,
    count,
    existingPredictions: first,
    ...(seed === undefined ? {} : { seed }),
  };
}

/**
 * The reference embeddings of a generation's selfies, computed once (by the render job) and kept
 * on the row. A selfie that has gone, or shows no face, is left out; none at all is an error.
 */
async function referencesOf(deps: Deps, row: GenerationRow): Promise<number[][]> {
  if (row.referenceEmbeddings?.length) return row.referenceEmbeddings;
  const ids = row.referencePhotoIds.length ? row.referencePhotoIds : row.photoId ? [row.photoId] : [];
  const keys = ids.length ? (await deps.db().select({ key: photos.r2Key }).from(photos).where(inArray(photos.id, ids))).map((p) => p.key) : [row.originalPhotoUrl];
  const embeddings: number[][] = [];
  for (const key of keys) {
    const object = await deps.env.PHOTOS.get(key);
    if (!object) continue;
    const e = await referenceEmbedding(visionOf(deps.env), await workingSize(deps, new Uint8Array(await object.arrayBuffer())));
    if (e) embeddings.push(e);
  }
  if (!embeddings.length) throw new Error("no reference face for the likeness check");
  await deps.db().update(photoGenerations).set({ referenceEmbeddings: embeddings }).where(eq(photoGenerations.id, row.id));
  return embeddings;
}

/** A <= 512 px copy through the Images binding (decoding full-size images in the isolate costs the most). */
async function workingSize(deps: Deps, bytes: Uint8Array): Promise<Uint8Array> {
  const info = await deps.env.IMAGES.info(streamOf(bytes));
  const size = "width" in info ? { width: info.width, height: info.height } : null;
  return size && Math.max(size.width, size.height) > WORKING_MAX_SIDE ? workingCopy(deps.env, bytes, size, WORKING_MAX_SIDE) : bytes;
}

/** The likeness verdict of one render. */
const checkRender = async (deps: Deps, bytes: Uint8Array, references: number[][]) => checkLikeness(visionOf(deps.env), await workingSize(deps, bytes), references);

/** The queue consumer's work for one job. Throws to have the queue retry it. */
export async function runRenderJob(deps: Deps, job: GenerationJob): Promise<void> {
  const { env } = deps;
  const db = deps.db();
  const [row] = await db.select().from(photoGenerations).where(eq(photoGenerations.id, job.generationId));
  if (!row || isFinal(row.generationStatus)) return;
  const [style] = await db.select().from(styleTemplates).where(eq(styleTemplates.id, row.styleId!));
  // A remote renderer fetches the selfie itself through a signed link: here it only has to exist.
  if (!style || !(await env.PHOTOS.head(row.originalPhotoUrl))) return void (await fail(deps, row.id, "photo_missing"));
  const r = renderer(deps);
  await db
    .update(photoGenerations)
    .set({ attempts: sql`${photoGenerations.attempts} + 1` })
    .where(eq(photoGenerations.id, row.id));
  const references = await referencesOf(deps, row);

  if (r.kind === "remote") {
    const existing = row.predictions.filter((p) => (p.attempt ?? 0) === 0).length;
    const ids = await r.start(await renderJobFor(deps, row, style as Style, existing, row.requestedCount));
    const created: PredictionRecord[] = ids.map((id, k) => ({ id, status: "starting", slot: existing + k, attempt: 0 }));
    await db
      .update(photoGenerations)
      .set({ predictions: sql`${photoGenerations.predictions} || ${JSON.stringify(created)}::jsonb` })
      .where(eq(photoGenerations.id, row.id));
    await move(deps, row.id, "processing", { processingStartedAt: new Date(), progress: 0 });
    return;
  }
  await move(deps, row.id, "processing", { processingStartedAt: new Date(), progress: 0 });
  const selfie = await env.PHOTOS.get(row.originalPhotoUrl);
  if (!selfie) return void (await fail(deps, row.id, "photo_missing"));
  const selfieBytes = new Uint8Array(await selfie.arrayBuffer());
  const images = await r.render(selfieBytes, await renderJobFor(deps, row, style as Style, 0, row.requestedCount));
  const outputs: GenerationOutput[] = [];
  const withheld: WithheldImage[] = [];
  for (const [slot, first] of images.entries()) {
    let image = first;
    let verdict = await checkRender(deps, image.bytes, references);
    let best = verdict.likeness;
    if (!verdict.ok) {
      // One re-render of this slot with a new seed.
      image = (await r.render(selfieBytes, await renderJobFor(deps, row, style as Style, slot, slot + 1, reseed(row.id, slot))))[0]!;
      verdict = await checkRender(deps, image.bytes, references);
      best = Math.max(best ?? -1, verdict.likeness ?? -1);
    }
    if (verdict.ok) {
      const stored = await storeImageWithThumbnail(env, `users/${row.userId}/headshots/${row.id}/${slot}.jpg`, image!.bytes, image!.contentType);
      outputs.push({ ...stored, likeness: verdict.likeness });
    } else withheld.push({ slot, reason: verdict.reason, likeness: best !== null && best >= 0 ? best : null, attempts: 2 });
  }
  await finish(deps, row.id, outputs, withheld);
}

/** A prediction's news, from the webhook or the reconciler. Safe to apply twice or late. */
export async function applyPrediction(deps: Deps, p: PredictionStatus): Promise<"unknown_prediction" | "already_final" | "updated"> {
  const { env } = deps;
  const db = deps.db();
  const [row] = await db
    .select()
    .from(photoGenerations)
    .where(sql`${photoGenerations.predictions} @> ${JSON.stringify([{ id: p.id }])}::jsonb`);
  if (!row) return "unknown_prediction";
  if (isFinal(row.generationStatus)) return "already_final";
  const record = row.predictions.find((x) => x.id === p.id)!;
  if (TERMINAL.includes(record.status)) return "updated";

  if (p.status === "starting" || p.status === "processing") {
    await move(deps, row.id, "processing", { processingStartedAt: row.processingStartedAt ?? new Date(), progress: p.progress ?? row.progress });
    return "updated";
  }
  // Replicate deletes outputs after about an hour: copy the ones that pass the likeness check now,
  // before recording success. A render that fails it is never stored.
  const stored: GenerationOutput[] = [];
  let verdict: LikenessVerdict | null = null;
  if (p.status === "succeeded") {
    const references = await referencesOf(deps, row);
    for (const [i, url] of p.outputs.entries()) {
      const res = await fetch(url);
      if (!res.ok) throw new Error(`output download failed: ${res.status}`);
      const bytes = new Uint8Array(await res.arrayBuffer());
      verdict = await checkRender(deps, bytes, references);
      if (!verdict.ok) continue;
      const image = await storeImageWithThumbnail(env, `users/${row.userId}/headshots/${row.id}/${p.id}-${i}.jpg`, bytes, res.headers.get("content-type") ?? "image/jpeg");
      stored.push({ ...image, likeness: verdict.likeness });
    }
  }
  const rejected = p.status === "succeeded" && stored.length === 0 && verdict && !verdict.ok ? verdict : null;
  const done = await db.transaction(async (tx) => {
    const [locked] = await tx.select().from(photoGenerations).where(eq(photoGenerations.id, row.id)).for("update");
    if (!locked || isFinal(locked.generationStatus)) return undefined;
    const index = locked.predictions.findIndex((x) => x.id === p.id);
    const mine = locked.predictions[index]!;
    // Two deliveries of one outcome raced: the first one applied it.
    if (TERMINAL.includes(mine.status)) return { row: locked, retrySlot: null };
    const slot = mine.slot ?? index;
    const attempt = mine.attempt ?? 0;
    const predictions: PredictionRecord[] = locked.predictions.map((x) =>
      x.id === p.id ? { ...x, status: p.status, ...(rejected ? { rejected: rejected.reason, likeness: rejected.likeness } : {}) } : x,
    );
    const withheld = [...(locked.withheld ?? [])];
    let retrySlot: number | null = null;
    if (rejected && attempt === 0) {
      // The slot gets one more render; its placeholder id becomes the real one once created.
      predictions.push({ id: `retry:${p.id}`, status: "starting", slot, attempt: 1 });
      retrySlot = slot;
    } else if (rejected) {
      const first = locked.predictions.find((x) => (x.slot ?? -1) === slot && (x.attempt ?? 0) === 0);
      withheld.push({ slot, reason: rejected.reason, likeness: maxLikeness(first?.likeness, rejected.likeness), attempts: 2 });
    }
    const outputs = [...(locked.outputs ?? []).filter((o) => !stored.some((s) => s.key === o.key)), ...stored];
    const [updated] = await tx.update(photoGenerations).set({ predictions, outputs, withheld }).where(eq(photoGenerations.id, row.id)).returning();
    return { row: updated!, retrySlot };
  });
  if (!done) return "already_final";
  // Images delivered so far show in polls before the generation finishes.
  if (stored.length) await publish(deps, done.row);
  if (done.retrySlot !== null) await startRerender(deps, done.row, p.id, done.retrySlot);
  else await finishIfDone(deps, done.row);
  return "updated";
}

const TERMINAL = ["succeeded", "failed", "canceled", "aborted"];

const maxLikeness = (a: number | null | undefined, b: number | null | undefined) => (a == null ? (b ?? null) : b == null ? a : Math.max(a, b));

/** Finishes the generation once every slot has its last prediction in a final state. */
async function finishIfDone(deps: Deps, row: GenerationRow): Promise<void> {
  const firsts = row.predictions.filter((x) => (x.attempt ?? 0) === 0);
  const allTerminal = firsts.length >= row.requestedCount && row.predictions.every((x) => TERMINAL.includes(x.status));
  if (allTerminal) await finish(deps, row.id, row.outputs ?? [], row.withheld ?? []);
}

/**
 * Creates the re-render of `slot` at the provider (a new seed) and swaps the placeholder for the
 * real prediction. If the provider refuses, the slot is withheld as its first render was.
 */
async function startRerender(deps: Deps, row: GenerationRow, rejectedId: string, slot: number): Promise<void> {
  const placeholder = `retry:${rejectedId}`;
  const r = renderer(deps);
  const [style] = await deps.db().select().from(styleTemplates).where(eq(styleTemplates.id, row.styleId!));
  let id: string | null = null;
  if (r.kind === "remote" && style) {
    try {
      id = (await r.start(await renderJobFor(deps, row, style as Style, slot, slot + 1, reseed(row.id, slot))))[0] ?? null;
    } catch (err) {
      deps.log.warn("re-render could not start", { generationId: row.id, slot, message: String(err) });
    }
  }
  const updated = await deps.db().transaction(async (tx) => {
    const [locked] = await tx.select().from(photoGenerations).where(eq(photoGenerations.id, row.id)).for("update");
    if (!locked || isFinal(locked.generationStatus)) return undefined;
    const first = locked.predictions.find((x) => x.id === rejectedId);
    const predictions = locked.predictions.map((x) => (x.id !== placeholder ? x : id ? { ...x, id } : { ...x, status: "failed" }));
    const withheld = id ? locked.withheld : [...locked.withheld, { slot, reason: first?.rejected ?? "mismatch", likeness: first?.likeness ?? null, attempts: 1 }];
    const [u] = await tx.update(photoGenerations).set({ predictions, withheld }).where(eq(photoGenerations.id, row.id)).returning();
    return u;
  });
  if (updated && !id) await finishIfDone(deps, updated);
}

/**
 * Ends a generation with what it produced. Credits are kept for delivered images only, in whole
 * sets (`headshotSetSize` images a credit); the rest of the reservation comes back. Nothing
 * delivered because every render was withheld: the generation fails and the reservation is released.
 */
async function finish(deps: Deps, id: string, outputs: GenerationOutput[], withheld: WithheldImage[]): Promise<void> {
  if (!outputs.length) {
    const row = await fail(deps, id, withheld.length ? "likeness_withheld" : "provider_failed", { withheld });
    return void row;
  }
  const [current] = await deps.db().select({ requestedCount: photoGenerations.requestedCount }).from(photoGenerations).where(eq(photoGenerations.id, id));
  const refund = current ? headshotCredits(current.requestedCount) - headshotCredits(outputs.length) : 0;
  const qualities = await measureOutputs(deps, outputs);
  const row = await move(deps, id, "succeeded", {
    outputs,
    withheld,
    creditsRefunded: refund,
    processingCompletedAt: new Date(),
    progress: 100,
    qualityMetrics: { images: qualities },
    localQualityScore: generationConfidence(qualities),
  });
  if (!row) return;
  await commitSpend(deps, row.userId, row.reservationId!);
  if (refund > 0) {
    await userAccount(deps.env, row.userId).grant(row.userId, refund, withheld.length ? "headshot_withheld_refund" : "headshot_partial_refund", `headshot-refund:${row.id}`, {
      generationId: row.id,
      delivered: outputs.length,
      withheld: withheld.length,
    });
  }
  await deps.db().execute(sql`update users set total_generations = total_generations + ${outputs.length} where id = ${row.userId}`);
  await notifyGenerationFinished(deps, row);
}

/**
 * Runs every stored output back through the imaging core (a measurement failure is not fatal), on
 * a working-size copy from the Images binding: decoding full-size renders in the isolate would
 * make this the pipeline's most expensive step (see bench/RESULTS.md).
 */
async function measureOutputs(deps: Deps, outputs: GenerationOutput[]): Promise<HeadshotQuality[]> {
  const qualities: HeadshotQuality[] = [];
  for (const o of outputs) {
    try {
      const object = await deps.env.PHOTOS.get(o.key);
      if (!object) continue;
      const bytes = new Uint8Array(await object.arrayBuffer());
      const original = { width: o.width, height: o.height, bytes: bytes.byteLength };
      const copy = original.width > 0 ? await workingCopy(deps.env, bytes, original, WORKING_MAX_SIDE) : bytes;
      qualities.push(assessHeadshot(await analyzePhoto(copy, { ...(original.width > 0 ? { original } : {}) })));
    } catch (err) {
      deps.log.warn("could not measure a headshot", { key: o.key, message: String(err) });
    }
  }
  return qualities;
}

/** Fails a generation (if it is not already finished) and gives the credits back. */
export async function fail(deps: Deps, id: string, reason: FailureReason, set: Partial<GenerationRow> = {}): Promise<GenerationRow | undefined> {
  // The whole reservation comes back: its credits, computed from the row in the same statement.
  const refunded = sql`ceil(${photoGenerations.requestedCount}::numeric / ${headshotSetSize})::int * ${creditCosts.headshot}`;
  const row = await move(deps, id, "failed", { ...set, failureReason: reason, processingCompletedAt: new Date(), creditsRefunded: refunded as unknown as number });
  if (row?.reservationId) await releaseSpend(deps, row.userId, row.reservationId);
  if (row) await notifyGenerationFinished(deps, row);
  return row;
}

export async function cancel(deps: Deps, userId: string, id: string): Promise<GenerationRow> {
  const [current] = await deps
    .db()
    .select()
    .from(photoGenerations)
    .where(and(eq(photoGenerations.id, id), eq(photoGenerations.userId, userId)));
  if (!current) throw new ApiError("not_found", "No such generation.");
  if (isFinal(current.generationStatus)) throw new ApiError("generation_finished", `This generation already ${current.generationStatus}.`);
  const row = await move(deps, id, "canceled", { failureReason: "canceled", processingCompletedAt: new Date() });
  if (!row) throw new ApiError("generation_finished", "This generation has just finished.");
  if (row.reservationId) await releaseSpend(deps, userId, row.reservationId);
  const r = renderer(deps);
  if (r.kind === "remote") {
    for (const p of row.predictions) await r.cancel(p.id).catch((err) => deps.log.warn("cancel at provider failed", { prediction: p.id, message: String(err) }));
  }
  return row;
}

/**
 * The reconciler (cron): generations whose webhook never came are polled at the provider and
 * finished or failed; jobs stuck before processing are failed. No generation stays stuck and no
 * credit stays reserved.
 */
export async function reconcileGenerations(deps: Deps, now = Date.now()): Promise<{ polled: number; failed: number }> {
  const deadline = new Date(now - deps.config.GENERATION_DEADLINE_SECONDS * 1000);
  const hardDeadline = new Date(now - deps.config.GENERATION_DEADLINE_SECONDS * 3000);
  const stuck = await deps
    .db()
    .select()
    .from(photoGenerations)
    .where(and(inArray(photoGenerations.generationStatus, ["pending", "queued", "processing"]), lt(photoGenerations.createdAt, deadline)))
    .orderBy(asc(photoGenerations.createdAt))
    .limit(100);
  let polled = 0;
  let failed = 0;
  const r = renderer(deps);
  for (const row of stuck) {
    if (row.generationStatus === "processing" && r.kind === "remote" && row.predictions.length) {
      for (const p of row.predictions.filter((x) => !["succeeded", "failed", "canceled", "aborted"].includes(x.status))) {
        polled++;
        await applyPrediction(deps, await r.get(p.id));
      }
      const [after] = await deps.db().select().from(photoGenerations).where(eq(photoGenerations.id, row.id));
      if (after && !isFinal(after.generationStatus) && row.createdAt < hardDeadline) {
        for (const p of after.predictions) await r.cancel(p.id).catch(() => {});
        if (await fail(deps, row.id, "provider_timeout")) failed++;
      }
    } else if (row.createdAt < hardDeadline || row.generationStatus !== "processing") {
      if (await fail(deps, row.id, row.generationStatus === "processing" ? "provider_timeout" : "retries_exhausted")) failed++;
    }
  }
  return { polled, failed };
}
