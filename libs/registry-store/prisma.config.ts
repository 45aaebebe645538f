// Prisma CLI configuration: the JavaScript schema engine over the pg driver adapter (no engine downloads).
import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { createPgAdapter } from './src/pg-adapter';

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join(__dirname, 'prisma', 'schema.prisma'),
  migrations: { path: path.join(__dirname, 'prisma', 'migrations') },
  adapter: async () => createPgAdapter(process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/switchyard'),
});
