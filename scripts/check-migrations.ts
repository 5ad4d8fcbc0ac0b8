// CI guard: fails when prisma/schema.prisma and the migrations disagree.
import { execFileSync } from "node:child_process";

type Failure = { status?: number; stdout?: string; stderr?: string };

function diff(): Failure | null {
  try {
    execFileSync(
      "npx",
      ["prisma", "migrate", "diff", "--from-migrations", "prisma/migrations", "--to-schema", "prisma/schema.prisma", "--exit-code", "--script"],
      { stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" },
    );
    return null;
  } catch (error) {
    return error as Failure;
  }
}

// The WASM schema-engine stand-in (prisma/engine) sometimes exits without an
// answer (about one run in eight here, an empty "Error in Schema engine");
// that is a tool failure, not drift, so it is retried. Drift (exit code 2)
// is reported at once.
let failure = diff();
for (let attempt = 2; failure && failure.status !== 2 && attempt <= 3; attempt++) failure = diff();

if (!failure) {
  console.log("Migrations match schema.prisma.");
} else if (failure.status === 2) {
  console.error("schema.prisma and prisma/migrations disagree. This SQL is missing from the migrations:\n");
  console.error(failure.stdout);
  console.error("Create a migration with: npx prisma migrate dev --name <what-changed>");
  process.exit(1);
} else {
  console.error(`Could not compare schema and migrations:\n${failure.stderr ?? failure.stdout ?? String(failure)}`);
  process.exit(1);
}
