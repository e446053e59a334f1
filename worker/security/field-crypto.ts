// Personal fields at rest: AES-256-GCM with a key id so keys can rotate (new writes use the
// first key; reads pick the key named in the envelope). The user id is bound in as additional
// data, so a ciphertext copied onto another user's row does not decrypt.
// Emails also get an HMAC-SHA256 blind index for lookup and uniqueness.
import { fromBase64Url, fromBase64, randomBytes, toBase64Url, toHex, utf8 } from "./encoding";

export interface KeyRing {
  active: string;
  keys: Map<string, Promise<CryptoKey>>;
}

export function createKeyRing(entries: { kid: string; key: string }[]): KeyRing {
  const keys = new Map<string, Promise<CryptoKey>>();
  for (const e of entries) {
    keys.set(e.kid, crypto.subtle.importKey("raw", fromBase64(e.key), "AES-GCM", false, ["encrypt", "decrypt"]));
  }
  return { active: entries[0]!.kid, keys };
}

export async function encryptField(ring: KeyRing, plaintext: string, aad: string): Promise<string> {
  const key = await ring.keys.get(ring.active)!;
  const iv = randomBytes(12);
  const ct = new Uint8Array(await crypto.subtle.encrypt({ name: "AES-GCM", iv, additionalData: utf8(aad) }, key, utf8(plaintext)));
  return `v1.${ring.active}.${toBase64Url(iv)}.${toBase64Url(ct)}`;
}

export class UnknownKeyError extends Error {}

export async function decryptField(ring: KeyRing, envelope: string, aad: string): Promise<string> {
  const [version, kid, iv, ct] = envelope.split(".");
  if (version !== "v1" || !kid || !iv || !ct) throw new Error("malformed encrypted field");
  const key = ring.keys.get(kid);
  if (!key) throw new UnknownKeyError(`no key with id ${kid}`);
  const pt = await crypto.subtle.decrypt({ name: "AES-GCM", iv: fromBase64Url(iv), additionalData: utf8(aad) }, await key, fromBase64Url(ct));
  return new TextDecoder().decode(pt);
}

/** The context every email envelope is bound to: one spelling, so writers and readers agree. */
const emailContext = (userId: string) => `users.email:${userId}`;

export const encryptEmail = (ring: KeyRing, userId: string, email: string) => encryptField(ring, email, emailContext(userId));

export const decryptEmail = (ring: KeyRing, userId: string, envelope: string) => decryptField(ring, envelope, emailContext(userId));

/** Whether the envelope was written with a key other than the active one (re-encrypt on write). */
export const needsReencryption = (ring: KeyRing, envelope: string) => envelope.split(".")[1] !== ring.active;

export function normalizeEmail(email: string): string {
  return email.trim().normalize("NFKC").toLowerCase();
}

export async function emailBlindIndex(indexKey: string, email: string): Promise<string> {
  const key = await crypto.subtle.importKey("raw", fromBase64(indexKey), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return toHex(new Uint8Array(await crypto.subtle.sign("HMAC", key, utf8(normalizeEmail(email)))));
}
