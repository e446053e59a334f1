// GET /health/live (no dependencies: the baseline for benchmarks and load balancers) and
// GET /health (database reachability and schema version).
import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../context";
import { ping } from "../db/ping";
import journal from "../../migrations/meta/_journal.json";
import { json } from "./schemas";
import { defineRoute } from "./define-route";

export const health = new OpenAPIHono<AppEnv>();

const live = defineRoute({
  method: "get",
  path: "/health/live",
  auth: "public",
  tags: ["Operations"],
  summary: "Liveness: the Worker answers (touches nothing)",
  responses: { 200: json(z.object({ status: z.literal("ok") }), "Alive") },
});

health.openapi(live, (c) => c.json({ status: "ok" as const }, 200));

const expected = journal.entries[journal.entries.length - 1]!;

const healthSchema = z
  .object({
    status: z.enum(["ok", "degraded"]),
    database: z.object({
      reachable: z.boolean(),
      latencyMs: z.number().optional(),
      error: z.string().optional(),
    }),
    schema: z.object({
      expected: z.string().openapi({ description: "Newest migration this build ships" }),
      applied: z.string().nullable().openapi({ description: "Newest migration applied to the database" }),
      appliedCount: z.number().int(),
      upToDate: z.boolean(),
    }),
  })
  .openapi("Health");

const readiness = defineRoute({
  method: "get",
  path: "/health",
  auth: "public",
  tags: ["Operations"],
  summary: "Readiness: database reachability and schema version",
  responses: { 200: json(healthSchema, "Healthy"), 503: json(healthSchema, "Database unreachable or schema behind") },
});

health.openapi(readiness, async (c) => {
  const started = Date.now();
  try {
    const row = await Promise.race([ping(c.var.services.db()), new Promise<never>((_, reject) => setTimeout(() => reject(new Error("timed out after 3 s")), 3_000))]);
    const appliedEntry = journal.entries.find((e) => String(e.when) === row.latest);
    const upToDate = row.latest === String(expected.when);
    const body = {
      status: upToDate ? ("ok" as const) : ("degraded" as const),
      database: { reachable: true, latencyMs: Date.now() - started },
      schema: { expected: expected.tag, applied: appliedEntry?.tag ?? row.latest, appliedCount: row.applied, upToDate },
    };
    return c.json(body, upToDate ? 200 : 503);
  } catch (err) {
    c.var.log.warn("health: database unreachable", { message: err instanceof Error ? err.message : String(err) });
    return c.json(
      {
        status: "degraded" as const,
        database: { reachable: false, error: "cannot reach the database" },
        schema: { expected: expected.tag, applied: null, appliedCount: 0, upToDate: false },
      },
      503,
    );
  }
});
