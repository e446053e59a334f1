// Dating photo analyses: POST /v1/dating/analyses (1-9 photos, costs a credit), GET one, list.
// Each photo gets an overall score, detailed scores with reasons, concrete fixes and its place
// per platform; the run gets the recommended order, drops and what is missing, per platform.
import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../context";
import { problemResponses } from "../errors";
import { getRun, listRuns, runAnalysis } from "../dating/analyses";
import { photoTypes, visionStatuses } from "../domain/photo-judgement";
import { detailKeys, type DetailKey } from "../domain/photo-scoring";
import { dropCodes, missingCodes, platforms } from "../domain/photo-set";
import { userPresences } from "../domain/set-identity";
import { COCO_LABELS, objectCategories } from "../imaging/coco";
import { defectSchema } from "../imaging/features";
import { json, jsonMiddleware, jsonRequest, pageQuery, pageSchema } from "./schemas";
import { defineRoute } from "./define-route";

export const datingAnalyses = new OpenAPIHono<AppEnv>();

const detailSchema = z.object({ score: z.number().int().nullable(), reason: z.string(), source: z.enum(["local", "vision"]) });
const suggestionSchema = z.object({ code: z.string(), message: z.string(), impact: z.enum(["high", "medium", "low"]), source: z.enum(["local", "vision"]) });
const recommendationSchema = z
  .object({
    platform: z.enum(platforms),
    order: z.array(z.uuid()),
    lead: z.uuid().nullable(),
    drop: z.array(
      z.object({
        id: z.uuid(),
        code: z.enum(dropCodes).optional().openapi({ description: "Why it is left out; absent on analyses made before codes were given" }),
        reason: z.string(),
      }),
    ),
    missing: z.array(z.object({ code: z.enum(missingCodes), message: z.string() })),
  })
  .openapi("PhotoSetRecommendation");

const userInPhotoSchema = z
  .object({
    presence: z.enum(userPresences).openapi({
      description:
        "Who is the user, from the face that recurs across the set's photos: `solo` (the only face), `in_group` (one of several: `faceIndex`, `position`), `absent` (not in this photo), `unclear` (hard to tell which one is you), `unknown` (no face recurs, so the set does not show who you are)",
    }),
    faceIndex: z.number().int().min(0).nullable(),
    position: z.string().nullable().openapi({ description: 'Left to right as the viewer sees it: "left", "second from left", "in the middle", "right", ...' }),
    message: z.string().nullable(),
  })
  .openapi("UserInPhoto");

const photoResultSchema = z
  .object({
    analysisId: z.uuid(),
    photoId: z.uuid().nullable(),
    overallScore: z.number().int(),
    // Every key listed: a client can label each one, and a new one is a visible contract change.
    detailedScores: z.object(Object.fromEntries(detailKeys.map((k) => [k, detailSchema])) as Record<DetailKey, typeof detailSchema>),
    suggestions: z.array(suggestionSchema),
    photoType: z.enum([...photoTypes, "unknown"]),
    photoTypeSource: z.enum(["vision", "local", "none"]),
    clearSoloFace: z.boolean(),
    faceCount: z.number().int().min(0),
    user: userInPhotoSchema,
    scoreCap: z
      .object({
        limit: z.number().int(),
        code: z.enum(["no_person", "poor_light", "out_of_focus", "below_photos_of_you"]),
        reason: z.string(),
      })
      .nullable()
      .openapi({
        description:
          "Set when a severe defect (no face, lighting under 30, face out of focus) or a photo of you in the same set holds `overallScore` at or under `limit`; `reason` is written for the user.",
      }),
    defects: z.array(defectSchema),
    objects: z
      .array(z.object({ label: z.enum(COCO_LABELS), category: z.enum(objectCategories), score: z.number() }))
      .nullable()
      .openapi({
        description:
          "Things in the scene the local object detector (NanoDet, COCO classes) found at or above its threshold: pets, animals, activity gear, drinks, travel, people. Null when it did not look: it looks when the face does not fill the frame, and not in analyses from before it existed.",
      }),
    vision: z.object({
      status: z.enum(visionStatuses),
      provider: z.string().nullable(),
      reason: z.string().optional(),
    }),
    platformOptimization: z.record(z.string(), z.object({ position: z.number().int().nullable(), lead: z.boolean(), dropped: z.string().nullable() })),
  })
  .openapi("PhotoAnalysis");

const runSchema = z
  .object({
    id: z.uuid(),
    status: z.enum(["processing", "completed", "failed"]),
    provider: z.string().openapi({ description: "`local` (pixel measurements only) or `local+openai:<model>`" }),
    platform: z.enum(platforms).nullable(),
    photos: z.array(photoResultSchema),
    recommendation: z.record(z.string(), recommendationSchema),
    createdAt: z.iso.datetime(),
    expiresAt: z.iso.datetime(),
  })
  .openapi("AnalysisRun");

type Loaded = Awaited<ReturnType<typeof getRun>>;

function present({ run, rows }: Loaded) {
  const order = run.recommendation?.[run.platform ?? "tinder"]?.order ?? [];
  const sorted = [...rows].sort((a, b) => (order.indexOf(a.photoId ?? "") + 1 || 99) - (order.indexOf(b.photoId ?? "") + 1 || 99));
  return {
    id: run.id,
    status: run.status,
    provider: run.provider,
    platform: run.platform,
    photos: sorted.map((r) => {
      const insights = r.aiInsights ?? {};
      return {
        analysisId: r.id,
        photoId: r.photoId,
        overallScore: r.overallScore ?? 0,
        detailedScores: r.detailedScores!,
        suggestions: r.improvementSuggestions ?? [],
        photoType: insights.photoType ?? "unknown",
        photoTypeSource: insights.photoTypeSource ?? "none",
        clearSoloFace: insights.clearSoloFace ?? false,
        faceCount: insights.faceCount ?? 0,
        user: insights.user ?? { presence: "unknown" as const, faceIndex: null, position: null, message: null },
        scoreCap: insights.scoreCap ?? null,
        defects: insights.defects ?? [],
        objects: insights.objects ?? null,
        vision: insights.vision ?? { status: "not_configured" as const, provider: null },
        platformOptimization: r.platformOptimization ?? {},
      };
    }),
    recommendation: run.recommendation ?? {},
    createdAt: run.createdAt.toISOString(),
    expiresAt: run.expiresAt.toISOString(),
  };
}

const create = defineRoute({
  method: "post",
  path: "/v1/dating/analyses",
  tags: ["Dating"],
  summary: "Analyse 1-9 uploaded photos: scores, fixes, and the best order per platform (1 credit)",
  description: "Send an `Idempotency-Key` header: a retried request returns the same analysis and charges once.",
  auth: "adult",
  middleware: jsonMiddleware,
  request: {
    ...jsonRequest(z.strictObject({ photoIds: z.array(z.uuid()).min(1).max(9), platform: z.enum(platforms).optional() })),
    headers: z.object({ "idempotency-key": z.string().min(8).max(128).optional() }),
  },
  responses: {
    201: json(runSchema, "The analysis"),
    ...problemResponses("unauthenticated", "invalid_token", "validation_failed", "not_found", "insufficient_credits", "idempotency_key_exhausted"),
  },
});

datingAnalyses.openapi(create, async (c) => {
  const body = c.req.valid("json");
  const key = c.req.valid("header")["idempotency-key"] ?? crypto.randomUUID();
  const result = await runAnalysis(c.var.services, c.var.auth.userId, { ...body, idempotencyKey: `${c.var.auth.userId}:${key}` });
  return c.json(present(result), 201);
});

const get = defineRoute({
  method: "get",
  path: "/v1/dating/analyses/{id}",
  tags: ["Dating"],
  summary: "One analysis",
  auth: "adult",
  request: { params: z.object({ id: z.uuid() }) },
  responses: { 200: json(runSchema, "The analysis"), ...problemResponses("unauthenticated", "invalid_token", "not_found") },
});

datingAnalyses.openapi(get, async (c) => c.json(present(await getRun(c.var.services.db(), c.var.auth.userId, c.req.valid("param").id)), 200));

const list = defineRoute({
  method: "get",
  path: "/v1/dating/analyses",
  tags: ["Dating"],
  summary: "Your analyses, newest first (cursor pagination)",
  auth: "adult",
  request: { query: pageQuery({ default: 10, max: 50 }) },
  responses: {
    200: json(pageSchema(runSchema, "AnalysisPage"), "A page"),
    ...problemResponses("unauthenticated", "invalid_token", "validation_failed", "invalid_cursor"),
  },
});

datingAnalyses.openapi(list, async (c) => {
  const { limit, cursor } = c.req.valid("query");
  const page = await listRuns(c.var.services.db(), c.var.auth.userId, limit, cursor);
  return c.json({ items: page.items.map(present), nextCursor: page.next }, 200);
});
