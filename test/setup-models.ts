// Runs before every test file, inside workerd: puts the vendored model files into the local
// MODELS bucket under their manifest keys (each test file gets fresh storage) and points the
// loader at it, as the Worker's entry does in production. The files come from the loopback
// server started in global-setup (test/model-files.ts), byte for byte, so the sha256 checks in
// the loader run as they do against R2.
import { env } from "cloudflare:test";
import { inject } from "vitest";
import { MODEL_MANIFEST, r2ModelSource, setModelSource } from "../worker/imaging/models";

const base = inject("modelFilesUrl");
await Promise.all(
  Object.values(MODEL_MANIFEST)
    .flatMap((m) => [m.json.key, m.bin.key])
    .map(async (key) => {
      const res = await fetch(`${base}/${key}`);
      if (!res.ok) throw new Error(`model file server: ${key} answered ${res.status}`);
      await env.MODELS.put(key, await res.arrayBuffer());
    }),
);
setModelSource(r2ModelSource(env.MODELS));
