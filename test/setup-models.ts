// Runs before every test file, inside workerd: puts the vendored model files into the local
// MODELS bucket under their manifest keys (each test file gets fresh storage) and points the
// loader at it, as the Worker's entry does in production.
import { env } from "cloudflare:test";
import { MODEL_MANIFEST, r2ModelSource, setModelSource } from "../worker/imaging/models";

// `.bin` goes through the same Data rule as in the Worker (an ArrayBuffer); `.json` as its exact
// text, so the sha256 in the manifest matches.
const weights = import.meta.glob<ArrayBuffer>("../worker/imaging/models/*.bin", { import: "default", eager: true });
const graphs = import.meta.glob<string>("../worker/imaging/models/*.json", { query: "?raw", import: "default", eager: true });

await Promise.all(
  Object.entries(MODEL_MANIFEST).flatMap(([name, m]) => [
    env.MODELS.put(m.bin.key, weights[`../worker/imaging/models/${name}.bin`]!),
    env.MODELS.put(m.json.key, graphs[`../worker/imaging/models/${name}.json`]!),
  ]),
);
setModelSource(r2ModelSource(env.MODELS));
