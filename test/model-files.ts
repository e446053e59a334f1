// Serves the vendored model files over loopback HTTP by their manifest keys, so each test file's
// setup can copy them into its fresh MODELS bucket without bundling 20 MB of weights into every
// test module (which made each file's setup about twice as slow).
import fs from "node:fs";
import http from "node:http";
import { modelObjects } from "../scripts/lib/models";

export async function startModelFileServer() {
  const files = new Map(modelObjects().map((o) => [`/${o.key}`, o.file]));
  const server = http.createServer((req, res) => {
    const file = req.method === "GET" ? files.get(req.url ?? "") : undefined;
    if (!file) return res.writeHead(404).end();
    res.writeHead(200, { "content-type": "application/octet-stream" }).end(fs.readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, close: () => new Promise<void>((r) => server.close(() => r())) };
}
