// CI guard: fails when prisma/schema.prisma and the migrations disagree.
import { execFileSync } from "node:child_process";

try {
  execFileSync(
    "npx",
    ["prisma", "migrate", "diff", "--from-migrations", "prisma/migrations", "--to-schema", "prisma/schema.prisma", "--exit-code", "--script"],
    { stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" },
  );
  console.log("Migrations match schema.prisma.");
} catch (error) {
  const e = error as { status?: number; stdout?: string; stderr?: string };
  if (e.status === 2) {
    console.error("schema.prisma and prisma/migrations disagree. This SQL is missing from the migrations:\n");
    console.error(e.stdout);
    console.error("Create a migration with: npx prisma migrate dev --name <what-changed>");
  } else {
    console.error(`Could not compare schema and migrations:\n${e.stderr ?? e.stdout ?? String(error)}`);
  }
  process.exit(1);
}
