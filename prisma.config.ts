import path from "node:path";
import { defineConfig } from "prisma/config";
import { loadDotEnv } from "./server/dotenv";

loadDotEnv();

// Prisma's CLI cannot download its native schema engine here; this project
// ships a stand-in that runs the engine's WASM build (see prisma/engine/).
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.resolve(import.meta.dirname, "prisma/engine/schema-engine.mjs");

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: {
    path: "prisma/migrations",
    seed: "node --import tsx prisma/seed.ts",
  },
  datasource: {
    url: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/nearshop",
  },
});
