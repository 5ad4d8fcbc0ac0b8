import { Queue } from "bullmq";
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

export async function closeQueues() {
  await Promise.all([...queues.values()].map((q) => q.close()));
  queues.clear();
}
