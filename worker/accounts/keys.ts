// The key ring for encrypted personal fields, imported once per isolate.
import type { Config } from "../env";
import { createKeyRing, type KeyRing } from "../security/field-crypto";

let cached: { source: Config["FIELD_ENCRYPTION_KEYS"]; ring: KeyRing } | undefined;

export function fieldKeys(config: Config): KeyRing {
  if (cached?.source !== config.FIELD_ENCRYPTION_KEYS) {
    cached = { source: config.FIELD_ENCRYPTION_KEYS, ring: createKeyRing(config.FIELD_ENCRYPTION_KEYS) };
  }
  return cached.ring;
}
