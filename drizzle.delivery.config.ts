import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './src/delivery/db/schema.ts',
  out: './src/delivery/db/migrations',
});
