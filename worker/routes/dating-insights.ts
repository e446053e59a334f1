// What the A/B data says: GET /v1/dating/insights (per-version funnels and whether differences
// are real) and GET /v1/dating/dashboard (everything the app's Analytics Dashboard shows).
// The insights are pure functions in domain/dating-insights.ts (over the tests in
// domain/statistics.ts), loaded by dating/insights.ts; this file shapes them.
import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../context";
import { problemResponses } from "../errors";
import { datingPlatforms } from "../domain/platforms";
import { bestVerdicts, minimumEvidence, significanceLevel, verdicts } from "../domain/dating-insights";
import { countBios, recentBios } from "../analytics/dating-store";
import { loadInsights } from "../dating/insights";
import { json } from "./schemas";
import { defineRoute } from "./define-route";

export const datingInsights = new OpenAPIHono<AppEnv>();

const counts = z.object({ matches: z.number(), conversations: z.number(), dates: z.number() });

const versionInsightSchema = z
  .object({
    id: z.uuid(),
    label: z.string(),
    platform: z.string(),
    days: z.number().int().openapi({ description: "Days covered by recorded periods (each day once)" }),
    matches: z.number().int(),
    conversations: z.number().int(),
    dates: z.number().int(),
    perDay: counts,
    funnel: z.object({ matchToConversation: z.number().nullable(), conversationToDate: z.number().nullable(), matchToDate: z.number().nullable() }),
    enoughData: z.boolean(),
  })
  .openapi("VersionInsight");

const comparisonSchema = z
  .object({
    platform: z.string(),
    a: z.object({ id: z.uuid(), label: z.string() }),
    b: z.object({ id: z.uuid(), label: z.string() }),
    verdict: z.enum(verdicts),
    summary: z.string(),
    rateA: z.number().openapi({ description: "Matches per day" }),
    rateB: z.number(),
    rateRatio: z.number().nullable(),
    pValue: z.number().nullable().openapi({ description: "Exact conditional Poisson test, two-sided" }),
    probabilityAHigher: z.number().nullable().openapi({ description: "P(A's match rate > B's), Gamma posteriors with flat priors, exact" }),
  })
  .openapi("VersionComparison");

const bestSchema = z
  .object({
    platform: z.string(),
    verdict: z.enum(bestVerdicts),
    version: z.object({ id: z.uuid(), label: z.string() }).nullable(),
    summary: z.string(),
  })
  .openapi("BestVersion");

const methodSchema = z.object({
  minimumDays: z.number().int(),
  minimumMatches: z.number().int(),
  significanceLevel: z.number(),
  test: z.string(),
  bayesian: z.string(),
});

const method = {
  minimumDays: minimumEvidence.days,
  minimumMatches: minimumEvidence.matches,
  significanceLevel,
  test: "exact conditional Poisson rate test (binomial on the total, two-sided)",
  bayesian: "Gamma(matches + 1, days) posteriors (flat priors); P(A > B) computed exactly via the Beta-binomial identity",
};

const insights = defineRoute({
  method: "get",
  path: "/v1/dating/insights",
  tags: ["Dating"],
  summary: "Per-version funnels and whether one version really gets more matches",
  description: `Comparisons need at least ${minimumEvidence.days} days and ${minimumEvidence.matches} matches per version; below that the verdict is \`not_enough_data\`.`,
  auth: "adult",
  request: { query: z.object({ platform: z.enum(datingPlatforms).optional() }) },
  responses: {
    200: json(
      z.object({ method: methodSchema, versions: z.array(versionInsightSchema), comparisons: z.array(comparisonSchema), best: z.array(bestSchema) }).openapi("Insights"),
      "Insights",
    ),
    ...problemResponses("unauthenticated", "invalid_token", "age_verification_required", "under_age", "validation_failed"),
  },
});

datingInsights.openapi(insights, async (c) => {
  const result = await loadInsights(c.var.services.db(), c.var.auth.userId, c.req.valid("query").platform);
  return c.json({ method, ...result }, 200);
});

const dashboard = defineRoute({
  method: "get",
  path: "/v1/dating/dashboard",
  tags: ["Dating"],
  summary: "The Analytics Dashboard screen: totals, versions with funnels, best version, recent bios",
  auth: "adult",
  responses: {
    200: json(
      z
        .object({
          totals: z.object({
            matches: z.number().int(),
            conversations: z.number().int(),
            dates: z.number().int(),
            profileVersions: z.number().int(),
            biosGenerated: z.number().int(),
          }),
          versions: z.array(versionInsightSchema),
          best: z.array(bestSchema),
          recentBios: z.array(
            z.object({ id: z.uuid(), platform: z.string(), style: z.string(), text: z.string(), score: z.number().int().nullable(), createdAt: z.iso.datetime() }),
          ),
        })
        .openapi("DatingDashboard"),
      "Dashboard",
    ),
    ...problemResponses("unauthenticated", "invalid_token", "age_verification_required", "under_age"),
  },
});

datingInsights.openapi(dashboard, async (c) => {
  const db = c.var.services.db();
  const { userId } = c.var.auth;
  const [result, bios, biosGenerated] = await Promise.all([loadInsights(db, userId), recentBios(db, userId, 5), countBios(db, userId)]);
  const sum = (k: "matches" | "conversations" | "dates") => result.versions.reduce((s, v) => s + v[k], 0);
  return c.json(
    {
      totals: { matches: sum("matches"), conversations: sum("conversations"), dates: sum("dates"), profileVersions: result.versions.length, biosGenerated },
      versions: result.versions,
      best: result.best,
      recentBios: bios.map((b) => ({
        id: b.id,
        platform: b.platform,
        style: b.bioStyle,
        text: b.bioText,
        score: b.psychologyAnalysis?.score ?? null,
        createdAt: b.createdAt.toISOString(),
      })),
    },
    200,
  );
});
