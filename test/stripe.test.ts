// Stripe through the real SDK: checkout against the local stand-in, webhooks signed with
// Stripe's own test-header generator.
import { afterAll, describe, expect, it } from "vitest";
import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import Stripe from "stripe";
import { and, eq } from "drizzle-orm";
import worker from "../worker/index";
import { creditLedger, purchases, webhookEvents } from "../worker/db/schema";
import { userAccount } from "../worker/billing/account";
import { call, json, registerUser, testDatabase, type ResponseBody, type Problem } from "./helpers";

const { db, close } = testDatabase();
afterAll(() => close());

const WEBHOOK_SECRET = "whsec_test_firstlook_standin";
const stripe = new Stripe("sk_test_firstlook_standin", { httpClient: Stripe.createFetchHttpClient() });

function checkoutCompleted(userId: string, productId: string, paymentIntent = `pi_${crypto.randomUUID().replace(/-/g, "")}`, credits = 5) {
  return {
    id: `evt_${crypto.randomUUID().replace(/-/g, "")}`,
    object: "event",
    type: "checkout.session.completed",
    api_version: "2025-01-27",
    created: Math.floor(Date.now() / 1000),
    data: {
      object: {
        id: `cs_test_${crypto.randomUUID().replace(/-/g, "")}`,
        object: "checkout.session",
        payment_status: "paid",
        payment_intent: paymentIntent,
        amount_total: 999,
        currency: "usd",
        client_reference_id: userId,
        metadata: { userId, productId, credits: String(credits) },
      },
    },
  };
}

function chargeRefunded(paymentIntent: string, amountRefunded: number) {
  return {
    id: `evt_${crypto.randomUUID().replace(/-/g, "")}`,
    object: "event",
    type: "charge.refunded",
    created: Math.floor(Date.now() / 1000),
    data: { object: { id: `ch_${crypto.randomUUID().slice(0, 8)}`, object: "charge", payment_intent: paymentIntent, amount: 999, amount_refunded: amountRefunded } },
  };
}

async function deliver(event: object, opts: { timestamp?: number; secret?: string; via?: (req: Request) => Promise<Response> } = {}) {
  const payload = JSON.stringify(event);
  const signature = await stripe.webhooks.generateTestHeaderStringAsync({ payload, secret: opts.secret ?? WEBHOOK_SECRET, timestamp: opts.timestamp });
  const req = new Request("http://api.test/v1/webhooks/stripe", { method: "POST", headers: { "stripe-signature": signature, "content-type": "application/json" }, body: payload });
  return opts.via ? opts.via(req) : call("/v1/webhooks/stripe", { rawBody: payload, headers: { "stripe-signature": signature, "content-type": "application/json" } });
}

const balanceOf = async (token: string) => (await json<ResponseBody<"/v1/billing/balance", "get", 200>>(await call("/v1/billing/balance", { token }))).balance as number;

describe("checkout", () => {
  it("creates a Checkout Session through the Stripe SDK, idempotently", async () => {
    const user = await registerUser();
    const key = crypto.randomUUID();
    const first = await call("/v1/billing/checkout", { token: user.accessToken, body: { productId: "dating_credits_15" }, headers: { "idempotency-key": key } });
    expect(first.status).toBe(201);
    const a = await json<ResponseBody<"/v1/billing/checkout", "post", 201>>(first);
    expect(a.provider).toBe("stripe");
    expect(a.url).toContain(a.checkoutId);
    const b = await json<ResponseBody<"/v1/billing/checkout", "post", 201>>(
      await call("/v1/billing/checkout", { token: user.accessToken, body: { productId: "dating_credits_15" }, headers: { "idempotency-key": key } }),
    );
    expect(b.checkoutId).toBe(a.checkoutId);

    const received = (await (await fetch(`${env.STRIPE_API_BASE}/__requests`)).json()) as { idempotencyKey: string; form: Record<string, string> }[];
    const mine = received.filter((r) => r.form["metadata[userId]"] === user.id);
    expect(mine).toHaveLength(2);
    expect(mine[0]!.idempotencyKey).toBe(`checkout:${user.id}:${key}`);
    expect(mine[0]!.form).toMatchObject({ mode: "payment", "metadata[productId]": "dating_credits_15", "line_items[0][price_data][unit_amount]": "2499" });
  });

  it("refuses unknown products and unlimited plans", async () => {
    const user = await registerUser();
    expect((await call("/v1/billing/checkout", { token: user.accessToken, body: { productId: "nope" } })).status).toBe(404);
    const plan = await call("/v1/billing/checkout", { token: user.accessToken, body: { productId: "dating_unlimited_monthly" } });
    expect(plan.status).toBe(400);
  });
});

describe("webhook", () => {
  it("grants the pack once, however often and however concurrently the event arrives", async () => {
    const user = await registerUser();
    const event = checkoutCompleted(user.id, "dating_credits_5");
    const first = await deliver(event);
    expect(first.status).toBe(200);
    expect((await json<ResponseBody<"/v1/webhooks/stripe", "post", 200>>(first)).outcome).toBe("granted");
    const replays = await Promise.all(Array.from({ length: 5 }, () => deliver(event)));
    expect(replays.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    // A different event for the same payment (e.g. async_payment_succeeded) grants nothing more.
    const sibling = { ...event, id: `evt_${crypto.randomUUID().replace(/-/g, "")}` };
    expect((await json<ResponseBody<"/v1/webhooks/stripe", "post", 200>>(await deliver(sibling))).outcome).toBe("already_granted");

    expect(await balanceOf(user.accessToken)).toBe(6);
    const pi = event.data.object.payment_intent;
    expect(await db.select().from(purchases).where(eq(purchases.stripePaymentIntentId, pi))).toHaveLength(1);
    await userAccount(env, user.id).flush();
    expect(
      await db
        .select()
        .from(creditLedger)
        .where(eq(creditLedger.idempotencyKey, `stripe:${pi}`)),
    ).toHaveLength(1);
  });

  it("rejects a bad or stale signature and records nothing", async () => {
    const user = await registerUser();
    const forged = checkoutCompleted(user.id, "dating_credits_40");
    const bad = await deliver(forged, { secret: "whsec_someone_else" });
    expect(bad.status).toBe(400);
    const stale = await deliver(forged, { timestamp: Math.floor(Date.now() / 1000) - 600 });
    expect(stale.status).toBe(400);
    const unsigned = await call("/v1/webhooks/stripe", { rawBody: JSON.stringify(forged), headers: { "content-type": "application/json" } });
    expect(unsigned.status).toBe(400);
    expect(await db.select().from(webhookEvents).where(eq(webhookEvents.eventId, forged.id))).toHaveLength(0);
    expect(await balanceOf(user.accessToken)).toBe(1);
  });

  it("claws back on refund, proportionally and once, leaving a debt rather than a negative balance", async () => {
    const user = await registerUser();
    const paid = checkoutCompleted(user.id, "dating_credits_5");
    await deliver(paid);
    expect(await balanceOf(user.accessToken)).toBe(6);
    const pi = paid.data.object.payment_intent;

    const partial = chargeRefunded(pi, 400); // 40% of 999 -> 2 of 5 credits
    expect((await deliver(partial)).status).toBe(200);
    await deliver(partial);
    expect(await balanceOf(user.accessToken)).toBe(4);

    // The user spends 3 credits, then the rest of the payment is refunded.
    const account = userAccount(env, user.id);
    expect((await account.reserve(user.id, 3, "spend-before-refund")).ok).toBe(true);
    await deliver(chargeRefunded(pi, 999));
    const after = await json<ResponseBody<"/v1/billing/balance", "get", 200>>(await call("/v1/billing/balance", { token: user.accessToken }));
    expect(after).toMatchObject({ balance: 0, debt: 2 });
    const [purchase] = await db.select().from(purchases).where(eq(purchases.stripePaymentIntentId, pi));
    expect(purchase).toMatchObject({ purchaseStatus: "refunded", refundedCredits: 5 });
  });

  it("answers 503 while the database is unreachable; Stripe's retry then grants exactly once", async () => {
    const user = await registerUser();
    const event = checkoutCompleted(user.id, "dating_credits_15");
    const downEnv = { ...env, DATABASE_URL: "postgres://firstlook:firstlook@127.0.0.1:9/postgres" };
    const ctx = createExecutionContext();
    const down = await deliver(event, { via: async (req) => worker.fetch(req, downEnv, ctx) });
    await waitOnExecutionContext(ctx);
    expect(down.status).toBe(503);
    expect((await json<Problem>(down)).code).toBe("database_unavailable");
    expect(await balanceOf(user.accessToken)).toBe(1);

    const retry = await deliver(event);
    expect(retry.status).toBe(200);
    expect((await json<ResponseBody<"/v1/webhooks/stripe", "post", 200>>(retry)).outcome).toBe("granted");
    expect((await json<ResponseBody<"/v1/webhooks/stripe", "post", 200>>(await deliver(event))).outcome).toBe("duplicate");
    expect(await balanceOf(user.accessToken)).toBe(16);
    const rows = await db
      .select()
      .from(webhookEvents)
      .where(and(eq(webhookEvents.provider, "stripe"), eq(webhookEvents.eventId, event.id)));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.outcome).toBe("granted");
  });
});

describe("purchases list", () => {
  it("pages through purchases newest first", async () => {
    const user = await registerUser();
    for (let i = 0; i < 3; i++) await deliver(checkoutCompleted(user.id, "dating_credits_5"));
    const page1 = await json<ResponseBody<"/v1/billing/purchases", "get", 200>>(await call("/v1/billing/purchases?limit=2", { token: user.accessToken }));
    expect(page1.items).toHaveLength(2);
    expect(page1.nextCursor).toBeTruthy();
    const page2 = await json<ResponseBody<"/v1/billing/purchases", "get", 200>>(
      await call(`/v1/billing/purchases?limit=2&cursor=${page1.nextCursor}`, { token: user.accessToken }),
    );
    expect(page2.items).toHaveLength(1);
    expect(page2.nextCursor).toBeNull();
    const ids = [...page1.items, ...page2.items].map((p: { id: string }) => p.id);
    expect(new Set(ids).size).toBe(3);
    expect((await call("/v1/billing/purchases?cursor=garbage", { token: user.accessToken })).status).toBe(400);
  });
});
