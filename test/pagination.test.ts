// The one keyset pagination (worker/db/pagination.ts) through the lists that use it: pages over
// rows that tie on the sort key neither repeat nor skip a row, the last page says so, and a
// cursor that was tampered with is a 400 `invalid_cursor` problem on every list.
import { afterAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { purchases, securityEvents } from "../worker/db/schema";
import { decodeCursor, encodeCursor, pageOf } from "../worker/db/pagination";
import { call, json, registerAdult, registerUser, testDatabase, type ResponseBody } from "./helpers";

const { db, close } = testDatabase();
afterAll(() => close());

interface Page {
  items: { id: string }[];
  nextCursor: string | null;
}

/** Every page of `path` at `limit`, following nextCursor until it is null. */
async function allPages(path: string, token: string, limit: number): Promise<Page[]> {
  const pages: Page[] = [];
  let cursor: string | null = null;
  do {
    const res = await call(`${path}?limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`, { token });
    expect(res.status).toBe(200);
    const page: Page = await json(res);
    pages.push(page);
    cursor = page.nextCursor;
  } while (cursor && pages.length < 20);
  return pages;
}

describe("the cursor codec", () => {
  it("round-trips and gives no cursor on the last page", () => {
    const rows = [1, 2, 3].map((n) => ({ n }));
    const first = pageOf(rows, 2, (r) => ({ k: r.n, id: r.n }));
    expect(first.items).toEqual([{ n: 1 }, { n: 2 }]);
    expect(decodeCursor(first.next!)).toEqual({ k: 2, id: 2 });
    expect(pageOf(rows, 3, (r) => ({ k: r.n, id: r.n })).next).toBeNull();
  });

  it("refuses anything that is not {k, id}", () => {
    for (const bad of ["garbage", encodeCursor({ k: "2026-01-01T00:00:00.000Z", id: "not-a-uuid" }), btoa(JSON.stringify({ t: "2026-01-01", id: crypto.randomUUID() }))]) {
      expect(() => decodeCursor(bad), bad).toThrow(expect.objectContaining({ code: "invalid_cursor" }));
    }
  });
});

describe("pages over ties in the sort key", () => {
  it("purchases created in the same millisecond: every one exactly once, newest first, id breaking ties", async () => {
    const user = await registerUser();
    const same = new Date("2026-03-01T12:00:00.123Z");
    const older = new Date("2026-02-01T08:00:00.000Z");
    const rows = await db
      .insert(purchases)
      .values([...Array(5)].map((_, i) => ({ userId: user.id, provider: "sandbox" as const, productId: "dating_credits_5", creditsPurchased: 5, createdAt: i < 4 ? same : older })))
      .returning();
    const expected = [...rows].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1)).map((r) => r.id);

    const pages = await allPages("/v1/billing/purchases", user.accessToken, 2);
    expect(pages.map((p) => p.items.length)).toEqual([2, 2, 1]);
    expect(pages.flatMap((p) => p.items.map((i) => i.id))).toEqual(expected);
    expect(pages.at(-1)!.nextCursor).toBeNull();
  });

  it("security events (numeric ids) with one timestamp page the same way", async () => {
    const user = await registerUser();
    await db.delete(securityEvents).where(eq(securityEvents.userId, user.id));
    const at = new Date("2026-03-02T09:30:00.000Z");
    const rows = await db
      .insert(securityEvents)
      .values([...Array(5)].map(() => ({ userId: user.id, type: "sign_in", createdAt: at })))
      .returning();

    const pages = await allPages("/v1/me/security-events", user.accessToken, 2);
    expect(pages.flatMap((p) => p.items.map((i) => i.id))).toEqual(rows.map((r) => String(r.id)).reverse());
    expect(pages.at(-1)!.nextCursor).toBeNull();
  });

  it("a list that fits one page has no next cursor", async () => {
    const user = await registerUser();
    const page: Page = await json<ResponseBody<"/v1/billing/purchases", "get", 200>>(await call("/v1/billing/purchases?limit=5", { token: user.accessToken }));
    expect(page).toEqual({ items: [], nextCursor: null });
  });
});

describe("a tampered cursor", () => {
  it("is 400 invalid_cursor on every list", async () => {
    const user = await registerAdult();
    const valid = encodeCursor({ k: new Date().toISOString(), id: crypto.randomUUID() });
    // Same shape, edited by hand: the key is no longer a time or a date.
    const edited = encodeCursor({ k: "yesterday", id: crypto.randomUUID() });
    const truncated = valid.slice(0, -5);
    const lists = ["/v1/photos", "/v1/headshots/generations", "/v1/billing/purchases", "/v1/me/security-events", "/v1/dating/analyses", "/v1/dating/bios", "/v1/dating/metrics"];
    const wrong: string[] = [];
    for (const path of lists) {
      for (const cursor of [edited, truncated, "garbage"]) {
        const res = await call(`${path}?cursor=${cursor}`, { token: user.accessToken });
        const body = await json<{ code?: string }>(res);
        if (res.status !== 400 || !res.headers.get("content-type")?.includes("application/problem+json") || body.code !== "invalid_cursor")
          wrong.push(`${path} ${cursor}: ${res.status} ${body.code}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
