// dotenv files as wrangler reads them: .dev.vars (npm run dev) and --env-file (npm run bench).
import fs from "node:fs";

const envLines = (values: Record<string, string>) =>
  Object.entries(values)
    .map(([key, value]) => `${key}=${value}\n`)
    .join("");

/** A dotenv file as wrangler reads it (.dev.vars, --env-file); owner-only because it holds secrets. */
export function writeEnvFile(file: string, values: Record<string, string>, comments: string[] = []) {
  fs.writeFileSync(file, comments.map((c) => `# ${c}\n`).join("") + envLines(values), { mode: 0o600 });
}

/** Appends the keys the file does not define yet; existing lines (and edits) stay as they are. */
export function addMissingEnv(file: string, values: Record<string, string>): string[] {
  const text = fs.readFileSync(file, "utf8");
  const defined = new Set([...text.matchAll(/^\s*(?:export\s+)?([\w.-]+)\s*=/gm)].map((m) => m[1]));
  const missing = Object.fromEntries(Object.entries(values).filter(([key]) => !defined.has(key)));
  const keys = Object.keys(missing);
  if (keys.length > 0) fs.appendFileSync(file, (text === "" || text.endsWith("\n") ? "" : "\n") + envLines(missing));
  return keys;
}
