import fs from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { env } from "../../env.server";
import { logger } from "../../logger";
import { redis } from "../../redis.server";
import { getQueue, QUEUE_PREFIX, QUEUES } from "../../../jobs/queues";

/** What an erasure function (erase_customer, erase_shop_customer) returns beside its counts. */
export const erasedTraces = z.object({ files: z.array(z.string()), emails: z.array(z.string()) });
export type ErasedTraces = z.output<typeof erasedTraces>;

const FINISHED = ["completed", "failed"] as const;
const PENDING = ["waiting", "delayed", "prioritized", "waiting-children"] as const;
const PAGE = 500;

/**
 * The emails written to MAIL_OUTBOX_DIR about the person (.eml and its
 * .json): deleted. Only files inside that folder are touched, whatever a row
 * says. Messages already handed to an SMTP server are out of our reach.
 */
async function deleteMailFiles(locations: string[]): Promise<number> {
  const dir = path.resolve(env.MAIL_OUTBOX_DIR) + path.sep;
  let n = 0;
  for (const location of locations) {
    if (location.startsWith("smtp:")) continue;
    const eml = path.resolve(location);
    if (!eml.startsWith(dir) || !eml.endsWith(".eml")) continue;
    for (const file of [eml, eml.replace(/\.eml$/, ".json")]) {
      await fs.rm(file, { force: true });
      n++;
    }
  }
  return n;
}

const mentions = (text: string, emails: string[]) => {
  const lower = text.toLowerCase();
  return emails.some((e) => lower.includes(e));
};

/**
 * Jobs kept in Redis whose data, result or failure names the person's
 * address (a receipt to email them), of one shop or any: removed, finished
 * or not (a receipt not yet sent must not go out). Jobs being worked on right now cannot be
 * removed; they are logged and finish against the erased rows.
 */
async function removeJobs(emails: string[], shopId: string | null): Promise<number> {
  let n = 0;
  for (const name of QUEUES) {
    const queue = getQueue(name);
    for (const state of [...FINISHED, ...PENDING]) {
      for (let start = 0; ; start += PAGE) {
        const jobs = await queue.getJobs([state], start, start + PAGE - 1, true);
        if (!jobs.length) break;
        let removed = 0;
        for (const job of jobs) {
          const text = JSON.stringify([job.data, job.returnvalue ?? null, job.failedReason ?? null, job.stacktrace ?? []]);
          if (!mentions(text, emails)) continue;
          if (shopId && (job.data as { shopId?: unknown } | null)?.shopId !== shopId) continue;
          try {
            await job.remove();
            removed++;
          } catch (error) {
            logger.error("erasure: a job naming the person is running and was not removed", { queue: name, job: job.id, error: String(error) });
          }
        }
        n += removed;
        start -= removed; // the list shifted under us
        if (jobs.length < PAGE) break;
      }
    }
  }
  return n;
}

/** Rate-limit counters keyed by the address (log-in, reset tries): deleted. */
async function deleteRateLimitKeys(emails: string[]): Promise<number> {
  let n = 0;
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${env.QUEUE_PREFIX}:rl:*`, "COUNT", 1000);
    cursor = next;
    const hits = keys.filter((k) => mentions(k, emails));
    if (hits.length) n += await redis.del(...hits);
  } while (cursor !== "0");
  return n;
}

/**
 * The part of an erasure outside PostgreSQL, run after the database's part
 * committed: the mail folder, BullMQ jobs and (a person's own erasure only)
 * rate-limit keys. A shop's erasure reaches only its own jobs, and leaves the
 * log-in counters alone: they are the platform's, and resetting them on a
 * shop's word would give a password guesser fresh tries. A failure here is
 * logged with what is left, and does not undo the erasure.
 */
export async function eraseOutsideDatabase(traces: ErasedTraces, scope: { shopId: string } | "everywhere") {
  const emails = traces.emails.map((e) => e.toLowerCase()).filter((e) => e.includes("@"));
  const done = { files: 0, jobs: 0, keys: 0 };
  try {
    done.files = await deleteMailFiles(traces.files);
    if (emails.length) {
      done.jobs = await removeJobs(emails, scope === "everywhere" ? null : scope.shopId);
      if (scope === "everywhere") done.keys = await deleteRateLimitKeys(emails);
    }
  } catch (error) {
    logger.error("erasure: cleaning outside the database failed; run it again", { prefix: QUEUE_PREFIX, ...done, error: String(error) });
  }
  return done;
}
