// The daily retention cron: photos, analyses and generated headshots expire after 30 days;
// rows and R2 objects go together, nothing unexpired is touched, and a second run is harmless.
import { afterAll, describe, expect, it } from "vitest";
import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from "cloudflare:test";
import { eq, sql } from "drizzle-orm";
import worker from "../worker/index";
import { analysisRuns, authTokens, photoAnalyses, photoGenerations, photos, securityEvents } from "../worker/db/schema";
import { fixture } from "./fixtures/photos/fixtures";
import { call, json, registerAdult, registerUser, testDatabase, type ResponseBody } from "./helpers";

const { db, close } = testDatabase();
afterAll(() => close());

async function runRetention() {
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ cron: "17 3 * * *", scheduledTime: Date.now() }), env, ctx);
  await waitOnExecutionContext(ctx);
}

describe("retention", () => {
  it("deletes expired photos, analyses and headshots with their objects, keeps the rest, and can run twice", async () => {
    const user = await registerAdult();
    const upload = async () =>
      (
        await json<ResponseBody<"/v1/photos", "post", 201>>(
          await call("/v1/photos?purpose=dating", { rawBody: fixture("astronaut.jpg"), headers: { "content-type": "image/jpeg" }, token: user.accessToken }),
        )
      ).id as string;
    const oldPhoto = await upload();
    const freshPhoto = await upload();
    const [old] = await db.select().from(photos).where(eq(photos.id, oldPhoto));
    const [run] = await db.insert(analysisRuns).values({ userId: user.id, provider: "local", status: "completed", expiresAt: sql`now() - interval '1 day'` }).returning();
    await db
      .insert(photoAnalyses)
      .values({ userId: user.id, runId: run!.id, photoId: freshPhoto, photoKey: "x", analysisStatus: "completed", expiresAt: sql`now() - interval '1 day'` });
    const outputKey = `users/${user.id}/headshots/g/0.jpg`;
    await env.PHOTOS.put(outputKey, "jpeg");
    await env.PHOTOS.put(`users/${user.id}/headshots/g/0.thumb.webp`, "webp");
    const [generation] = await db
      .insert(photoGenerations)
      .values({
        userId: user.id,
        originalPhotoUrl: old!.r2Key,
        generationStatus: "succeeded",
        outputs: [{ key: outputKey, thumbnailKey: `users/${user.id}/headshots/g/0.thumb.webp`, width: 1, height: 1 }],
        expiresAt: sql`now() - interval '1 hour'`,
      })
      .returning();
    await db.update(photos).set({ expiresAt: sql`now() - interval '1 minute'` }).where(eq(photos.id, oldPhoto));

    await runRetention();

    expect(await db.select().from(photos).where(eq(photos.id, oldPhoto))).toHaveLength(0);
    expect(await env.PHOTOS.head(old!.r2Key)).toBeNull();
    expect(await env.PHOTOS.head(old!.thumbnailKey!)).toBeNull();
    expect(await db.select().from(analysisRuns).where(eq(analysisRuns.id, run!.id))).toHaveLength(0);
    expect(await db.select().from(photoGenerations).where(eq(photoGenerations.id, generation!.id))).toHaveLength(0);
    expect(await env.PHOTOS.head(outputKey)).toBeNull();
    // Not expired: untouched.
    expect(await db.select().from(photos).where(eq(photos.id, freshPhoto))).toHaveLength(1);
    expect((await call(`/v1/photos/${freshPhoto}`, { token: user.accessToken })).status).toBe(200);

    await runRetention();
    expect(await db.select().from(photos).where(eq(photos.id, freshPhoto))).toHaveLength(1);
  });

  it("purges email tokens a day past expiry and security events older than a year, nothing newer", async () => {
    const user = await registerUser();
    const token = (hash: string, expires: string) => ({
      userId: user.id,
      purpose: "verify_email" as const,
      tokenHash: hash,
      expiresAt: sql`now() - ${sql.raw(`interval '${expires}'`)}`,
    });
    await db.insert(authTokens).values([token(`old-${user.id}`, "2 days"), token(`recent-${user.id}`, "1 hour")]);
    await db.insert(securityEvents).values([
      { userId: user.id, type: "login", createdAt: sql`now() - interval '400 days'` as never },
      { userId: user.id, type: "login_recent", createdAt: sql`now() - interval '300 days'` as never },
    ]);
    await runRetention();
    const hashes = (await db.select().from(authTokens).where(eq(authTokens.userId, user.id))).map((t) => t.tokenHash);
    expect(hashes).toContain(`recent-${user.id}`);
    expect(hashes).not.toContain(`old-${user.id}`);
    expect((await db.select().from(securityEvents).where(eq(securityEvents.userId, user.id))).map((e) => e.type)).not.toContain("login");
    expect((await db.select().from(securityEvents).where(eq(securityEvents.userId, user.id))).map((e) => e.type)).toContain("login_recent");
  });
});
