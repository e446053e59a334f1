// `npm run models:manifest`: writes worker/imaging/models/manifest.json from the vendored files
// (run it after adding or replacing a model; the test suite fails while it is stale).
// `npm run models:upload -- --env production|staging`: uploads every file of the manifest to that
// environment's MODELS bucket with wrangler. Keys are content-addressed, so uploading again is
// harmless and the previous version's files stay for a rollback.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { buildManifest, manifestPath, modelObjects } from "./lib/models.ts";
import { projectRoot } from "./lib/stack.ts";

const BUCKETS: Record<string, string> = {
  development: "firstlook-models",
  staging: "firstlook-models-staging",
  production: "firstlook-models-production",
};

const [command, ...args] = process.argv.slice(2);

if (command === "manifest") {
  fs.writeFileSync(manifestPath, `${JSON.stringify(buildManifest(), null, 2)}\n`);
  console.log(`wrote ${path.relative(projectRoot, manifestPath)}`);
} else if (command === "upload") {
  const envIndex = args.indexOf("--env");
  const env = envIndex >= 0 ? args[envIndex + 1] : undefined;
  const bucket = env ? BUCKETS[env] : undefined;
  if (!env || !bucket || env === "development") {
    console.error("usage: npm run models:upload -- --env staging|production");
    process.exit(2);
  }
  const stale = JSON.stringify(buildManifest()) !== JSON.stringify(JSON.parse(fs.readFileSync(manifestPath, "utf8")));
  if (stale) {
    console.error("worker/imaging/models/manifest.json does not match the vendored files: run npm run models:manifest first");
    process.exit(1);
  }
  const wrangler = path.join(projectRoot, "node_modules/.bin/wrangler");
  for (const { key, file, bytes } of modelObjects()) {
    execFileSync(wrangler, ["r2", "object", "put", `${bucket}/${key}`, "--remote", "--file", file, "--content-type", "application/octet-stream"], {
      stdio: "inherit",
    });
    console.log(`${key}: uploaded (${(bytes / 1e6).toFixed(2)} MB)`);
  }
} else {
  console.error("usage: node --import tsx scripts/models.ts manifest | upload --env staging|production");
  process.exit(2);
}
