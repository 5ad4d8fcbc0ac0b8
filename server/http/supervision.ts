/**
 * What the supervisor (server/index.ts) last told this web process about
 * the others, for /healthz. A web process started without a supervisor
 * (development) has none.
 */
export interface SupervisorState {
  wanted: number;
  running: number;
  /** Processes that exited in the last 15 minutes. */
  recentExits: number;
  /** When the next replacement starts, if one is waiting out its backoff. */
  restartDueAt: string | null;
  lastExit: { code: number | null; signal: string | null; at: string } | null;
}

let state: SupervisorState | null = null;

export const supervisorState = () => state;

process.on("message", (message: unknown) => {
  const m = message as { type?: string; state?: SupervisorState };
  if (m?.type === "nearshop:supervisor" && m.state) state = m.state;
});
