// TOTP (RFC 6238: HMAC-SHA1, 30 s steps, 6 digits, the parameters every authenticator app uses).
import { randomBytes, utf8 } from "./encoding";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

export function base32Encode(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = "";
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

export function base32Decode(s: string): Uint8Array {
  const clean = s.toUpperCase().replace(/=+$/, "").replace(/\s/g, "");
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of clean) {
    const idx = ALPHABET.indexOf(ch);
    if (idx < 0) throw new Error("invalid base32");
    value = (value << 5) | idx;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return new Uint8Array(out);
}

export const newTotpSecret = () => base32Encode(randomBytes(20));

export const STEP_SECONDS = 30;
export const timeStep = (unixSeconds: number) => Math.floor(unixSeconds / STEP_SECONDS);

/** HOTP value (RFC 4226) for one counter, `digits` long. */
export async function hotp(secret: Uint8Array, counter: number, digits = 6, hash: "SHA-1" | "SHA-256" | "SHA-512" = "SHA-1"): Promise<string> {
  const key = await crypto.subtle.importKey("raw", secret, { name: "HMAC", hash }, false, ["sign"]);
  const msg = new Uint8Array(8);
  new DataView(msg.buffer).setBigUint64(0, BigInt(counter));
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, msg));
  const offset = mac[mac.length - 1]! & 0x0f;
  const bin = ((mac[offset]! & 0x7f) << 24) | (mac[offset + 1]! << 16) | (mac[offset + 2]! << 8) | mac[offset + 3]!;
  return String(bin % 10 ** digits).padStart(digits, "0");
}

/**
 * Checks a 6-digit code against the current step and one step either side (clock drift).
 * Returns the matched step, which must be greater than the last accepted one (no replays).
 */
export async function verifyTotp(secretBase32: string, code: string, nowSeconds: number, lastAcceptedStep: number): Promise<number | null> {
  if (!/^\d{6}$/.test(code)) return null;
  const secret = base32Decode(secretBase32);
  const now = timeStep(nowSeconds);
  for (const step of [now - 1, now, now + 1]) {
    if (step <= lastAcceptedStep) continue;
    const expected = await hotp(secret, step);
    if (crypto.subtle.timingSafeEqual(utf8(expected), utf8(code))) return step;
  }
  return null;
}

export function otpauthUri(secretBase32: string, account: string, issuer = "Firstlook"): string {
  const label = encodeURIComponent(`${issuer}:${account}`);
  return `otpauth://totp/${label}?secret=${secretBase32}&issuer=${encodeURIComponent(issuer)}&algorithm=SHA1&digits=6&period=30`;
}
