// Short-lived signed links to private R2 objects (photos, thumbnails, headshots, and the selfie
// handed to Replicate). The bucket is never public: a link is an HMAC over the object key and
// its expiry, checked by GET /v1/files.
import { bytesEqual, fromBase64, fromBase64Url, toBase64Url, utf8 } from "./encoding";

const keys = new Map<string, Promise<CryptoKey>>();
function hmacKey(secret: string) {
  let k = keys.get(secret);
  if (!k) {
    k = crypto.subtle.importKey("raw", fromBase64(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    keys.set(secret, k);
  }
  return k;
}

async function signature(secret: string, key: string, expires: number) {
  return new Uint8Array(await crypto.subtle.sign("HMAC", await hmacKey(secret), utf8(`${key}\n${expires}`)));
}

export async function signedFileUrl(baseUrl: string, secret: string, key: string, ttlSeconds = 600, now = Date.now()): Promise<string> {
  const expires = Math.floor(now / 1000) + ttlSeconds;
  const sig = toBase64Url(await signature(secret, key, expires));
  return `${baseUrl.replace(/\/$/, "")}/v1/files?key=${encodeURIComponent(key)}&expires=${expires}&sig=${sig}`;
}

export async function verifySignedFile(secret: string, key: string, expires: number, sig: string, now = Date.now()): Promise<boolean> {
  if (!Number.isInteger(expires) || expires < now / 1000) return false;
  let given: Uint8Array;
  try {
    given = fromBase64Url(sig);
  } catch {
    return false;
  }
  return bytesEqual(given, await signature(secret, key, expires));
}
