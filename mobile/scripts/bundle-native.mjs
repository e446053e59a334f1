// `npm run bundle:native`: proves both apps bundle for Android and iOS (Hermes bytecode), the
// check CI runs in place of a native build (Gradle / Xcode are not available offline).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const variants = (process.env.VARIANTS ?? "dating,headshots").split(",");
const platforms = (process.env.PLATFORMS ?? "android,ios").split(",");

for (const variant of variants) {
  for (const platform of platforms) {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), `firstlook-${variant}-${platform}-`));
    const started = Date.now();
    try {
      execFileSync("npx", ["expo", "export", "-p", platform, "--output-dir", out], {
        cwd: root,
        stdio: ["ignore", "ignore", "inherit"],
        env: { ...process.env, APP_VARIANT: variant, EXPO_OFFLINE: "1", EXPO_NO_TELEMETRY: "1", CI: "1" },
      });
      const bundles = fs.readdirSync(path.join(out, "_expo/static/js", platform));
      const size = bundles.reduce((n, f) => n + fs.statSync(path.join(out, "_expo/static/js", platform, f)).size, 0);
      console.log(`[bundle:native] ${variant} ${platform}: ${bundles.join(", ")} (${(size / 1024 / 1024).toFixed(2)} MiB) in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  }
}
