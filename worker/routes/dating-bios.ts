// Bios for the Dating Profile Optimizer: POST /v1/dating/bios (generate, costs credits),
// GET /v1/dating/bios and /v1/dating/bios/{id} (what was generated), POST /v1/dating/bios/review
// (score an existing bio, free).
import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import type { AppEnv } from "../context";
import { ApiError, problemResponses } from "../errors";
import { requireAuth } from "../middleware/auth";
import { reserveCredits, userAccount } from "../billing/account";
import { creditCosts } from "../domain/catalogue";
import { bioStyles, bioTones, cleanFacts, hasUsableFacts, refusedFact } from "../domain/bio-facts";
import { reviewBio, type BioReview } from "../domain/bio-review";
import { datingPlatforms, hingePrompts, platformLimits, type DatingPlatform } from "../domain/platforms";
import { BioRefusedByModel, writeBios, type BioSet } from "../providers/bios";
import { findBio, insertBios, recentBios, type BioRow } from "../analytics/dating-store";
import { recordEvent } from "../analytics/events";
import { forwardInBackground } from "../analytics/forwarder";
import { describeError } from "../log";
import { bearerSecurity, json, jsonMiddleware, jsonRequest } from "./schemas";

export const datingBios = new OpenAPIHono<AppEnv>();
datingBios.use("/v1/dating/bios", requireAuth);
datingBios.use("/v1/dating/bios/*", requireAuth);

// --- shapes ---------------------------------------------------------------------------------

/** Free text from the user: any script, emoji and "<3" allowed; no control characters. */
const factText = (max: number) =>
  z
    .string()
    .trim()
    .min(2)
    .max(max)
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

const reviewSchema = z
  .object({
    score: z.number().int().min(0).max(100),
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
    suggestions: z.array(suggestionSchema),
    analysis: analysisSchema,
    adjustments: z.array(z.enum(["contact_details_removed", "trimmed_to_limit"])).openapi({ description: "What the server changed in the writer's text" }),
    provider: z.string(),
    createdAt: z.iso.datetime(),
  })
  .openapi("GeneratedBio");

interface StoredAnalysis extends BioReview {
  adjustments: ("contact_details_removed" | "trimmed_to_limit")[];
}
interface StoredAbData {
  batchId: string;
  variant: number;
  provider: string;
  hingePrompt: (typeof hingePrompts)[number] | null;
}

function bioView(row: BioRow) {
  const review = row.psychologyAnalysis as StoredAnalysis;
  const ab = row.abTestData as StoredAbData;
  return {
    id: row.id,
    platform: row.platform as DatingPlatform,
    style: row.bioStyle,
    text: row.bioText,
    hingePrompt: ab.hingePrompt,
    length: review.length,
    maxChars: review.maxChars,
    score: review.score,
    suggestions: review.suggestions,
    analysis: review.analysis,
    adjustments: review.adjustments,
    provider: ab.provider,
    createdAt: row.createdAt.toISOString(),
  };
}

// --- POST /v1/dating/bios -------------------------------------------------------------------

const generate = createRoute({
  method: "post",
  path: "/v1/dating/bios",
  tags: ["Dating"],
  summary: "Write 1-5 bios from your own facts, each with a psychology analysis",
  description:
    `Costs ${creditCosts.bioSet} credit per request, taken only when bios are delivered. Written by an OpenAI model when one is ` +
    "configured (`provider: openai:<model>`), otherwise, or when the model fails, by a local template composer " +
    "(`provider: local-template`; `fallback` says why). Every bio fits the platform's limit and carries no contact details. " +
    "Facts are data: text in them that reads like instructions is ignored (see `warnings`).",
  security: bearerSecurity,
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
          creditsCharged: z.number().int(),
          warnings: z.array(z.enum(["contact_details_removed", "instruction_like_text_ignored"])),
          bios: z.array(bioSchema),
        })
        .openapi("BioSet"),
      "The bios, stored in your history",
    ),
    ...problemResponses("unauthenticated", "invalid_token", "age_verification_required", "under_age", "validation_failed", "malformed_json", "insufficient_credits", "bio_content_refused"),
  },
});

datingBios.openapi(generate, async (c) => {
  const body = c.req.valid("json");
  const { userId } = c.var.auth;
  const { config, log } = c.var;

  // Checked before any credit is held: these requests never cost anything.
  const refused = refusedFact(body.facts);
  if (refused) {
    throw new ApiError("bio_content_refused", `${refused.field} contains ${refused.reason} content.`, {
      errors: [{ path: refused.field, message: `${refused.reason} content is not allowed` }],
    });
  }
  const { facts, warnings } = cleanFacts(body.facts);
  if (!hasUsableFacts(facts)) {
    throw new ApiError("validation_failed", "Nothing usable is left after removing contact details and instructions.", {
      errors: [{ path: "facts", message: "give at least one interest or specific about yourself" }],
    });
  }

  const reservation = await reserveCredits(c.env, userId, creditCosts.bioSet, `bios:${crypto.randomUUID()}`, config.RESERVATION_TTL_SECONDS);
  const account = userAccount(c.env, userId);
  const batchId = crypto.randomUUID();
  let set: BioSet;
  let rows: BioRow[];
  try {
    set = await writeBios(config, { facts, style: body.style, platform: body.platform, variants: body.variants }, log);
    const provider = set.provider;
    rows = await insertBios(
      c.var.db(),
      set.bios.map((bio, variant) => ({
        userId,
        bioText: bio.text,
        bioStyle: body.style,
        platform: body.platform,
        psychologyAnalysis: { ...reviewBio(bio.text, body.platform), adjustments: bio.adjustments } satisfies StoredAnalysis,
        abTestData: { batchId, variant, provider, hingePrompt: bio.hingePrompt } satisfies StoredAbData,
      })),
    );
  } catch (err) {
    // No credit is taken for work that did not happen.
    await account.release(userId, reservation.id).catch((e: unknown) => log.error("releasing a bio reservation failed", describeError(e)));
    if (err instanceof BioRefusedByModel) throw new ApiError("bio_content_refused", "The writer declined these facts. Rephrase them and try again.");
    throw err;
  }
  const committed = await account.commit(userId, reservation.id);
  if (!committed.ok) log.warn("bio reservation could not be committed", { reservationId: reservation.id, code: committed.code });

  try {
    const event = await recordEvent(c.var.db(), {
      userId,
      type: "bio_generated",
      properties: { platform: body.platform, style: body.style, variants: rows.length, provider: set.provider, fallback: set.fallback?.reason ?? null, bioIds: rows.map((r) => r.id) },
    });
    forwardInBackground(config, (p) => c.executionCtx.waitUntil(p), [event], log);
  } catch (err) {
    // Analytics must never cost the user their bios.
    log.warn("recording bio_generated failed", describeError(err));
  }

  return c.json(
    {
      provider: set.provider,
      fallback: set.fallback,
      platform: body.platform,
      style: body.style,
      limit: { kind: platformLimits[body.platform].kind, maxChars: platformLimits[body.platform].maxChars },
      creditsCharged: reservation.amount,
      warnings,
      bios: rows.map(bioView),
    },
    201,
  );
});

// --- GET /v1/dating/bios, /v1/dating/bios/{id} ----------------------------------------------

const list = createRoute({
  method: "get",
  path: "/v1/dating/bios",
  tags: ["Dating"],
  summary: "Your most recent bios, newest first",
  security: bearerSecurity,
  request: { query: z.object({ limit: z.coerce.number().int().min(1).max(50).default(20) }) },
  responses: {
    200: json(z.object({ items: z.array(bioSchema) }).openapi("BioList"), "Recent bios"),
    ...problemResponses("unauthenticated", "invalid_token", "age_verification_required", "under_age", "validation_failed"),
  },
});

datingBios.openapi(list, async (c) => {
  const rows = await recentBios(c.var.db(), c.var.auth.userId, c.req.valid("query").limit);
  return c.json({ items: rows.map(bioView) }, 200);
});

const getOne = createRoute({
  method: "get",
  path: "/v1/dating/bios/{id}",
  tags: ["Dating"],
  summary: "One of your bios",
  security: bearerSecurity,
  request: { params: z.object({ id: z.uuid() }) },
  responses: { 200: json(bioSchema, "The bio"), ...problemResponses("unauthenticated", "invalid_token", "age_verification_required", "under_age", "validation_failed", "not_found") },
});

datingBios.openapi(getOne, async (c) => {
  const row = await findBio(c.var.db(), c.var.auth.userId, c.req.valid("param").id);
  if (!row) throw new ApiError("not_found", "No such bio.");
  return c.json(bioView(row), 200);
});

// --- POST /v1/dating/bios/review ------------------------------------------------------------

const review = createRoute({
  method: "post",
  path: "/v1/dating/bios/review",
  tags: ["Dating"],
  summary: "Score a bio you already have (0-100) with concrete suggestions. Free.",
  security: bearerSecurity,
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
