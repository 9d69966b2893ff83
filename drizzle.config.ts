import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './src/market/db/schema.ts',
  out: './src/market/db/migrations',
});
