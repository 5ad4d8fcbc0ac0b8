import type { RequestHandler } from "express";
import { baseDb } from "../db/client.server";
import { redis } from "../redis.server";
import { supervisorState } from "./supervision";

const withTimeout = <T>(p: Promise<T>, ms: number) => Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error("timeout")), ms))]);

/**
 * PostgreSQL and Redis reachability, for load balancers and operators, and
 * what the supervisor says of the web processes: "degraded" (still 200:
 * this process answers) while fewer run than wanted or any died in the last
 * 15 minutes, with the last exit and when its replacement starts.
 */
export const healthz: RequestHandler = async (_req, res) => {
  const [pg, rd] = await Promise.allSettled([withTimeout(baseDb.$queryRaw`SELECT 1`, 2000), withTimeout(redis.ping(), 2000)]);
  const up = pg.status === "fulfilled" && rd.status === "fulfilled";
  const web = supervisorState();
  const degraded = web !== null && (web.running < web.wanted || web.recentExits > 0);
  const body = {
    status: !up ? "down" : degraded ? "degraded" : "ok",
    postgres: pg.status === "fulfilled" ? "ok" : "unreachable",
    redis: rd.status === "fulfilled" ? "ok" : "unreachable",
    web: web ?? { supervised: false },
  };
  res.status(up ? 200 : 503).json(body);
};
