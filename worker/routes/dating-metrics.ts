// A/B tracking for dating profiles: POST/GET /v1/dating/profile-versions (what was live, where,
// from when) and POST/GET /v1/dating/metrics (matches, conversations and dates per period).
//
// Rules for metrics, documented in the API and applied by dating/ab-tracking.ts:
// - counts are whole numbers ≥ 0;
// - more conversations than matches is fine (conversations can start from earlier matches);
// - more dates than conversations is accepted with a warning (dates can come from earlier
//   conversations, but it is often a typo);
// - periods for one version must not overlap, or a day would be counted twice: 409
//   `metrics_period_overlap`, unless `allowOverlap: true` says the counts are additional.
//   Insights count each day of exposure once either way.
import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../context";
import { problemResponses } from "../errors";
import { datingPlatforms } from "../domain/platforms";
import { listMetrics, listProfileVersions, type MetricRow, type ProfileVersionRow } from "../analytics/dating-store";
import { createProfileVersion, metricWarnings, recordPeriod, versionWarnings } from "../dating/ab-tracking";
import { json, jsonMiddleware, jsonRequest, pageQuery, pageSchema } from "./schemas";
import { defineRoute } from "./define-route";

export const datingMetrics = new OpenAPIHono<AppEnv>();

const platformSchema = z.enum(datingPlatforms);
const isoDate = z.iso.date().openapi({ example: "2026-03-01" });
/** Tomorrow in UTC: a user east of UTC may already be living in it. */
const latestAllowedDate = () => new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);

// --- profile versions -----------------------------------------------------------------------

const versionSchema = z
  .object({
    id: z.uuid(),
    label: z.string(),
    platform: platformSchema,
    photoIds: z.array(z.uuid()),
    bioId: z.uuid().nullable(),
    bioText: z.string().nullable(),
    liveFrom: isoDate,
    liveTo: isoDate.nullable(),
    createdAt: z.iso.datetime(),
  })
  .openapi("ProfileVersion");

export const versionView = (v: ProfileVersionRow) => ({
  id: v.id,
  label: v.label,
  platform: v.platform,
  photoIds: v.photoIds,
  bioId: v.bioId,
  bioText: v.bioText,
  liveFrom: v.liveFrom,
  liveTo: v.liveTo,
  createdAt: v.createdAt.toISOString(),
});

const createVersion = defineRoute({
  method: "post",
  path: "/v1/dating/profile-versions",
  tags: ["Dating"],
  summary: "Record a version of your profile (photos + bio) that went live on a platform",
  description: "Give either `bioId` (one of your generated bios) or `bioText` (a bio you wrote), or neither.",
  auth: "adult",
  middleware: jsonMiddleware,
  request: jsonRequest(
    z
      .strictObject({
        label: z.string().trim().min(1).max(60),
        platform: platformSchema,
        photoIds: z.array(z.uuid()).max(9).default([]),
        bioId: z.uuid().optional(),
        bioText: z.string().trim().min(1).max(2000).optional(),
        liveFrom: isoDate,
        liveTo: isoDate.optional(),
      })
      .refine((b) => !(b.bioId && b.bioText), { message: "give bioId or bioText, not both", path: ["bioText"] })
      .refine((b) => !b.liveTo || b.liveTo >= b.liveFrom, { message: "must not be before liveFrom", path: ["liveTo"] })
      .refine((b) => new Set(b.photoIds).size === b.photoIds.length, { message: "must not repeat a photo", path: ["photoIds"] }),
  ),
  responses: {
    201: json(z.object({ version: versionSchema, warnings: z.array(z.enum(versionWarnings)) }), "The version"),
    ...problemResponses("unauthenticated", "invalid_token", "age_verification_required", "under_age", "validation_failed", "malformed_json", "not_found"),
  },
});

datingMetrics.openapi(createVersion, async (c) => {
  const { version, warnings } = await createProfileVersion(c.var.services, c.var.auth.userId, c.req.valid("json"));
  return c.json({ version: versionView(version), warnings }, 201);
});

const listVersions = defineRoute({
  method: "get",
  path: "/v1/dating/profile-versions",
  tags: ["Dating"],
  summary: "Your profile versions, oldest first",
  auth: "adult",
  request: { query: z.object({ platform: platformSchema.optional() }) },
  responses: {
    200: json(z.object({ items: z.array(versionSchema) }).openapi("ProfileVersionList"), "Versions"),
    ...problemResponses("unauthenticated", "invalid_token", "age_verification_required", "under_age", "validation_failed"),
  },
});

datingMetrics.openapi(listVersions, async (c) => {
  const rows = await listProfileVersions(c.var.services.db(), c.var.auth.userId, c.req.valid("query").platform);
  return c.json({ items: rows.map(versionView) }, 200);
});

// --- metrics --------------------------------------------------------------------------------

const count = z.number().int("must be a whole number").min(0, "must not be negative").max(100_000);

const metricSchema = z
  .object({
    id: z.uuid(),
    profileVersionId: z.uuid().nullable(),
    platform: z.string(),
    periodStart: isoDate.nullable(),
    periodEnd: isoDate.nullable(),
    matches: z.number().int(),
    conversations: z.number().int(),
    dates: z.number().int(),
    recordedAt: z.iso.datetime(),
  })
  .openapi("SuccessMetrics");

const metricView = (m: MetricRow) => ({
  id: m.id,
  profileVersionId: m.profileVersionId,
  platform: m.platform,
  periodStart: m.periodStart,
  periodEnd: m.periodEnd,
  matches: m.matchesCount,
  conversations: m.conversationsCount,
  dates: m.datesCount,
  recordedAt: m.recordedAt.toISOString(),
});

const metricWarningSchema = z.enum(metricWarnings);

const postMetrics = defineRoute({
  method: "post",
  path: "/v1/dating/metrics",
  tags: ["Dating"],
  summary: "Record matches, conversations and dates for one period of a profile version",
  description:
    "Counts are whole numbers ≥ 0. More conversations than matches is fine; more dates than conversations is accepted with a warning. " +
    "A period overlapping an earlier one for the same version answers 409 `metrics_period_overlap` unless `allowOverlap` is true.",
  auth: "adult",
  middleware: jsonMiddleware,
  request: jsonRequest(
    z
      .strictObject({
        profileVersionId: z.uuid(),
        platform: platformSchema,
        periodStart: isoDate,
        periodEnd: isoDate,
        matches: count,
        conversations: count,
        dates: count,
        allowOverlap: z.boolean().default(false),
      })
      .refine((b) => b.periodEnd >= b.periodStart, { message: "must not be before periodStart", path: ["periodEnd"] })
      .refine((b) => b.periodEnd <= latestAllowedDate(), { message: "must not be in the future", path: ["periodEnd"] })
      .refine((b) => Date.parse(b.periodEnd) - Date.parse(b.periodStart) <= 366 * 86_400_000, { message: "a period spans at most a year", path: ["periodEnd"] }),
  ),
  responses: {
    201: json(z.object({ metrics: metricSchema, warnings: z.array(metricWarningSchema) }), "Recorded"),
    ...problemResponses("unauthenticated", "invalid_token", "age_verification_required", "under_age", "validation_failed", "malformed_json", "not_found", "metrics_period_overlap"),
  },
});

datingMetrics.openapi(postMetrics, async (c) => {
  const { metrics, warnings } = await recordPeriod(c.var.services, c.var.auth.userId, c.req.valid("json"));
  return c.json({ metrics: metricView(metrics), warnings }, 201);
});

const getMetrics = defineRoute({
  method: "get",
  path: "/v1/dating/metrics",
  tags: ["Dating"],
  summary: "Recorded metrics, newest period first (cursor pagination)",
  auth: "adult",
  request: {
    query: pageQuery({ default: 20, max: 100 }).extend({
      profileVersionId: z.uuid().optional(),
      platform: platformSchema.optional(),
    }),
  },
  responses: {
    200: json(pageSchema(metricSchema, "SuccessMetricsPage"), "A page"),
    ...problemResponses("unauthenticated", "invalid_token", "age_verification_required", "under_age", "validation_failed", "invalid_cursor"),
  },
});

datingMetrics.openapi(getMetrics, async (c) => {
  const { limit, cursor, ...filter } = c.req.valid("query");
  const page = await listMetrics(c.var.services.db(), c.var.auth.userId, filter, limit, cursor);
  return c.json({ items: page.items.map(metricView), nextCursor: page.next }, 200);
});
