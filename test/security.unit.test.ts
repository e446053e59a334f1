// Unit tests of the security primitives, run inside workerd (Web Crypto, WASM) like production.
import { describe, expect, it } from "vitest";
import { ARGON2_PARAMS, hashPassword, needsRehash, verifyPassword } from "../worker/security/password";
import { createKeyRing, decryptEmail, decryptField, emailBlindIndex, encryptEmail, encryptField, needsReencryption } from "../worker/security/field-crypto";
import { base32Decode, base32Encode, hotp, verifyTotp, timeStep } from "../worker/security/totp";
import { fromBase64, toBase64, utf8 } from "../worker/security/encoding";

const key = () => toBase64(crypto.getRandomValues(new Uint8Array(32)));

describe("password hashing (Argon2id)", () => {
  it("verifies the right password and rejects a wrong one", async () => {
    const stored = await hashPassword("correct horse battery");
    expect(stored).toMatch(new RegExp(`^\\$argon2id\\$v=19\\$m=${ARGON2_PARAMS.memorySize},t=${ARGON2_PARAMS.passes},p=1\\$`));
    expect(await verifyPassword("correct horse battery", stored)).toBe(true);
    expect(await verifyPassword("correct horse batterY", stored)).toBe(false);
    expect(needsRehash(stored)).toBe(false);
  });

  it("salts every hash", async () => {
    expect(await hashPassword("same")).not.toBe(await hashPassword("same"));
  });

  it("matches the Argon2 reference implementation's test vector", async () => {
    // `echo -n password | argon2 somesalt -id -t 2 -m 16 -p 1` (reference CLI, v1.3):
    // $argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc
    const reference = "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";
    expect(await verifyPassword("password", reference)).toBe(true);
    expect(await verifyPassword("passwore", reference)).toBe(false);
    // Old parameters are still accepted, and flagged for an upgrade at the next login.
    expect(needsRehash(reference)).toBe(true);
  });

  it("rejects malformed stored hashes instead of throwing", async () => {
    expect(await verifyPassword("x", "plaintext")).toBe(false);
    expect(await verifyPassword("x", "$argon2i$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFh")).toBe(false);
  });
});

describe("field encryption (AES-256-GCM with key ids)", () => {
  it("round-trips, with a fresh IV every time", async () => {
    const ring = createKeyRing([{ kid: "k1", key: key() }]);
    const a = await encryptField(ring, "Zoë Ångström", "users.name:1");
    const b = await encryptField(ring, "Zoë Ångström", "users.name:1");
    expect(a).not.toBe(b);
    expect(a.startsWith("v1.k1.")).toBe(true);
    expect(await decryptField(ring, a, "users.name:1")).toBe("Zoë Ångström");
  });

  it("is bound to its row: a ciphertext moved to another user does not decrypt", async () => {
    const ring = createKeyRing([{ kid: "k1", key: key() }]);
    const ct = await encryptEmail(ring, "alice", "alice@example.com");
    expect(await decryptEmail(ring, "alice", ct)).toBe("alice@example.com");
    await expect(decryptEmail(ring, "mallory", ct)).rejects.toThrow();
  });

  it("keeps the email context stored rows were written with (users.email:<id>)", async () => {
    const ring = createKeyRing([{ kid: "k1", key: key() }]);
    expect(await decryptEmail(ring, "alice", await encryptField(ring, "alice@example.com", "users.email:alice"))).toBe("alice@example.com");
  });

  it("detects tampering", async () => {
    const ring = createKeyRing([{ kid: "k1", key: key() }]);
    const ct = await encryptField(ring, "secret", "aad");
    const parts = ct.split(".");
    const body = parts[3]!;
    parts[3] = (body[0] === "A" ? "B" : "A") + body.slice(1);
    await expect(decryptField(ring, parts.join("."), "aad")).rejects.toThrow();
  });

  it("rotates: new writes use the new key, old values still decrypt", async () => {
    const old = { kid: "k1", key: key() };
    const before = createKeyRing([old]);
    const ct = await encryptField(before, "kept", "aad");
    const after = createKeyRing([{ kid: "k2", key: key() }, old]);
    expect(await decryptField(after, ct, "aad")).toBe("kept");
    expect(needsReencryption(after, ct)).toBe(true);
    expect((await encryptField(after, "new", "aad")).startsWith("v1.k2.")).toBe(true);
    // Once the old key is removed, its ciphertexts are unreadable (so re-encrypt before removing).
    await expect(decryptField(createKeyRing([{ kid: "k2", key: key() }]), ct, "aad")).rejects.toThrow(/no key/);
  });

  it("blind index ignores case and surrounding space, and depends on the key", async () => {
    const k = key();
    const a = await emailBlindIndex(k, "Sam@Example.COM ");
    expect(a).toBe(await emailBlindIndex(k, "sam@example.com"));
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(a).not.toBe(await emailBlindIndex(key(), "sam@example.com"));
  });
});

describe("TOTP (RFC 6238)", () => {
  // RFC 6238 Appendix B: ASCII secret "12345678901234567890", SHA-1, 8 digits.
  const secret = utf8("12345678901234567890");
  it.each([
    [59, "94287082"],
    [1111111109, "07081804"],
    [1111111111, "14050471"],
    [1234567890, "89005924"],
    [2000000000, "69279037"],
    [20000000000, "65353130"],
  ])("T=%i gives %s", async (t, expected) => {
    expect(await hotp(secret, timeStep(t), 8)).toBe(expected);
  });

  it("base32 round-trips (RFC 4648 vector)", () => {
    expect(base32Encode(utf8("foobar"))).toBe("MZXW6YTBOI");
    expect(new TextDecoder().decode(base32Decode("MZXW6YTBOI"))).toBe("foobar");
  });

  it("accepts the current code once, tolerates one step of drift, refuses replays", async () => {
    const b32 = base32Encode(secret);
    const now = 1_800_000_000;
    const code = (await hotp(secret, timeStep(now), 6)).slice(-6);
    const step = await verifyTotp(b32, code, now, 0);
    expect(step).toBe(timeStep(now));
    expect(await verifyTotp(b32, code, now + 30, 0)).toBe(timeStep(now)); // previous step still valid
    expect(await verifyTotp(b32, code, now, step!)).toBeNull(); // replay
    expect(await verifyTotp(b32, code, now + 90, 0)).toBeNull(); // too old
    expect(await verifyTotp(b32, "12345", now, 0)).toBeNull();
  });
});

describe("encoding", () => {
  it("base64 round-trips arbitrary bytes", () => {
    const bytes = crypto.getRandomValues(new Uint8Array(257));
    expect(fromBase64(toBase64(bytes))).toEqual(bytes);
  });
});
