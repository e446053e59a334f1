// Account lifecycle by email: the mail providers (dev mailbox, SendGrid through its REST protocol
// against the stand-in), verification, email change, password reset, the purchase gate, the
// audit log and the new-device notice.
import { afterAll, describe, expect, it } from "vitest";
import { env } from "cloudflare:test";
import { and, eq, isNotNull, isNull } from "drizzle-orm";
import { authTokens, securityEvents, sessions, users } from "../worker/db/schema";
import { loadConfig, type Env } from "../worker/env";
import { ApiError } from "../worker/errors";
import { emailSender } from "../worker/providers/email";
import { newDeviceEmail } from "../worker/providers/email/templates";
import { emailBlindIndex } from "../worker/security/field-crypto";
import { sha256Hex } from "../worker/security/encoding";
import { call, callSettled, json, registerUser, testDatabase, uniqueEmail, uniqueIp, type CallOptions, type ResponseBody, type Problem } from "./helpers";

const { db, close } = testDatabase();
/** The key the SendGrid stand-in accepts (test/global-setup.ts). */
const TEST_SENDGRID_API_KEY = "SG.test-firstlook-standin";
afterAll(() => close());

interface Mail {
  id: string;
  from: { email: string; name?: string };
  to: string;
  subject: string;
  text: string;
  html: string;
  sentAt: string;
}

const mailbox = async (to: string): Promise<Mail[]> => (await json<ResponseBody<"/dev/mailbox", "get", 200>>(await call(`/dev/mailbox?to=${encodeURIComponent(to)}`))).messages;
const tokenIn = (mail: Mail | undefined) => {
  const token = /token=([A-Za-z0-9_-]+)/.exec(mail?.text ?? "")?.[1];
  if (!token) throw new Error(`no token in ${mail?.subject}`);
  return token;
};
const problem = async (res: Response) => {
  expect(res.headers.get("content-type")).toContain("application/problem+json");
  return json<Problem>(res);
};

/** Registers through the Worker and waits for the verification email to be stored. */
async function signUp(opts: { email?: string; userAgent?: string; env?: Record<string, string | undefined> } = {}) {
  const email = opts.email ?? uniqueEmail("life");
  const password = "correct horse battery staple";
  const res = await callSettled("/v1/auth/register", { body: { email, password }, headers: opts.userAgent ? { "user-agent": opts.userAgent } : {} }, opts.env);
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${await res.text()}`);
  const body = await json<ResponseBody<"/v1/auth/register", "post", 201>>(res);
  return { email, password, id: body.user.id as string, accessToken: body.accessToken as string, refreshToken: body.refreshToken as string, profile: body.user };
}

const verificationMail = async (email: string) => (await mailbox(email)).find((m) => m.subject === "Confirm your email address");

describe("dev mailbox", () => {
  it("keeps the verification email sent at sign-up, with a link to the app (text and HTML)", async () => {
    const user = await signUp();
    expect(user.profile.emailVerified).toBe(false);
    const mails = await mailbox(user.email);
    expect(mails).toHaveLength(1);
    const [mail] = mails;
    expect(mail).toMatchObject({ to: user.email, from: { email: "no-reply@firstlook.app", name: "Firstlook" }, subject: "Confirm your email address" });
    expect(mail!.text).toMatch(/http:\/\/app\.test\/verify-email\?token=ve_[A-Za-z0-9_-]{43}/);
    expect(mail!.html).toContain(`href="http://app.test/verify-email?token=${tokenIn(mail)}"`);
    expect(mail!.text).toContain("expires in 24 hours");
    // Only the token's hash is stored.
    const [row] = await db.select().from(authTokens).where(eq(authTokens.userId, user.id));
    expect(row).toMatchObject({ purpose: "verify_email", tokenHash: await sha256Hex(tokenIn(mail)), emailEncrypted: null, usedAt: null });
    expect(row!.expiresAt.getTime() - row!.createdAt.getTime()).toBeGreaterThan(23.9 * 3_600_000);
  });

  it("links open the app the user signed up in (its origin, when it is one of ours), else APP_URL", async () => {
    // The Headshots demo, and the same demo under another host name: each its own site to a browser.
    for (const origin of ["http://127.0.0.1:8082", "http://localhost:8081"]) {
      const email = uniqueEmail("origin");
      const res = await callSettled("/v1/auth/register", { body: { email, password: "correct horse battery staple" }, headers: { origin } });
      expect(res.status).toBe(201);
      const mail = await verificationMail(email);
      expect(mail!.text).toContain(`${origin}/verify-email?token=ve_`);
      expect(mail!.html).toContain(`href="${origin}/verify-email?token=`);
    }
    // An origin that is not ours never ends up in a link.
    const email = uniqueEmail("origin");
    await callSettled("/v1/auth/register", { body: { email, password: "correct horse battery staple" }, headers: { origin: "https://evil.example" } });
    const mail = await verificationMail(email);
    expect(mail!.text).toContain("http://app.test/verify-email?token=ve_");
    expect(mail!.text).not.toContain("evil.example");
  });

  it("is absent in staging and production", async () => {
    for (const ENVIRONMENT of ["staging", "production"]) {
      const res = await callSettled(
        `/dev/mailbox?to=${encodeURIComponent(uniqueEmail())}`,
        {},
        { ENVIRONMENT, LOCAL_PG_PROXY: undefined, PUBLIC_API_URL: "https://api.firstlook.test", APP_URL: "https://app.firstlook.test" },
      );
      expect(res.status).toBe(404);
      expect((await problem(res)).code).toBe("not_found");
    }
  });

  it("is refused as a provider in staging and production: sending fails loudly, nothing is written", async () => {
    const prod = loadConfig({
      ...(env as unknown as Record<string, string>),
      ENVIRONMENT: "production",
      LOCAL_PG_PROXY: undefined,
      PUBLIC_API_URL: "https://api.firstlook.test",
      APP_URL: "https://app.firstlook.test",
    } as unknown as Env);
    expect(() => emailSender(prod, env)).toThrow(ApiError);
    expect(() => emailSender({ ...prod, ENVIRONMENT: "staging" }, env)).toThrow(/SENDGRID_API_KEY/);
    expect(emailSender({ ...prod, SENDGRID_API_KEY: "SG.x" }, env).name).toBe("sendgrid");

    const production = { ENVIRONMENT: "production", LOCAL_PG_PROXY: undefined, PUBLIC_API_URL: "https://api.firstlook.test", APP_URL: "https://app.firstlook.test" };
    const email = uniqueEmail("prod");
    const register = await callSettled("/v1/auth/register", { body: { email, password: "correct horse battery" } }, production);
    expect(register.status).toBe(500);
    expect((await problem(register)).code).toBe("misconfigured");
    const forgot = await callSettled("/v1/auth/password/forgot", { body: { email } }, production);
    expect(forgot.status).toBe(500);
    expect((await problem(forgot)).code).toBe("misconfigured");
    expect(
      await db
        .select()
        .from(users)
        .where(eq(users.emailIndex, await emailBlindIndex(env.EMAIL_INDEX_KEY!, email))),
    ).toHaveLength(0);
  });
});

describe("SendGrid", () => {
  const sendgrid = { SENDGRID_API_KEY: TEST_SENDGRID_API_KEY };
  type Received = { authorization: string; contentType: string; body: { personalizations: { to: { email: string }[] }[]; content: { type: string; value: string }[] } };
  const receivedBy = async (email: string) =>
    ((await (await fetch(`${env.SENDGRID_API_BASE}/__requests`)).json()) as Received[]).filter((r) => r.body.personalizations[0]!.to[0]!.email === email);

  it("sends through POST /v3/mail/send with the Bearer key and SendGrid's payload shape", async () => {
    const user = await signUp({ env: sendgrid });
    const [request, ...more] = await receivedBy(user.email);
    expect(more).toHaveLength(0);
    expect(request!.authorization).toBe(`Bearer ${TEST_SENDGRID_API_KEY}`);
    expect(request!.contentType).toContain("application/json");
    expect(request!.body).toMatchObject({
      personalizations: [{ to: [{ email: user.email }] }],
      from: { email: "no-reply@firstlook.app", name: "Firstlook" },
      subject: "Confirm your email address",
      content: [
        { type: "text/plain", value: expect.stringContaining("verify-email?token=ve_") },
        { type: "text/html", value: expect.stringContaining("<a href=") },
      ],
      // Links carry single-use tokens: never rewritten through a click tracker.
      tracking_settings: { click_tracking: { enable: false } },
    });
    // Nothing went to the dev mailbox.
    expect(await mailbox(user.email)).toHaveLength(0);
    // The emailed token works.
    const verified = await call("/v1/auth/verify-email", { body: { token: tokenIn({ text: request!.body.content[0]!.value } as Mail) } });
    expect(verified.status).toBe(200);
  });

  it("answers 502 email_delivery_failed when SendGrid refuses, and the user can retry", async () => {
    const user = await signUp();
    const res = await callSettled("/v1/auth/verify-email/resend", { method: "POST", token: user.accessToken }, { SENDGRID_API_KEY: "SG.revoked-key" });
    expect(res.status).toBe(502);
    expect((await problem(res)).code).toBe("email_delivery_failed");
    expect((await callSettled("/v1/auth/verify-email/resend", { method: "POST", token: user.accessToken }, sendgrid)).status).toBe(202);
    expect(await receivedBy(user.email)).toHaveLength(1);
  });
});

describe("email verification", () => {
  it("verifies with the emailed token, once", async () => {
    const user = await signUp();
    const token = tokenIn(await verificationMail(user.email));
    const res = await call("/v1/auth/verify-email", { body: { token } });
    expect(res.status).toBe(200);
    expect(await json<ResponseBody<"/v1/auth/verify-email", "post", 200>>(res)).toEqual({ emailVerified: true, email: user.email });
    expect((await json<ResponseBody<"/v1/me", "get", 200>>(await call("/v1/me", { token: user.accessToken }))).emailVerified).toBe(true);
    const again = await call("/v1/auth/verify-email", { body: { token } });
    expect(again.status).toBe(400);
    expect((await problem(again)).code).toBe("email_token_invalid");
  });

  it("refuses an expired token", async () => {
    const user = await signUp();
    const token = tokenIn(await verificationMail(user.email));
    await db
      .update(authTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(authTokens.tokenHash, await sha256Hex(token)));
    const res = await call("/v1/auth/verify-email", { body: { token } });
    expect((await problem(res)).code).toBe("email_token_invalid");
    expect((await json<ResponseBody<"/v1/me", "get", 200>>(await call("/v1/me", { token: user.accessToken }))).emailVerified).toBe(false);
  });

  it("refuses unknown and malformed tokens, and a reset token used to verify", async () => {
    expect((await problem(await call("/v1/auth/verify-email", { body: { token: `ve_${"A".repeat(43)}` } }))).code).toBe("email_token_invalid");
    expect((await call("/v1/auth/verify-email", { body: { token: "<script>" } })).status).toBe(400);
    const user = await signUp();
    await callSettled("/v1/auth/password/forgot", { body: { email: user.email } });
    const reset = (await mailbox(user.email)).find((m) => m.subject.startsWith("Reset"));
    expect((await problem(await call("/v1/auth/verify-email", { body: { token: tokenIn(reset) } }))).code).toBe("email_token_invalid");
  });

  it("resends (the older link stops working), refuses once verified, and is rate limited", async () => {
    const user = await signUp();
    const first = tokenIn(await verificationMail(user.email));
    expect((await call("/v1/auth/verify-email/resend", { method: "POST" })).status).toBe(401);
    const res = await callSettled("/v1/auth/verify-email/resend", { method: "POST", token: user.accessToken });
    expect(res.status).toBe(202);
    expect(Date.parse((await json<ResponseBody<"/v1/auth/verify-email/resend", "post", 202>>(res)).expiresAt)).toBeGreaterThan(Date.now() + 23 * 3_600_000);
    const mails = await mailbox(user.email);
    expect(mails).toHaveLength(2);
    const second = tokenIn(mails[0]);
    expect(second).not.toBe(first);
    expect((await problem(await call("/v1/auth/verify-email", { body: { token: first } }))).code).toBe("email_token_invalid");
    expect((await call("/v1/auth/verify-email", { body: { token: second } })).status).toBe(200);
    const done = await call("/v1/auth/verify-email/resend", { method: "POST", token: user.accessToken });
    expect(done.status).toBe(409);
    expect((await problem(done)).code).toBe("email_already_verified");
  });

  it("limits resends per account (AUTH_ACCOUNT_LIMITER) with 429 and Retry-After", async () => {
    const user = await signUp();
    let passed = 0;
    let limited: Response | undefined;
    // Fixed 60 s windows: at least the limit passes, then 429, within two windows' worth.
    for (let i = 0; i < 21 && !limited; i++) {
      const res = await call("/v1/auth/verify-email/resend", { method: "POST", token: user.accessToken, ip: uniqueIp() });
      if (res.status === 429) limited = res;
      else {
        expect(res.status).toBe(202);
        passed++;
        await res.body?.cancel();
      }
    }
    expect(passed).toBeGreaterThanOrEqual(10);
    expect(limited?.headers.get("retry-after")).toBe("60");
    expect((await problem(limited!)).code).toBe("rate_limited");
  });
});

describe("purchases need a verified email (REQUIRE_VERIFIED_EMAIL_FOR_PURCHASE)", () => {
  const required = { REQUIRE_VERIFIED_EMAIL_FOR_PURCHASE: "true" };
  const checkout = (token: string, overrides = required) => callSettled("/v1/billing/checkout", { token, body: { productId: "dating_credits_15" } }, overrides);

  it("refuses checkout with 403 email_not_verified until the address is verified", async () => {
    const user = await signUp();
    const refused = await checkout(user.accessToken);
    expect(refused.status).toBe(403);
    expect((await problem(refused)).code).toBe("email_not_verified");
    await call("/v1/auth/verify-email", { body: { token: tokenIn(await verificationMail(user.email)) } });
    const ok = await checkout(user.accessToken);
    expect(ok.status).toBe(201);
    expect((await json<ResponseBody<"/v1/billing/checkout", "post", 201>>(ok)).provider).toBe("stripe");
  });

  it("lets unverified users buy when turned off", async () => {
    const user = await signUp();
    expect((await checkout(user.accessToken, { REQUIRE_VERIFIED_EMAIL_FOR_PURCHASE: "false" })).status).toBe(201);
  });

  it("is on by default", () => {
    const { REQUIRE_VERIFIED_EMAIL_FOR_PURCHASE: _, ...rest } = env as unknown as Record<string, string>;
    expect(loadConfig(rest as unknown as Env).REQUIRE_VERIFIED_EMAIL_FOR_PURCHASE).toBe(true);
  });
});

describe("email change", () => {
  it("sends a link to the new address and applies the change only when it is opened", async () => {
    const user = await signUp();
    const newEmail = uniqueEmail("moved");
    const res = await callSettled("/v1/me/email", { token: user.accessToken, body: { newEmail: newEmail.toUpperCase(), password: user.password } });
    expect(res.status).toBe(202);
    expect((await json<ResponseBody<"/v1/me/email", "post", 202>>(res)).pendingEmail).toBe(newEmail);
    // Not applied yet.
    expect((await json<ResponseBody<"/v1/me", "get", 200>>(await call("/v1/me", { token: user.accessToken }))).email).toBe(user.email);
    const [mail, ...others] = await mailbox(newEmail);
    expect(others).toHaveLength(0);
    expect(mail!.subject).toBe("Confirm your new email address");
    expect((await mailbox(user.email)).some((m) => m.subject.includes("new email"))).toBe(false);
    // The pending address is stored encrypted.
    const [pending] = await db
      .select()
      .from(authTokens)
      .where(and(eq(authTokens.userId, user.id), isNull(authTokens.usedAt), isNotNull(authTokens.emailEncrypted)));
    expect(pending!.emailEncrypted).toMatch(/^v1\./);
    expect(pending!.emailEncrypted).not.toContain("moved");

    const verified = await call("/v1/auth/verify-email", { body: { token: tokenIn(mail) } });
    expect(verified.status).toBe(200);
    expect(await json<ResponseBody<"/v1/auth/verify-email", "post", 200>>(verified)).toEqual({ emailVerified: true, email: newEmail });
    const profile = await json<ResponseBody<"/v1/me", "get", 200>>(await call("/v1/me", { token: user.accessToken }));
    expect(profile).toMatchObject({ email: newEmail, emailVerified: true });
    expect((await call("/v1/auth/login", { body: { email: newEmail, password: user.password } })).status).toBe(200);
    expect((await call("/v1/auth/login", { body: { email: user.email, password: user.password } })).status).toBe(401);
    // The sign-up link mailed to the old address died with the change.
    expect((await problem(await call("/v1/auth/verify-email", { body: { token: tokenIn(await verificationMail(user.email)) } }))).code).toBe("email_token_invalid");
  });

  it("needs the password, refuses a taken or unchanged address, and validates", async () => {
    const user = await signUp();
    const other = await registerUser();
    const wrong = await call("/v1/me/email", { token: user.accessToken, body: { newEmail: uniqueEmail(), password: "not my password" } });
    expect((await problem(wrong)).code).toBe("invalid_credentials");
    const taken = await call("/v1/me/email", { token: user.accessToken, body: { newEmail: other.email, password: user.password } });
    expect(taken.status).toBe(409);
    expect((await problem(taken)).code).toBe("email_taken");
    const same = await call("/v1/me/email", { token: user.accessToken, body: { newEmail: user.email, password: user.password } });
    expect(same.status).toBe(400);
    expect((await call("/v1/me/email", { token: user.accessToken, body: { newEmail: "not an email", password: user.password } })).status).toBe(400);
    expect((await call("/v1/me/email", { body: { newEmail: uniqueEmail(), password: user.password } })).status).toBe(401);
  });

  it("answers 409 email_taken at verification when another account took the address meanwhile", async () => {
    const user = await signUp();
    const contested = uniqueEmail("contested");
    await callSettled("/v1/me/email", { token: user.accessToken, body: { newEmail: contested, password: user.password } });
    const token = tokenIn((await mailbox(contested))[0]);
    await registerUser({ email: contested });
    const res = await call("/v1/auth/verify-email", { body: { token } });
    expect(res.status).toBe(409);
    expect((await problem(res)).code).toBe("email_taken");
    expect((await json<ResponseBody<"/v1/me", "get", 200>>(await call("/v1/me", { token: user.accessToken }))).email).toBe(user.email);
  });
});

describe("password reset", () => {
  const forgot = (email: string) => callSettled("/v1/auth/password/forgot", { body: { email } });

  it("answers the same status and the same bytes whether or not the account exists", async () => {
    const user = await signUp();
    const ghost = uniqueEmail("ghost");
    const known = await forgot(user.email);
    const unknown = await forgot(ghost);
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    const [a, b] = [await known.text(), await unknown.text()];
    expect(a).toBe(b);
    expect(known.headers.get("content-type")).toBe(unknown.headers.get("content-type"));
    expect(known.headers.get("content-length")).toBe(unknown.headers.get("content-length"));
    // Only the real account got mail.
    expect((await mailbox(user.email)).filter((m) => m.subject === "Reset your Firstlook password")).toHaveLength(1);
    expect(await mailbox(ghost)).toHaveLength(0);
  });

  it("resets with the emailed token, signs out every device, and the token works once", async () => {
    const user = await signUp();
    const other = await json<ResponseBody<"/v1/auth/login", "post", 200>>(await call("/v1/auth/login", { body: { email: user.email, password: user.password } }));
    await forgot(user.email.toUpperCase());
    const mail = (await mailbox(user.email)).find((m) => m.subject === "Reset your Firstlook password");
    // Sent to the stored address, never to what was typed.
    expect(mail!.to).toBe(user.email);
    expect(mail!.text).toContain("http://app.test/reset-password?token=pr_");
    expect(mail!.text).toContain("expires in 60 minutes");
    const token = tokenIn(mail);
    const newPassword = "a brand new passphrase";

    const res = await call("/v1/auth/password/reset", { body: { token, newPassword } });
    expect(res.status).toBe(204);
    // Every refresh token family is revoked, with the reason.
    expect((await call("/v1/auth/refresh", { body: { refreshToken: user.refreshToken } })).status).toBe(401);
    expect((await call("/v1/auth/refresh", { body: { refreshToken: other.refreshToken } })).status).toBe(401);
    const rows = await db.select().from(sessions).where(eq(sessions.userId, user.id));
    expect(rows.every((s) => s.revokedReason === "password_change")).toBe(true);
    expect((await call("/v1/auth/login", { body: { email: user.email, password: user.password } })).status).toBe(401);
    expect((await call("/v1/auth/login", { body: { email: user.email, password: newPassword } })).status).toBe(200);

    const again = await call("/v1/auth/password/reset", { body: { token, newPassword: "yet another passphrase" } });
    expect(again.status).toBe(400);
    expect((await problem(again)).code).toBe("email_token_invalid");
    // Nothing sensitive went out by email: no mail carries the new password, and no new mail at all.
    const mails = await mailbox(user.email);
    expect(mails.map((m) => m.subject).sort()).toEqual(["Confirm your email address", "Reset your Firstlook password"]);
    expect(JSON.stringify(mails)).not.toContain(newPassword);
  });

  it("refuses an expired reset token", async () => {
    const user = await signUp();
    await forgot(user.email);
    const token = tokenIn((await mailbox(user.email)).find((m) => m.subject.startsWith("Reset")));
    await db
      .update(authTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(authTokens.tokenHash, await sha256Hex(token)));
    const res = await call("/v1/auth/password/reset", { body: { token, newPassword: "a brand new passphrase" } });
    expect((await problem(res)).code).toBe("email_token_invalid");
    expect((await call("/v1/auth/login", { body: { email: user.email, password: user.password } })).status).toBe(200);
  });

  it("lets only the newest reset link work, and the reset proves the address", async () => {
    const user = await signUp();
    await forgot(user.email);
    await forgot(user.email);
    const [newest, older] = (await mailbox(user.email)).filter((m) => m.subject.startsWith("Reset"));
    expect((await problem(await call("/v1/auth/password/reset", { body: { token: tokenIn(older), newPassword: "a brand new passphrase" } }))).code).toBe("email_token_invalid");
    expect((await call("/v1/auth/password/reset", { body: { token: tokenIn(newest), newPassword: "a brand new passphrase" } })).status).toBe(204);
    const login = await json<ResponseBody<"/v1/auth/login", "post", 200>>(await call("/v1/auth/login", { body: { email: user.email, password: "a brand new passphrase" } }));
    expect(login.user.emailVerified).toBe(true);
  });

  it("validates the new password", async () => {
    const res = await call("/v1/auth/password/reset", { body: { token: `pr_${"B".repeat(43)}`, newPassword: "short" } });
    expect(res.status).toBe(400);
    expect((await problem(res)).code).toBe("validation_failed");
  });
});

describe("security events", () => {
  const eventsOf = async (token: string, query = "") => json<ResponseBody<"/v1/me/security-events", "get", 200>>(await call(`/v1/me/security-events${query}`, { token }));

  it("records the account's security events and shows them newest first, page by page", async () => {
    const user = await signUp();
    await callSettled("/v1/auth/login", { body: { email: user.email, password: "wrong password" } });
    const login = await json<ResponseBody<"/v1/auth/login", "post", 200>>(await callSettled("/v1/auth/login", { body: { email: user.email, password: user.password } }));
    const rotated = await json<ResponseBody<"/v1/auth/refresh", "post", 200>>(await call("/v1/auth/refresh", { body: { refreshToken: login.refreshToken } }));
    expect(rotated.refreshToken).toBeDefined();
    await call("/v1/auth/refresh", { body: { refreshToken: login.refreshToken }, headers: { "user-agent": "replayer/1.0" } });
    await call("/v1/auth/verify-email", { body: { token: tokenIn(await verificationMail(user.email)) } });

    const page = await eventsOf(user.accessToken);
    const types = page.items.map((e: { type: string }) => e.type);
    expect(types).toEqual(["email_verified", "refresh_token_reused", "login_succeeded", "login_failed", "account_created"]);
    expect(page.nextCursor).toBeNull();
    const reuse = page.items.find((e: { type: string }) => e.type === "refresh_token_reused");
    expect(reuse).toMatchObject({ userAgent: "replayer/1.0", details: { sessionId: login.sessionId } });
    expect(page.items.find((e: { type: string }) => e.type === "login_failed")!.details).toEqual({ reason: "password" });
    expect(page.items[0]!.ip).toMatch(/^198\.51\./);

    const first = await eventsOf(user.accessToken, "?limit=2");
    expect(first.items.map((e: { type: string }) => e.type)).toEqual(["email_verified", "refresh_token_reused"]);
    const second = await eventsOf(user.accessToken, `?limit=2&cursor=${first.nextCursor}`);
    expect(second.items.map((e: { type: string }) => e.type)).toEqual(["login_succeeded", "login_failed"]);
    const third = await eventsOf(user.accessToken, `?limit=2&cursor=${second.nextCursor}`);
    expect(third.items.map((e: { type: string }) => e.type)).toEqual(["account_created"]);
    expect(third.nextCursor).toBeNull();
  });

  it("records two-factor changes, resets and email changes; shows nobody else's; rejects bad cursors", async () => {
    const { base32Decode, hotp, timeStep } = await import("../worker/security/totp");
    const user = await signUp();
    const stranger = await signUp();
    const enrol = await json<ResponseBody<"/v1/me/totp", "post", 200>>(await call("/v1/me/totp", { method: "POST", token: user.accessToken }));
    const code = (offset: number) => hotp(base32Decode(enrol.secret), timeStep(Date.now() / 1000) + offset);
    expect((await call("/v1/me/totp/confirm", { token: user.accessToken, body: { code: await code(-1) } })).status).toBe(200);
    expect((await call("/v1/me/totp/disable", { token: user.accessToken, body: { code: await code(0) } })).status).toBe(200);
    await callSettled("/v1/me/email", { token: user.accessToken, body: { newEmail: uniqueEmail("audit"), password: user.password } });
    await callSettled("/v1/auth/password/forgot", { body: { email: user.email } });
    const reset = tokenIn((await mailbox(user.email)).find((m) => m.subject.startsWith("Reset")));
    await call("/v1/auth/password/reset", { body: { token: reset, newPassword: "a brand new passphrase" } });

    const types = (await eventsOf(user.accessToken)).items.map((e: { type: string }) => e.type);
    expect(types).toEqual(["password_reset", "password_reset_requested", "email_change_requested", "mfa_disabled", "mfa_enabled", "account_created"]);
    const change = (await eventsOf(user.accessToken)).items.find((e: { type: string }) => e.type === "email_change_requested");
    expect(change!.details!.to).toMatch(/^a\*\*\*@example\.com$/);
    expect((await eventsOf(stranger.accessToken)).items.map((e: { type: string }) => e.type)).toEqual(["account_created"]);
    expect((await call("/v1/me/security-events?cursor=garbage", { token: user.accessToken })).status).toBe(400);
    expect((await call("/v1/me/security-events")).status).toBe(401);
  });

  it("keeps a minimal record of an erased account (no address, no device)", async () => {
    const user = await signUp();
    expect((await call("/v1/me", { method: "DELETE", token: user.accessToken, body: { password: user.password } })).status).toBe(204);
    const rows = await db
      .select()
      .from(securityEvents)
      .where(and(isNull(securityEvents.userId), eq(securityEvents.type, "account_erased")));
    const mine = rows.filter((r) => (r.details as { userId?: string }).userId === user.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ ip: null, userAgent: null });
  });
});

describe("new device notice", () => {
  const login = (user: { email: string; password: string }, userAgent: string) =>
    callSettled("/v1/auth/login", { body: { email: user.email, password: user.password }, headers: { "user-agent": userAgent } } satisfies CallOptions);
  const notices = async (email: string) => (await mailbox(email)).filter((m) => m.subject === "A new device signed in to your Firstlook account");

  it("emails when a user agent signs in for the first time, not when a known one does", async () => {
    const user = await signUp({ userAgent: "Firstlook/1.4 (iPhone; iOS 19.1)" });
    expect((await login(user, "Firstlook/1.4 (iPhone; iOS 19.1)")).status).toBe(200);
    expect(await notices(user.email)).toHaveLength(0);

    const device = 'Mozilla/5.0 (X11; Linux x86_64) <img src=x onerror="alert(1)">';
    expect((await login(user, device)).status).toBe(200);
    const [notice, ...more] = await notices(user.email);
    expect(more).toHaveLength(0);
    expect(notice!.text).toContain(device);
    expect(notice!.html).not.toContain("<img");
    expect(notice!.html).toContain("&#60;img src=x");
    expect(notice!.text).toContain("http://app.test/forgot-password");

    // Seen now: no second notice for the same device.
    expect((await login(user, device)).status).toBe(200);
    expect(await notices(user.email)).toHaveLength(1);
    const types = (await json<ResponseBody<"/v1/me/security-events", "get", 200>>(await call("/v1/me/security-events", { token: user.accessToken }))).items.map(
      (e: { type: string }) => e.type,
    );
    expect(types.filter((t: string) => t === "new_device_sign_in")).toHaveLength(1);
  });

  it("renders the notice as text and escaped HTML", () => {
    const mail = newDeviceEmail({ device: "<b>Evil</b> & co", when: new Date("2026-11-26T10:00:00Z"), resetUrl: "http://app.test/forgot-password" });
    expect(mail.text).toContain("Device: <b>Evil</b> & co");
    expect(mail.text).toContain("2026-11-26 10:00 UTC");
    expect(mail.html).toContain("&#60;b&#62;Evil&#60;/b&#62; &#38; co");
  });
});
