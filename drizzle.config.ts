import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './packages/modules/*/src/*.schema.ts',
  out: './packages/db/migrations',
});
