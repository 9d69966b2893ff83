import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './src/settlement/db/schema.ts',
  out: './src/settlement/db/migrations',
});
