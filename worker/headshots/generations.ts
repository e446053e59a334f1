// The life of a headshot generation, from the API request to the finished gallery entry.
// Postgres holds the record (conditional updates make every move idempotent and one-way);
// the GenerationRoom object mirrors it to live clients; credits are reserved up front and
// committed only for images actually delivered.
import { and, asc, count, eq, inArray, lt, sql } from "drizzle-orm";
import type { Config, Env } from "../env";
import type { Database } from "../db/client";
import { photoGenerations, photos, styleTemplates } from "../db/schema";
import { ApiError } from "../errors";
import type { Logger } from "../log";
import { failureMessages, isFinal, priorStatuses, type FailureReason, type GenerationStatus } from "../domain/generation";
import { creditCosts } from "../domain/catalogue";
import { reserveCredits, userAccount } from "../billing/account";
import { signedFileUrl } from "../security/signed-url";
import { storeImageWithThumbnail, workingCopy, type StoredImage } from "../storage/images";
import { WORKING_MAX_SIDE } from "../imaging/working-image";
import { headshotRenderer, type HeadshotRenderer, type InlineRenderer, type PredictionStatus, type Style } from "../providers/renderer";
import { notifyGenerationFinished } from "./notify";
import { photoFeaturesSchema } from "../imaging/features";
import { analyzePhoto } from "../imaging/analyze";
import { assessHeadshot, generationConfidence, type HeadshotQuality } from "../domain/headshot-quality";
import { selfieProblems } from "../domain/selfie";
import { activeStyles } from "./style-catalogue";
import type { GenerationRecord } from "../../durable-objects/generation-room";

export type GenerationRow = typeof photoGenerations.$inferSelect;

export interface Deps {
  env: Env;
  config: Config;
  db: Database;
  log: Logger;
  localRenderer: () => InlineRenderer;
}

export interface GenerationJob {
  type: "render";
  generationId: string;
}

export const renderer = (deps: Deps): HeadshotRenderer => headshotRenderer(deps.config, deps.localRenderer);

const room = (env: Env, id: string) => env.GENERATION.get(env.GENERATION.idFromName(id));

/** What the room keeps besides the broadcast state: the rest of a poll's answer. */
export function generationRecord(row: GenerationRow): GenerationRecord {
  return {
    userId: row.userId,
    styleId: row.styleId,
    photoId: row.photoId,
    requestedCount: row.requestedCount,
    outputs: row.outputs ?? [],
    confidence: row.aiConfidenceScore,
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
    await room(deps.env, row.id).publish(
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
  const [row] = await deps.db
    .update(photoGenerations)
    .set({ ...set, generationStatus: to })
    .where(and(eq(photoGenerations.id, id), inArray(photoGenerations.generationStatus, priorStatuses(to))))
    .returning();
  if (row) await publish(deps, row);
  return row;
}

export interface StartRequest {
  photoId: string;
  styleId: string;
  count: number;
  idempotencyKey: string;
}

export async function startGeneration(deps: Deps, userId: string, req: StartRequest): Promise<{ row: GenerationRow; queuePosition: number }> {
  const { db, env } = deps;
  const [photo] = await db.select().from(photos).where(and(eq(photos.id, req.photoId), eq(photos.userId, userId)));
  if (!photo) throw new ApiError("not_found", "No such photo.");
  // Check the selfie before anything is charged: one clear face, or a reason the user can act on.
  const features = photoFeaturesSchema.safeParse(photo.features);
  const problems = features.success ? selfieProblems(features.data) : [{ code: "no_face", message: "This photo has not been measured; upload it again." }];
  if (problems.length) {
    throw new ApiError("selfie_unusable", problems.map((p) => p.message).join(" "), { errors: problems.map((p) => ({ path: p.code, message: p.message })) });
  }
  // The catalogue write-back is best effort here (the styles route keeps it alive with waitUntil).
  const style = (await activeStyles(() => db, (p) => void p)).find((s) => s.id === req.styleId);
  if (!style) throw new ApiError("not_found", `No style ${req.styleId}.`);
  if (style.subscriptionRequired) {
    const account = await userAccount(env, userId).balance(userId);
    if (account.tier !== "unlimited") throw new ApiError("entitlement_required", `${style.name} is included with Unlimited.`);
  }
  const name = renderer(deps).name;
  const reservation = await reserveCredits(env, userId, creditCosts.headshot * req.count, `headshot:${req.idempotencyKey}`, 3600);
  // The same idempotency key maps to the same reservation, hence (unique index) the same generation.
  const [row] = await db
    .insert(photoGenerations)
    .values({
      userId,
      photoId: photo.id,
      originalPhotoUrl: photo.r2Key,
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

/** The queue consumer's work for one job. Throws to have the queue retry it. */
export async function runRenderJob(deps: Deps, job: GenerationJob): Promise<void> {
  const { db, env, config } = deps;
  const [row] = await db.select().from(photoGenerations).where(eq(photoGenerations.id, job.generationId));
  if (!row || isFinal(row.generationStatus)) return;
  const [style] = await db.select().from(styleTemplates).where(eq(styleTemplates.id, row.styleId!));
  // A remote renderer fetches the selfie itself through a signed link: here it only has to exist.
  if (!style || !(await env.PHOTOS.head(row.originalPhotoUrl))) return void (await fail(deps, row.id, "photo_missing"));
  const r = renderer(deps);
  await db.update(photoGenerations).set({ attempts: sql`${photoGenerations.attempts} + 1` }).where(eq(photoGenerations.id, row.id));

  const renderJob = {
    generationId: row.id,
    selfieKey: row.originalPhotoUrl,
    selfieUrl: await signedFileUrl(config.PUBLIC_API_URL, config.URL_SIGNING_KEY, row.originalPhotoUrl, 3600),
    style: style as Style,
    count: row.requestedCount,
    existingPredictions: row.predictions.length,
  };
  if (r.kind === "remote") {
    const ids = await r.start(renderJob);
    await db
      .update(photoGenerations)
      .set({ predictions: sql`${photoGenerations.predictions} || ${JSON.stringify(ids.map((id) => ({ id, status: "starting" })))}::jsonb` })
      .where(eq(photoGenerations.id, row.id));
    await move(deps, row.id, "processing", { processingStartedAt: new Date(), progress: 0 });
    return;
  }
  await move(deps, row.id, "processing", { processingStartedAt: new Date(), progress: 0 });
  const selfie = await env.PHOTOS.get(row.originalPhotoUrl);
  if (!selfie) return void (await fail(deps, row.id, "photo_missing"));
  const images = await r.render(new Uint8Array(await selfie.arrayBuffer()), renderJob);
  const outputs = [];
  for (const [i, image] of images.entries()) {
    outputs.push(await storeImageWithThumbnail(env, `users/${row.userId}/headshots/${row.id}/${i}.jpg`, image.bytes, image.contentType));
  }
  await finish(deps, row.id, outputs);
}

/** A prediction's news, from the webhook or the reconciler. Safe to apply twice or late. */
export async function applyPrediction(deps: Deps, p: PredictionStatus): Promise<"unknown_prediction" | "already_final" | "updated"> {
  const { db, env } = deps;
  const [row] = await db
    .select()
    .from(photoGenerations)
    .where(sql`${photoGenerations.predictions} @> ${JSON.stringify([{ id: p.id }])}::jsonb`);
  if (!row) return "unknown_prediction";
  if (isFinal(row.generationStatus)) return "already_final";

  if (p.status === "starting" || p.status === "processing") {
    await move(deps, row.id, "processing", { processingStartedAt: row.processingStartedAt ?? new Date(), progress: p.progress ?? row.progress });
    return "updated";
  }
  // Replicate deletes outputs after about an hour: copy them now, before recording success.
  const stored: StoredImage[] = [];
  if (p.status === "succeeded") {
    for (const [i, url] of p.outputs.entries()) {
      const res = await fetch(url);
      if (!res.ok) throw new Error(`output download failed: ${res.status}`);
      const bytes = new Uint8Array(await res.arrayBuffer());
      stored.push(await storeImageWithThumbnail(env, `users/${row.userId}/headshots/${row.id}/${p.id}-${i}.jpg`, bytes, res.headers.get("content-type") ?? "image/jpeg"));
    }
  }
  const done = await db.transaction(async (tx) => {
    const [locked] = await tx.select().from(photoGenerations).where(eq(photoGenerations.id, row.id)).for("update");
    if (!locked || isFinal(locked.generationStatus)) return undefined;
    const predictions = locked.predictions.map((x) => (x.id === p.id ? { id: x.id, status: p.status } : x));
    const outputs = [...(locked.outputs ?? []).filter((o) => !stored.some((s) => s.key === o.key)), ...stored];
    const [updated] = await tx.update(photoGenerations).set({ predictions, outputs }).where(eq(photoGenerations.id, row.id)).returning();
    return updated;
  });
  if (!done) return "already_final";
  // Images delivered so far show in polls before the generation finishes.
  if (stored.length) await publish(deps, done);
  const allTerminal = done.predictions.length >= done.requestedCount && done.predictions.every((x) => ["succeeded", "failed", "canceled", "aborted"].includes(x.status));
  if (allTerminal) await finish(deps, row.id, done.outputs ?? []);
  return "updated";
}

/** Ends a generation with what it produced: credits for delivered images are kept, the rest refunded. */
async function finish(deps: Deps, id: string, outputs: NonNullable<GenerationRow["outputs"]>): Promise<void> {
  if (!outputs.length) return void (await fail(deps, id, "provider_failed"));
  const qualities = await measureOutputs(deps, outputs);
  const row = await move(deps, id, "succeeded", {
    outputs,
    processingCompletedAt: new Date(),
    progress: 100,
    qualityMetrics: { images: qualities },
    aiConfidenceScore: generationConfidence(qualities),
  });
  if (!row) return;
  const account = userAccount(deps.env, row.userId);
  await account.commit(row.userId, row.reservationId!);
  const undelivered = row.requestedCount - outputs.length;
  if (undelivered > 0) await account.grant(row.userId, undelivered * creditCosts.headshot, "headshot_partial_refund", `headshot-refund:${row.id}`);
  await deps.db.execute(sql`update users set total_generations = total_generations + ${outputs.length} where id = ${row.userId}`);
  await notifyGenerationFinished(deps, row);
}

/**
 * Runs every stored output back through the imaging core (a measurement failure is not fatal), on
 * a working-size copy from the Images binding: decoding full-size renders in the isolate would
 * make this the pipeline's most expensive step (see bench/RESULTS.md).
 */
async function measureOutputs(deps: Deps, outputs: NonNullable<GenerationRow["outputs"]>): Promise<HeadshotQuality[]> {
  const qualities: HeadshotQuality[] = [];
  for (const o of outputs) {
    try {
      const object = await deps.env.PHOTOS.get(o.key);
      if (!object) continue;
      const bytes = new Uint8Array(await object.arrayBuffer());
      const original = { width: o.width, height: o.height, bytes: bytes.byteLength };
      const copy = original.width > 0 ? await workingCopy(deps.env, bytes, original, WORKING_MAX_SIDE) : bytes;
      qualities.push(assessHeadshot(await analyzePhoto(copy, original.width > 0 ? { original } : {})));
    } catch (err) {
      deps.log.warn("could not measure a headshot", { key: o.key, message: String(err) });
    }
  }
  return qualities;
}

/** Fails a generation (if it is not already finished) and gives the credits back. */
export async function fail(deps: Deps, id: string, reason: FailureReason): Promise<GenerationRow | undefined> {
  const row = await move(deps, id, "failed", { failureReason: reason, processingCompletedAt: new Date() });
  if (row?.reservationId) await userAccount(deps.env, row.userId).release(row.userId, row.reservationId);
  if (row) await notifyGenerationFinished(deps, row);
  return row;
}

export async function cancel(deps: Deps, userId: string, id: string): Promise<GenerationRow> {
  const [current] = await deps.db.select().from(photoGenerations).where(and(eq(photoGenerations.id, id), eq(photoGenerations.userId, userId)));
  if (!current) throw new ApiError("not_found", "No such generation.");
  if (isFinal(current.generationStatus)) throw new ApiError("generation_finished", `This generation already ${current.generationStatus}.`);
  const row = await move(deps, id, "canceled", { failureReason: "canceled", processingCompletedAt: new Date() });
  if (!row) throw new ApiError("generation_finished", "This generation has just finished.");
  if (row.reservationId) await userAccount(deps.env, userId).release(userId, row.reservationId);
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
  const stuck = await deps.db
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
      const [after] = await deps.db.select().from(photoGenerations).where(eq(photoGenerations.id, row.id));
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
