// The likeness check on every render, through the real pipeline: the queue consumer, the
// `replicate` SDK against the stand-in (whose outputs show the selfie's person, someone else, no
// face or several faces: test/stand-ins/replicate-api.ts), signed webhooks, R2 and the ledger.
import { afterAll, describe, expect, it } from "vitest";
import { createExecutionContext, createMessageBatch, env, getQueueResult, waitOnExecutionContext } from "cloudflare:test";
import { eq } from "drizzle-orm";
import worker from "../worker/index";
import { creditLedger, photoGenerations, photos } from "../worker/db/schema";
import { userAccount } from "../worker/billing/account";
import { LIKENESS_THRESHOLD } from "../worker/imaging/identity";
import { call, json, registerUser, testDatabase, type TestUser, type ResponseBody, type Problem } from "./helpers";
import { fixture } from "./fixtures/photos/fixtures";

const { db, close } = testDatabase();
afterAll(() => close());

const replicate = (path: string, body?: unknown) =>
  fetch(`${env.REPLICATE_API_BASE}${path}`, { method: body === undefined ? "GET" : "POST", body: body === undefined ? undefined : JSON.stringify(body) });

async function upload(user: TestUser, name: string): Promise<string> {
  const res = await call("/v1/photos?purpose=selfie", { rawBody: fixture(name), headers: { "content-type": "image/jpeg" }, token: user.accessToken });
  expect(res.status).toBe(201);
  return (await json<ResponseBody<"/v1/photos", "post", 201>>(res)).id;
}

async function userWithCredits(credits: number): Promise<TestUser> {
  const user = await registerUser();
  if (credits > 1) await userAccount(env, user.id).grant(user.id, credits - 1, "test_grant", `test:${user.id}:topup`);
  return user;
}

const generationRow = async (id: string) => (await db.select().from(photoGenerations).where(eq(photoGenerations.id, id)))[0]!;

async function webhook(predictionId: string, status: string) {
  const delivery = (await (await replicate(`/__webhook/${predictionId}`, { status })).json()) as { headers: Record<string, string>; body: string };
  return call("/v1/webhooks/replicate", { rawBody: delivery.body, headers: delivery.headers });
}

/** Delivers "succeeded" for every prediction of the generation not yet final, until it finishes. */
async function completeAll(id: string) {
  for (let round = 0; round < 4; round++) {
    const row = await generationRow(id);
    if (["succeeded", "failed"].includes(row.generationStatus)) return;
    for (const p of row.predictions.filter((x) => !["succeeded", "failed"].includes(x.status))) expect((await webhook(p.id, "succeeded")).status).toBe(200);
  }
}

/** The user's balance in their UserAccount and the sum of their Postgres ledger, after the outbox drained. */
async function balanceAndLedger(user: TestUser) {
  const account = userAccount(env, user.id);
  await account.flush();
  const ledger = await db.select().from(creditLedger).where(eq(creditLedger.userId, user.id));
  return { balance: (await account.balance(user.id)).balance, ledgerSum: ledger.reduce((a, e) => a + e.delta, 0), ledger };
}

describe("Replicate renders are checked against the selfie", () => {
  it("a render of someone else is re-rendered once with a new seed, then withheld; the credit comes back and the user is told why", async () => {
    const user = await userWithCredits(1);
    const photoId = await upload(user, "astronaut.jpg");
    await replicate("/__outputs", { sequence: ["other", "other"] });
    const accepted = await json<ResponseBody<"/v1/headshots/generations", "post", 202>>(
      await call("/v1/headshots/generations", { token: user.accessToken, body: { photoId, styleId: "corporate-classic", count: 1 } }),
    );
    expect((await json<ResponseBody<"/v1/billing/balance", "get", 200>>(await call("/v1/billing/balance", { token: user.accessToken }))).balance).toBe(0);
    await expect.poll(async () => (await generationRow(accepted.id)).predictions.length, { timeout: 10_000 }).toBe(1);
    const first = (await generationRow(accepted.id)).predictions[0]!;
    expect(await json(await webhook(first.id, "succeeded"))).toMatchObject({ outcome: "updated" });

    // Not delivered: one more prediction for the same slot, with another seed.
    const afterFirst = await generationRow(accepted.id);
    expect(afterFirst.generationStatus).toBe("processing");
    expect(afterFirst.outputs ?? []).toEqual([]);
    expect(afterFirst.predictions).toHaveLength(2);
    const retry = afterFirst.predictions[1]!;
    expect(retry).toMatchObject({ slot: 0, attempt: 1, status: "starting" });
    expect(afterFirst.predictions[0]).toMatchObject({ status: "succeeded", rejected: "mismatch" });
    const created = (await (await replicate("/__predictions")).json()) as { id: string; input: { seed: number } }[];
    const seeds = [first.id, retry.id].map((id) => created.find((p) => p.id === id)!.input.seed);
    expect(seeds[0]).not.toBe(seeds[1]);

    expect(await json(await webhook(retry.id, "succeeded"))).toMatchObject({ outcome: "updated" });
    const done = await json<ResponseBody<"/v1/headshots/generations/{id}", "get", 200>>(await call(`/v1/headshots/generations/${accepted.id}`, { token: user.accessToken }));
    expect(done).toMatchObject({ status: "failed", failureReason: "likeness_withheld", images: [], creditsRefunded: 1 });
    expect(done.message).toMatch(/did not look enough like you|looked enough like you/);
    expect(done.withheld).toHaveLength(1);
    expect(done.withheld[0]).toMatchObject({ reason: "mismatch" });
    expect(done.withheld[0]!.likeness).toBeLessThan(LIKENESS_THRESHOLD);
    expect(done.withheld[0]!.message).toMatch(/did not look enough like you/);
    // Neither render was kept.
    expect((await env.PHOTOS.list({ prefix: `users/${user.id}/headshots/${accepted.id}/` })).objects).toHaveLength(0);
    // Refunded through the ledger: the UserAccount's balance and the Postgres ledger agree.
    const { balance, ledgerSum, ledger } = await balanceAndLedger(user);
    expect(balance).toBe(1);
    expect(ledgerSum).toBe(balance);
    expect(ledger.filter((e) => e.reason === "reserve").map((e) => e.delta)).toEqual([-1]);
    expect(ledger.filter((e) => e.reason === "release").map((e) => e.delta)).toEqual([1]);
  });

  it("a bad first render whose re-render shows the person is delivered; every delivered image carries its likeness", async () => {
    const user = await userWithCredits(1);
    const photoId = await upload(user, "astronaut.jpg");
    await replicate("/__outputs", { sequence: ["same", "other", "same"] });
    const accepted = await json<ResponseBody<"/v1/headshots/generations", "post", 202>>(
      await call("/v1/headshots/generations", { token: user.accessToken, body: { photoId, styleId: "modern-tech", count: 2 } }),
    );
    await expect.poll(async () => (await generationRow(accepted.id)).predictions.length, { timeout: 10_000 }).toBe(2);
    await completeAll(accepted.id);
    const done = await json<ResponseBody<"/v1/headshots/generations/{id}", "get", 200>>(await call(`/v1/headshots/generations/${accepted.id}`, { token: user.accessToken }));
    expect(done).toMatchObject({ status: "succeeded", withheld: [], creditsRefunded: 0, message: null });
    expect(done.images).toHaveLength(2);
    for (const image of done.images) expect(image.likeness).toBeGreaterThanOrEqual(LIKENESS_THRESHOLD);
    expect((await generationRow(accepted.id)).predictions).toHaveLength(3);
    const { balance, ledgerSum } = await balanceAndLedger(user);
    expect(balance).toBe(0);
    expect(ledgerSum).toBe(balance);
  });

  it("no face and several faces are withheld like a mismatch; delivered images are paid in whole sets and the rest refunded", async () => {
    const user = await userWithCredits(2);
    const photoId = await upload(user, "astronaut.jpg");
    // Five images are two sets (2 credits). The fifth render has no face, its re-render four.
    await replicate("/__outputs", { sequence: ["same", "same", "same", "same", "none", "group"] });
    const accepted = await json<ResponseBody<"/v1/headshots/generations", "post", 202>>(
      await call("/v1/headshots/generations", { token: user.accessToken, body: { photoId, styleId: "academic", count: 5 } }),
    );
    await expect.poll(async () => (await generationRow(accepted.id)).predictions.length, { timeout: 10_000 }).toBe(5);
    await completeAll(accepted.id);
    const done = await json<ResponseBody<"/v1/headshots/generations/{id}", "get", 200>>(await call(`/v1/headshots/generations/${accepted.id}`, { token: user.accessToken }));
    expect(done).toMatchObject({ status: "succeeded", creditsRefunded: 1 });
    expect(done.images).toHaveLength(4);
    expect(done.withheld).toEqual([{ reason: "multiple_faces", likeness: null, message: expect.stringMatching(/more than one face/) }]);
    expect(done.message).toMatch(/1 image was held back.*1 credit was refunded/);
    const { balance, ledgerSum, ledger } = await balanceAndLedger(user);
    expect(balance).toBe(1);
    expect(ledgerSum).toBe(balance);
    expect(ledger.filter((e) => e.reason === "headshot_withheld_refund").map((e) => e.delta)).toEqual([1]);
  });

  it("a repeated delivery of the rejected render starts no second re-render", async () => {
    const user = await userWithCredits(1);
    const photoId = await upload(user, "astronaut.jpg");
    await replicate("/__outputs", { sequence: ["other", "same"] });
    const accepted = await json<ResponseBody<"/v1/headshots/generations", "post", 202>>(
      await call("/v1/headshots/generations", { token: user.accessToken, body: { photoId, styleId: "academic", count: 1 } }),
    );
    await expect.poll(async () => (await generationRow(accepted.id)).predictions.length, { timeout: 10_000 }).toBe(1);
    const first = (await generationRow(accepted.id)).predictions[0]!;
    // Two deliveries (different webhook ids) of the same outcome, at once.
    await Promise.all([webhook(first.id, "succeeded"), webhook(first.id, "succeeded")]);
    expect((await generationRow(accepted.id)).predictions).toHaveLength(2);
    await completeAll(accepted.id);
    const done = await json<ResponseBody<"/v1/headshots/generations/{id}", "get", 200>>(await call(`/v1/headshots/generations/${accepted.id}`, { token: user.accessToken }));
    expect(done.status).toBe("succeeded");
    expect(done.images).toHaveLength(1);
  });
});

describe("the local preview renderer is checked too", () => {
  it("a generation from a selfie: every delivered image's likeness is above the threshold", async () => {
    const offline = { ...env, REPLICATE_API_TOKEN: undefined };
    const user = await userWithCredits(1);
    const photoId = await upload(user, "astronaut.jpg");
    const [photo] = await db.select().from(photos).where(eq(photos.id, photoId));
    const reservation = await userAccount(env, user.id).reserve(user.id, 1, `local-${crypto.randomUUID()}`);
    if (!reservation.ok) throw new Error("reserve failed");
    const [row] = await db
      .insert(photoGenerations)
      .values({
        userId: user.id,
        photoId,
        originalPhotoUrl: photo!.r2Key,
        styleId: "creative-studio",
        renderer: "local-preview",
        requestedCount: 4,
        reservationId: reservation.reservation.id,
        generationStatus: "queued",
      })
      .returning();
    const batch = createMessageBatch("firstlook-generation-jobs", [
      { id: crypto.randomUUID(), timestamp: new Date(), attempts: 1, body: { type: "render", generationId: row!.id } },
    ]);
    const ctx = createExecutionContext();
    await worker.queue(batch, offline, ctx);
    await waitOnExecutionContext(ctx);
    expect((await getQueueResult(batch, ctx)).explicitAcks).toHaveLength(1);
    const done = await json<ResponseBody<"/v1/headshots/generations/{id}", "get", 200>>(await call(`/v1/headshots/generations/${row!.id}`, { token: user.accessToken }));
    expect(done).toMatchObject({ status: "succeeded", renderer: "local-preview", withheld: [] });
    expect(done.images).toHaveLength(4);
    for (const image of done.images) expect(image.likeness).toBeGreaterThanOrEqual(LIKENESS_THRESHOLD);
    expect((await generationRow(row!.id)).referenceEmbeddings).toHaveLength(1);
  });
});

describe("several selfies", () => {
  it("renders the best one and keeps all as references", async () => {
    const user = await userWithCredits(1);
    const tilted = await upload(user, "astronaut-tilted.jpg");
    const clean = await upload(user, "astronaut.jpg");
    const small = await upload(user, "astronaut-grainy.jpg");
    const res = await call("/v1/headshots/generations", { token: user.accessToken, body: { photoIds: [tilted, clean, small], styleId: "academic" } });
    const accepted = await json<ResponseBody<"/v1/headshots/generations", "post", 202>>(res);
    expect(res.status, JSON.stringify(accepted)).toBe(202);
    expect(accepted.photoId).toBe(clean);
    const row = await generationRow(accepted.id);
    expect(row.referencePhotoIds).toEqual([tilted, clean, small]);
    const [photo] = await db.select().from(photos).where(eq(photos.id, clean));
    expect(row.originalPhotoUrl).toBe(photo!.r2Key);
  });

  it("refuses the set if any selfie is unusable, naming which, before charging", async () => {
    const user = await userWithCredits(1);
    const good = await upload(user, "astronaut.jpg");
    const cat = await upload(user, "chelsea-cat.jpg");
    const res = await call("/v1/headshots/generations", { token: user.accessToken, body: { photoIds: [good, cat], styleId: "academic" } });
    expect(res.status).toBe(422);
    const body = await json<Problem>(res);
    expect(body.code).toBe("selfie_unusable");
    expect(body.detail).toMatch(/^Selfie 2: /);
    expect((await json<ResponseBody<"/v1/billing/balance", "get", 200>>(await call("/v1/billing/balance", { token: user.accessToken }))).balance).toBe(1);
  });
});
