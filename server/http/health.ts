import type { RequestHandler } from "express";
import { baseDb } from "../db/client.server";
import { redis } from "../redis.server";

const withTimeout = <T>(p: Promise<T>, ms: number) =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error("timeout")), ms))]);

/** PostgreSQL and Redis reachability, for load balancers and operators. */
export const healthz: RequestHandler = async (_req, res) => {
  const [pg, rd] = await Promise.allSettled([
    withTimeout(baseDb.$queryRaw`SELECT 1`, 2000),
    withTimeout(redis.ping(), 2000),
  ]);
  const body = {
    postgres: pg.status === "fulfilled" ? "ok" : "unreachable",
    redis: rd.status === "fulfilled" ? "ok" : "unreachable",
  };
  res.status(pg.status === "fulfilled" && rd.status === "fulfilled" ? 200 : 503).json(body);
};
