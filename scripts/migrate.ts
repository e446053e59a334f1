// `npm run db:migrate`: apply migrations/ to DATABASE_URL (Neon in staging/production).
// For a plain local Postgres set LOCAL_PG=1: a WebSocket proxy is started in front of it.
import { runMigrations, useLocalProxy } from "./lib/migrate.ts";
import { startWsProxy } from "./lib/ws-proxy.ts";

const url = process.env.DATABASE_URL;
if (!url) {
  console.error("DATABASE_URL is not set. Example: DATABASE_URL=postgres://user:pass@host/db npm run db:migrate");
  process.exit(1);
}
let proxy: Awaited<ReturnType<typeof startWsProxy>> | undefined;
const u = new URL(url);
if (process.env.LOCAL_PG === "1" || ["127.0.0.1", "localhost"].includes(u.hostname)) {
  proxy = await startWsProxy({ host: u.hostname, port: Number(u.port || 5432) });
  useLocalProxy(proxy.port);
}
try {
  await runMigrations(url);
  console.log("migrations applied");
} finally {
  await proxy?.close();
}
