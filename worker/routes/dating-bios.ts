// Bios for the Dating Profile Optimizer: POST /v1/dating/bios (generate, costs credits; the flow
// itself is dating/bios.ts), GET /v1/dating/bios and /v1/dating/bios/{id} (what was generated),
// POST /v1/dating/bios/review (score an existing bio, free), and per bio of a set, free: rewrite
// it (POST …/{setId}/variants/{n}/regenerate, a few times per set) or save an edited text (PATCH).
//
// A set's rows carry, in `a_b_test_data`, the cleaned facts it was written from (a rewrite needs
// them) and the set's rewrite count (the same on every row; changed under a lock on the set).
import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../context";
import { ApiError, problemResponses } from "../errors";
import { creditCosts } from "../domain/catalogue";
import { bioStyles, bioTones } from "../domain/bio-facts";
import { reviewBio } from "../domain/bio-review";
import { datingPlatforms, hingePrompts, platformLimits, type DatingPlatform } from "../domain/platforms";
import { findBio, listBios, type BioRow } from "../analytics/dating-store";
import { editBio, REGENERATIONS_PER_SET, rewriteBio, writeBioSet } from "../dating/bios";
import { json, jsonMiddleware, jsonRequest, pageQuery, pageSchema } from "./schemas";
import { defineRoute } from "./define-route";

export const datingBios = new OpenAPIHono<AppEnv>();

// --- shapes ---------------------------------------------------------------------------------

/** Free text from the user: any script, emoji and "<3" allowed; no control characters. */
const factText = (max: number) =>
  z
    .string()
    .trim()
    .min(2)
    .max(max)
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to refuse control characters
    .regex(/^[^\u0000-\u0008\u000B-\u001F\u007F]*$/, "must not contain control characters");

const platformSchema = z.enum(datingPlatforms).openapi({ description: "tinder (bio, 500 chars), bumble (bio, 300), hinge (prompt answer, 150)" });

const analysisSchema = z
  .object({
    warmth: z.number().int(),
    competence: z.number().int(),
    humour: z.number().int(),
    specificity: z.number().int(),
    clichesFound: z.array(z.string()),
    readingEase: z.number().openapi({ description: "Flesch reading ease; 60-80 is plain conversational English" }),
    hook: z.string().nullable().openapi({ description: "The question or hook a match can answer" }),
    negativePhrases: z.array(z.string()),
    contactDetails: z.array(z.enum(["email", "phone", "url", "handle", "social"])),
    wordCount: z.number().int(),
  })
  .openapi("BioAnalysis");

const suggestionSchema = z.object({
  code: z.enum(["over_limit", "too_short", "too_long", "cliche", "add_specifics", "add_hook", "negativity", "contact_info", "content_not_allowed", "hard_to_read"]),
  message: z.string(),
});

const reasonSchema = z
  .object({
    check: z.enum(["length", "specifics", "opener", "warmth_or_humour", "readability", "clean", "contact_details", "cap"]),
    passed: z.boolean(),
    points: z.number().int().openapi({ description: "What this check added to the score (negative for a penalty)" }),
    outOf: z.number().int().openapi({ description: "The most it can add; 0 for a penalty or the cap" }),
    message: z.string().openapi({ description: "The reason in words a user reads" }),
  })
  .openapi("ScoreReason");

const reviewSchema = z
  .object({
    score: z.number().int().min(0).max(100),
    reasons: z.array(reasonSchema).openapi({ description: "Why the score is what it is: one entry per check; the points add up to the score (before the cap of 40)" }),
    length: z.number().int(),
    maxChars: z.number().int(),
    withinLimit: z.boolean(),
    suggestions: z.array(suggestionSchema),
    analysis: analysisSchema,
  })
  .openapi("BioReview");

const bioSchema = z
  .object({
    id: z.uuid(),
    platform: platformSchema,
    style: z.string(),
    text: z.string(),
    hingePrompt: z.enum(hingePrompts).nullable(),
    length: z.number().int(),
    maxChars: z.number().int(),
    score: z.number().int(),
    reasons: z.array(reasonSchema),
    suggestions: z.array(suggestionSchema),
    analysis: analysisSchema,
    adjustments: z.array(z.enum(["contact_details_removed", "trimmed_to_limit"])).openapi({ description: "What the server changed in the writer's (or your edited) text" }),
    provider: z.string().openapi({ description: "Who wrote it: `openai:<model>` or `local-template` (our offline template writer, not AI)" }),
    setId: z.uuid().openapi({ description: "The set this bio was written in" }),
    variant: z.number().int().min(0).openapi({ description: "Its position in the set, from 0" }),
    edited: z.boolean().openapi({ description: "You edited the text by hand" }),
    regenerationsLeft: z.number().int().min(0).openapi({ description: "Free rewrites left for this bio's set" }),
    createdAt: z.iso.datetime(),
  })
  .openapi("GeneratedBio");

function bioView(row: BioRow) {
  const stored = row.psychologyAnalysis!;
  const ab = row.abTestData!;
  const platform = row.platform as DatingPlatform;
  // Bios stored before scores carried their reasons are scored again, so score and reasons agree.
  const review = stored.reasons ? { ...stored, reasons: stored.reasons } : { ...reviewBio(row.bioText, platform), adjustments: stored.adjustments };
  return {
    id: row.id,
    platform,
    style: row.bioStyle,
    text: row.bioText,
    hingePrompt: ab.hingePrompt,
    length: review.length,
    maxChars: review.maxChars,
    score: review.score,
    reasons: review.reasons,
    suggestions: review.suggestions,
    analysis: review.analysis,
    adjustments: review.adjustments,
    provider: ab.provider,
    setId: ab.batchId,
    variant: ab.variant,
    edited: ab.edited ?? false,
    regenerationsLeft: ab.facts ? Math.max(0, REGENERATIONS_PER_SET - (ab.regenerations ?? 0)) : 0,
    createdAt: row.createdAt.toISOString(),
  };
}

// --- POST /v1/dating/bios -------------------------------------------------------------------

const generate = defineRoute({
  method: "post",
  path: "/v1/dating/bios",
  tags: ["Dating"],
  summary: "Write 1-5 bios from your own facts, each with a psychology analysis",
  description:
    `Costs ${creditCosts.bioSet} credit per request, taken only when bios are delivered. Written by an OpenAI model when one is ` +
    "configured (`provider: openai:<model>`), otherwise, or when the model fails, by a local template composer " +
    "(`provider: local-template`; `fallback` says why). Every bio fits the platform's limit and carries no contact details. " +
    "Facts are data: text in them that reads like instructions is ignored (see `warnings`).",
  auth: "adult",
  middleware: jsonMiddleware,
  request: jsonRequest(
    z.strictObject({
      platform: platformSchema,
      style: z.enum(bioStyles),
      variants: z.number().int().min(1).max(5).default(3),
      facts: z.strictObject({
        interests: z.array(factText(60)).min(1).max(8),
        work: factText(100).optional(),
        lookingFor: factText(150).optional(),
        specifics: z.array(factText(120)).min(1).max(5).openapi({ description: "A few true, specific things about you" }),
        tone: z.enum(bioTones).default("balanced"),
      }),
    }),
  ),
  responses: {
    201: json(
      z
        .object({
          provider: z.string().openapi({ example: "openai:gpt-4.1-mini" }),
          fallback: z.object({ from: z.string(), reason: z.string() }).nullable(),
          platform: platformSchema,
          style: z.enum(bioStyles),
          limit: z.object({ kind: z.enum(["bio", "prompt_answer"]), maxChars: z.number().int() }),
          setId: z.uuid().openapi({ description: "Rewrite or edit one of these bios, free, under /v1/dating/bios/{setId}/variants/{n}" }),
          creditsCharged: z.number().int(),
          warnings: z.array(z.enum(["contact_details_removed", "instruction_like_text_ignored"])),
          bios: z.array(bioSchema),
        })
        .openapi("BioSet"),
      "The bios, stored in your history",
    ),
    ...problemResponses(
      "unauthenticated",
      "invalid_token",
      "age_verification_required",
      "under_age",
      "validation_failed",
      "malformed_json",
      "insufficient_credits",
      "bio_content_refused",
    ),
  },
});

datingBios.openapi(generate, async (c) => {
  const body = c.req.valid("json");
  const written = await writeBioSet(c.var.services, c.var.auth.userId, body);
  const { set, rows } = written;
  return c.json(
    {
      provider: set.provider,
      fallback: set.fallback,
      platform: body.platform,
      style: body.style,
      limit: { kind: platformLimits[body.platform].kind, maxChars: platformLimits[body.platform].maxChars },
      setId: written.setId,
      creditsCharged: written.creditsCharged,
      warnings: written.warnings,
      bios: rows.map(bioView),
    },
    201,
  );
});

// --- GET /v1/dating/bios, /v1/dating/bios/{id} ----------------------------------------------

const list = defineRoute({
  method: "get",
  path: "/v1/dating/bios",
  tags: ["Dating"],
  summary: "Your bios, newest first (cursor pagination)",
  auth: "adult",
  request: { query: pageQuery({ default: 20, max: 50 }) },
  responses: {
    200: json(pageSchema(bioSchema, "BioList"), "Recent bios"),
    ...problemResponses("unauthenticated", "invalid_token", "age_verification_required", "under_age", "validation_failed", "invalid_cursor"),
  },
});

datingBios.openapi(list, async (c) => {
  const { limit, cursor } = c.req.valid("query");
  const page = await listBios(c.var.services.db(), c.var.auth.userId, limit, cursor);
  return c.json({ items: page.items.map(bioView), nextCursor: page.next }, 200);
});

const getOne = defineRoute({
  method: "get",
  path: "/v1/dating/bios/{id}",
  tags: ["Dating"],
  summary: "One of your bios",
  auth: "adult",
  request: { params: z.object({ id: z.uuid() }) },
  responses: {
    200: json(bioSchema, "The bio"),
    ...problemResponses("unauthenticated", "invalid_token", "age_verification_required", "under_age", "validation_failed", "not_found"),
  },
});

datingBios.openapi(getOne, async (c) => {
  const row = await findBio(c.var.services.db(), c.var.auth.userId, c.req.valid("param").id);
  if (!row) throw new ApiError("not_found", "No such bio.");
  return c.json(bioView(row), 200);
});

// --- POST /v1/dating/bios/review ------------------------------------------------------------

const review = defineRoute({
  method: "post",
  path: "/v1/dating/bios/review",
  tags: ["Dating"],
  summary: "Score a bio you already have (0-100) with concrete suggestions. Free.",
  auth: "adult",
  middleware: jsonMiddleware,
  request: jsonRequest(z.strictObject({ text: z.string().trim().min(1).max(2000), platform: platformSchema })),
  responses: {
    200: json(reviewSchema, "Score, suggestions and the analysis behind them"),
    ...problemResponses("unauthenticated", "invalid_token", "age_verification_required", "under_age", "validation_failed", "malformed_json"),
  },
});

datingBios.openapi(review, (c) => {
  const { text, platform } = c.req.valid("json");
  return c.json(reviewBio(text, platform), 200);
});

// --- one bio of a set: rewrite it, or save your own edit (both free) -------------------------

const variantParams = z.object({
  setId: z.uuid(),
  n: z.coerce.number().int().min(0).max(4).openapi({ description: "The bio's `variant` in the set, from 0" }),
});

const regenerate = defineRoute({
  method: "post",
  path: "/v1/dating/bios/{setId}/variants/{n}/regenerate",
  tags: ["Dating"],
  summary: `Rewrite one bio of a set from the same facts. Free, ${REGENERATIONS_PER_SET} times per set.`,
  description:
    "Replaces the bio's text (same id, re-scored) with a new one written from the set's facts, style and platform by the same writers as " +
    "POST /v1/dating/bios (`provider` says which). No credit is taken. Each set has " +
    `${REGENERATIONS_PER_SET} free rewrites in all (\`regenerationsLeft\`); after that \`bio_regeneration_limit\`. ` +
    "Send an `Idempotency-Key` header: a retried request returns the rewritten bio and uses one rewrite.",
  auth: "adult",
  request: { params: variantParams, headers: z.object({ "idempotency-key": z.string().min(8).max(128).optional() }) },
  responses: {
    200: json(bioSchema, "The rewritten bio"),
    ...problemResponses(
      "unauthenticated",
      "invalid_token",
      "age_verification_required",
      "under_age",
      "validation_failed",
      "not_found",
      "bio_regeneration_limit",
      "bio_regeneration_unavailable",
      "bio_content_refused",
    ),
  },
});

datingBios.openapi(regenerate, async (c) => {
  const { setId, n } = c.req.valid("param");
  const rewritten = await rewriteBio(c.var.services, c.var.auth.userId, { setId, n, idempotencyKey: c.req.valid("header")["idempotency-key"] });
  return c.json(bioView(rewritten), 200);
});

const edit = defineRoute({
  method: "patch",
  path: "/v1/dating/bios/{setId}/variants/{n}",
  tags: ["Dating"],
  summary: "Save your own edit of one bio. Free.",
  description:
    "Replaces the bio's text with yours, checked like a written bio: explicit or hateful text is refused (`bio_content_refused`), contact " +
    "details are removed (`adjustments`), and text over the platform's limit is refused rather than cut. The bio is scored again.",
  auth: "adult",
  middleware: jsonMiddleware,
  request: { params: variantParams, ...jsonRequest(z.strictObject({ text: z.string().trim().min(1).max(2000) })) },
  responses: {
    200: json(bioSchema, "The edited bio, re-scored"),
    ...problemResponses("unauthenticated", "invalid_token", "age_verification_required", "under_age", "validation_failed", "malformed_json", "not_found", "bio_content_refused"),
  },
});

datingBios.openapi(edit, async (c) => {
  const { setId, n } = c.req.valid("param");
  const edited = await editBio(c.var.services, c.var.auth.userId, { setId, n, text: c.req.valid("json").text });
  return c.json(bioView(edited), 200);
});
