// drizzle-kit configuration: `npx drizzle-kit generate --config db/drizzle.config.ts --name <slug>` diffs
// db/schema.ts against the last snapshot and writes reviewable SQL into db/migrations (committed).
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: './db/schema.ts',
  out: './db/migrations',
});
