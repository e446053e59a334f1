// Password hashing with Argon2id (RFC 9106), memory-hard, compiled to WASM (openpgpjs/argon2id).
// Parameters are OWASP's first recommendation (19 MiB, 2 passes, 1 lane): ~75 ms of CPU per
// hash here. PBKDF2 through Web Crypto would be faster but Cloudflare caps it at 100k
// iterations, well below what is safe for PBKDF2-SHA256. Each hash is stored as a PHC string
// with its parameters, so they can be raised later: `needsRehash` tells login to upgrade it.
import setupWasm from "argon2id/lib/setup.js";
import simdWasm from "argon2id/dist/simd.wasm";
import noSimdWasm from "argon2id/dist/no-simd.wasm";
import { bytesEqual, fromBase64, randomBytes, toBase64, utf8 } from "./encoding";

export const ARGON2_PARAMS = { memorySize: 19456, passes: 2, parallelism: 1, tagLength: 32 } as const;

type Argon2 = (p: { password: Uint8Array; salt: Uint8Array; memorySize: number; passes: number; parallelism: number; tagLength: number }) => Uint8Array;

// Instantiated lazily, once per isolate: the WASM memory it reserves is only paid by isolates
// that actually hash a password.
let argon2: Promise<Argon2> | undefined;
function loadArgon2(): Promise<Argon2> {
  argon2 ??= setupWasm(
    (imports) => WebAssembly.instantiate(simdWasm, imports).then((instance) => ({ instance, module: simdWasm })),
    (imports) => WebAssembly.instantiate(noSimdWasm, imports).then((instance) => ({ instance, module: noSimdWasm })),
  ) as Promise<Argon2>;
  return argon2;
}

const b64NoPad = (b: Uint8Array) => toBase64(b).replace(/=+$/, "");

export async function hashPassword(password: string): Promise<string> {
  const hash = await loadArgon2();
  const salt = randomBytes(16);
  const p = ARGON2_PARAMS;
  const tag = hash({ password: utf8(password), salt, ...p });
  return `$argon2id$v=19$m=${p.memorySize},t=${p.passes},p=${p.parallelism}$${b64NoPad(salt)}$${b64NoPad(tag)}`;
}

const PHC = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const m = PHC.exec(stored);
  if (!m) return false;
  const expected = fromBase64(m[5]!);
  const hash = await loadArgon2();
  const tag = hash({
    password: utf8(password),
    salt: fromBase64(m[4]!),
    memorySize: Number(m[1]),
    passes: Number(m[2]),
    parallelism: Number(m[3]),
    tagLength: expected.length,
  });
  return bytesEqual(tag, expected);
}

export function needsRehash(stored: string): boolean {
  const m = PHC.exec(stored);
  const p = ARGON2_PARAMS;
  return !m || Number(m[1]) !== p.memorySize || Number(m[2]) !== p.passes || Number(m[3]) !== p.parallelism;
}

/** A real hash of a random password: login verifies against it for unknown emails, so the
 * response time does not reveal whether an account exists. */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(toBase64(randomBytes(18)));
  return decoy;
}
