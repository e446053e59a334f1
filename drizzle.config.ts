import { defineConfig } from "drizzle-kit";

// `npm run db:generate` writes SQL migrations from worker/db/schema.ts; they are committed.
export default defineConfig({
  dialect: "postgresql",
  schema: "./worker/db/schema.ts",
  out: "./migrations",
});
