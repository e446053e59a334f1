// Applies the drizzle-kit migrations in migrations/ through the Neon driver, exactly as
// production does against Neon. Idempotent: applied migrations are recorded in drizzle's table.
import { Pool, neonConfig } from "@neondatabase/serverless";
import { drizzle } from "drizzle-orm/neon-serverless";
import { migrate } from "drizzle-orm/neon-serverless/migrator";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ws from "ws";

export const migrationsFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../migrations");

/** Point the Neon driver at a local WebSocket proxy (never used in production). */
export function useLocalProxy(proxyPort: number) {
  neonConfig.webSocketConstructor = ws;
  neonConfig.wsProxy = () => `127.0.0.1:${proxyPort}/v1`;
  neonConfig.useSecureWebSocket = false;
  neonConfig.pipelineTLS = false;
  neonConfig.pipelineConnect = false;
}

export async function runMigrations(databaseUrl: string) {
  neonConfig.webSocketConstructor ??= ws;
  const pool = new Pool({ connectionString: databaseUrl });
  try {
    await migrate(drizzle({ client: pool }), { migrationsFolder });
  } finally {
    await pool.end();
  }
}
