import fs from "node:fs";
import path from "node:path";

/** Loads `.env` from the project root if present; real environment wins. */
export function loadDotEnv(root = process.cwd()) {
  const file = path.join(root, ".env");
  if (fs.existsSync(file)) process.loadEnvFile(file);
}
