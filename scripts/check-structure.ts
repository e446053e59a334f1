// The layering the README promises, checked by CI (.ci/run, `npm run check:structure`) rather
// than by review: route files hold the contract and the presenter, never SQL (drizzle, the
// database client, table objects or the pagination's query builders belong to the stores), they
// declare every operation with defineRoute (its auth and security from one word), and no module takes part in an import cycle except through type-only imports (erased at build).
// It reads the sources with the TypeScript compiler API, so it sees exactly what tsc sees.
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import ts from "typescript";

const root = resolve(dirname(new URL(import.meta.url).pathname), "..");
const sourceDirs = ["worker", "durable-objects"];

/** What a route file may not import: the query builders and the database itself. */
const sqlModules = [/^drizzle-orm(\/|$)/, /^@neondatabase\/serverless$/];
const sqlFiles = ["worker/db/client.ts", "worker/db/schema.ts", "worker/db/pagination.ts"];
/** Of those files, the ones whose *types* a route may still name (row types for presenters). */
const typeImportable = new Set(["worker/db/schema.ts"]);

function sourceFiles(dir: string): string[] {
  const abs = join(root, dir);
  if (!existsSync(abs)) return [];
  return readdirSync(abs).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) return name === "node_modules" ? [] : sourceFiles(path);
    return /\.ts$/.test(name) && !/\.d\.ts$/.test(name) ? [path] : [];
  });
}

interface ImportEdge {
  specifier: string;
  /** Repository-relative path of a local module; undefined for a package. */
  target: string | undefined;
  typeOnly: boolean;
  line: number;
}

function resolveLocal(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith(".")) return undefined;
  const base = join(dirname(from), specifier);
  for (const candidate of [base, `${base}.ts`, join(base, "index.ts")]) {
    if (candidate.endsWith(".ts") && existsSync(join(root, candidate))) return candidate;
  }
  return base;
}

/** Static imports and re-exports (a dynamic import() loads lazily, so it cannot deadlock a load). */
function importsOf(file: string): ImportEdge[] {
  const text = ts.sys.readFile(join(root, file)) ?? "";
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const edges: ImportEdge[] = [];
  const line = (node: ts.Node) => source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      // Only `import type {…}` is erased: under verbatimModuleSyntax (tsconfig.json),
      // `import { type A }` still loads the module for its side effects.
      const typeOnly = !!statement.importClause?.isTypeOnly;
      const specifier = statement.moduleSpecifier.text;
      edges.push({ specifier, target: resolveLocal(file, specifier), typeOnly, line: line(statement) });
    } else if (ts.isExportDeclaration(statement) && statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)) {
      const specifier = statement.moduleSpecifier.text;
      edges.push({ specifier, target: resolveLocal(file, specifier), typeOnly: statement.isTypeOnly, line: line(statement) });
    }
  }
  return edges;
}

const files = sourceDirs.flatMap(sourceFiles).sort();
const graph = new Map(files.map((f) => [f, importsOf(f)]));
const problems: string[] = [];

// 1. Route files: no SQL of their own.
for (const [file, edges] of graph) {
  if (!file.startsWith("worker/routes/")) continue;
  for (const e of edges) {
    const sqlModule = sqlModules.some((re) => re.test(e.specifier));
    const sqlFile = e.target !== undefined && sqlFiles.includes(e.target) && !(e.typeOnly && typeImportable.has(e.target));
    if (sqlModule || sqlFile) {
      problems.push(`${file}:${e.line} imports ${e.specifier}: a route runs no SQL; put the query in its feature's store (e.g. worker/photos/store.ts) and call that`);
    }
  }
}

// 2. Route files declare operations with defineRoute (routes/define-route.ts), which writes the
// operation's `security` and the middleware enforcing it from one `auth`: a bare createRoute
// could declare a security that nothing enforces.
for (const file of files) {
  if (!file.startsWith("worker/routes/") || file === "worker/routes/define-route.ts") continue;
  const text = ts.sys.readFile(join(root, file)) ?? "";
  text.split("\n").forEach((lineText, i) => {
    if (/\bcreateRoute\b/.test(lineText)) problems.push(`${file}:${i + 1} uses createRoute: declare the operation with defineRoute({ auth, … }) from ./define-route`);
  });
}

// 3. Import cycles through value imports (Tarjan's strongly connected components).
const valueEdges = new Map(
  files.map((f) => [
    f,
    [
      ...new Set(
        graph
          .get(f)!
          .filter((e) => !e.typeOnly && e.target && graph.has(e.target))
          .map((e) => e.target!),
      ),
    ],
  ]),
);
let counter = 0;
const index = new Map<string, number>();
const low = new Map<string, number>();
const stack: string[] = [];
const onStack = new Set<string>();
const cycles: string[][] = [];
function visit(v: string) {
  index.set(v, counter);
  low.set(v, counter++);
  stack.push(v);
  onStack.add(v);
  for (const w of valueEdges.get(v)!) {
    if (!index.has(w)) {
      visit(w);
      low.set(v, Math.min(low.get(v)!, low.get(w)!));
    } else if (onStack.has(w)) {
      low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
  }
  if (low.get(v) === index.get(v)) {
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || valueEdges.get(v)!.includes(v)) cycles.push(component.sort());
  }
}
for (const f of files) if (!index.has(f)) visit(f);
for (const cycle of cycles) {
  const detail = cycle
    .map(
      (f) =>
        `    ${f} -> ${valueEdges
          .get(f)!
          .filter((t) => cycle.includes(t))
          .join(", ")}`,
    )
    .join("\n");
  problems.push(`import cycle through value imports (make one side \`import type\`, or move the shared part out):\n${detail}`);
}

if (problems.length) {
  console.error(`check-structure: ${problems.length} problem(s)\n${problems.map((p) => `  ${p}`).join("\n")}`);
  process.exit(1);
}
console.log(`check-structure: ${files.length} modules, routes run no SQL and declare auth with defineRoute, no import cycles (type-only imports excepted)`);
