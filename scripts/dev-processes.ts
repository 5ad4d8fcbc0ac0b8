// What `npm run dev` runs under `remix dev`: the worker as a child process,
// and the web server in this one. Stopping dev stops both.
import { spawn } from "node:child_process";

const worker = spawn(process.execPath, ["--import", "tsx", "jobs/worker.ts"], { stdio: "inherit", env: process.env });
worker.on("exit", (code) => {
  if (code !== 0 && code !== null) console.error(`worker exited with code ${code}`);
});
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => worker.kill(signal));
}

await import("../server/index.ts");
