import { Queue, UnrecoverableError } from "bullmq";
import { logger } from "../server/logger";
import { env } from "../server/env.server";
import { bullConnection } from "../server/redis.server";
import { QUEUES, type QueueName } from "../server/services/outbox/record";

export { QUEUES, type QueueName };

/**
 * Queue names carry a hash tag ({nearshop} by default) so that all of a
 * queue's keys land on one Redis Cluster slot when we get there.
 */
export const QUEUE_PREFIX = `{${env.QUEUE_PREFIX}}`;

export const DEFAULT_JOB_OPTIONS = {
  attempts: 8,
  backoff: { type: "exponential", delay: 2000 },
  removeOnComplete: { age: 7 * 24 * 3600, count: 10000 },
  removeOnFail: { age: 30 * 24 * 3600 },
} as const;

const globalForQueues = globalThis as unknown as { __nearshopQueues?: Map<QueueName, Queue> };
const queues = (globalForQueues.__nearshopQueues ??= new Map());

export function getQueue(name: QueueName): Queue {
  let q = queues.get(name);
  if (!q) {
    q = new Queue(name, {
      connection: bullConnection("producer"),
      prefix: QUEUE_PREFIX,
      defaultJobOptions: DEFAULT_JOB_OPTIONS,
    });
    q.on("error", () => {
      // Redis down: the dispatcher retries; nothing is lost (outbox).
    });
    queues.set(name, q);
  }
  return q;
}

/**
 * A job whose name no handler of its queue knows (a name from a newer
 * deploy, a typo in a hand-made job): handled one way on every queue. It is
 * logged, and failed without retries, so it stays in the queue's failed set
 * (kept 30 days, visible in Bull board) to be replayed once a handler exists.
 */
export function unknownJob(queue: QueueName, name: string): never {
  logger.error("job with no handler: kept in the failed set, not retried", { queue, name });
  throw new UnrecoverableError(`No handler for "${name}" on the ${queue} queue`);
}

export async function closeQueues() {
  await Promise.all([...queues.values()].map((q) => q.close()));
  queues.clear();
}
