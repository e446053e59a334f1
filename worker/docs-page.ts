// /docs: a readable, self-contained API reference rendered from the OpenAPI document on the
// server. No CDN scripts, so it works offline and under a strict CSP.
type Json = Record<string, unknown>;

const esc = (s: unknown) => String(s ?? "").replace(/[&<>"']/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch]!);

function schemaText(schema: unknown, doc: Json): string {
  const seen = new Set<string>();
  const resolve = (s: unknown): unknown => {
    if (!s || typeof s !== "object") return s;
    if (Array.isArray(s)) return s.map(resolve);
    const ref = (s as Json).$ref;
    if (typeof ref === "string") {
      const name = ref.split("/").pop()!;
      if (seen.has(name)) return `→ ${name}`;
      seen.add(name);
      const target = ((doc.components as Json)?.schemas as Json)?.[name];
      const out = resolve(target);
      seen.delete(name);
      return out;
    }
    return Object.fromEntries(Object.entries(s).map(([k, v]) => [k, resolve(v)]));
  };
  return JSON.stringify(resolve(schema), null, 2);
}

export function renderDocsPage(doc: Json): string {
  const info = doc.info as Json;
  const sections: string[] = [];
  for (const [path, ops] of Object.entries((doc.paths ?? {}) as Record<string, Json>)) {
    for (const [method, op] of Object.entries(ops) as [string, Json][]) {
      const body = ((op.requestBody as Json)?.content as Json)?.["application/json"] as Json | undefined;
      const responses = Object.entries((op.responses ?? {}) as Record<string, Json>)
        .map(([status, r]) => {
          const content = (r.content ?? {}) as Record<string, Json>;
          const schema = Object.values(content)[0]?.schema;
          const isProblem = Boolean(content["application/problem+json"]);
          return `<li><b>${esc(status)}</b> ${esc(r.description)}${
            schema && !isProblem ? `<details><summary>schema</summary><pre>${esc(schemaText(schema, doc))}</pre></details>` : ""
          }</li>`;
        })
        .join("");
      sections.push(`<section id="${esc(method + path)}">
  <h3><span class="m ${esc(method)}">${esc(method.toUpperCase())}</span> <code>${esc(path)}</code>${op.security ? ' <span class="lock" title="Bearer token">🔒</span>' : ""}</h3>
  <p>${esc(op.summary)}</p>
  ${body ? `<details><summary>request body</summary><pre>${esc(schemaText(body.schema, doc))}</pre></details>` : ""}
  <ul>${responses}</ul>
</section>`);
    }
  }
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(info?.title)} — API reference</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;max-width:960px;margin:2rem auto;padding:0 1rem;color:#1d1d1f}
h1{margin-bottom:0}section{border-top:1px solid #e5e5ea;padding:.5rem 0}
.m{display:inline-block;min-width:4.5em;text-align:center;border-radius:4px;color:#fff;font-size:.8em;padding:2px 6px}
.get{background:#0a7d4f}.post{background:#0b63ce}.patch{background:#a15c00}.delete{background:#c0352b}.put{background:#6b3fb3}
pre{background:#f5f5f7;padding:.75rem;overflow:auto;font-size:12px}code{font-size:.95em}
</style></head><body>
<h1>${esc(info?.title)}</h1><p>${esc(info?.description)} — version ${esc(info?.version)}. Machine-readable: <a href="/openapi.json">/openapi.json</a>.</p>
<p>Errors are <code>application/problem+json</code> (RFC 9457) with a stable <code>code</code>.</p>
${sections.join("\n")}
</body></html>`;
}
