import { redis } from "../../server/redis.server";
import { logger } from "../../server/logger";

/** How long a form's first answer is kept for a replay of the same submit. */
const TTL_SECONDS = 24 * 3600;
const WAIT_MS = 10_000;
const KEY = /^[A-Za-z0-9_-]{16,64}$/;

type Entry = { state: "pending" } | { state: "done"; value: unknown };

/**
 * Runs a form's work once per submit key (the hidden `submitKey` each form
 * render gets, see app/components/submit-key.tsx): a second submit of the
 * same render (a double click, a resent POST, the back button) gets the first
 * answer instead of doing the work again, as the till's clientRef does for
 * sales. The key is claimed in Redis with SET NX; if the work fails the claim
 * is released, so the person can correct the form and send it again.
 * Without a key (a script, an old page) the work simply runs. If Redis is
 * unreachable the work runs too: refusing to receive stock because a cache is
 * down would be worse than the rare double.
 */
export async function oncePerSubmitKey<T>(form: FormData, scope: string, run: () => Promise<T>): Promise<T> {
  const given = form.get("submitKey");
  if (typeof given !== "string" || given === "") return run();
  if (!KEY.test(given)) throw new Response("This form's key is not valid: reload the page and send it again.", { status: 400 });
  const key = `submit:${scope}:${given}`;
  let claimed: string | null;
  try {
    claimed = await redis.set(key, JSON.stringify({ state: "pending" } satisfies Entry), "EX", TTL_SECONDS, "NX");
  } catch (error) {
    logger.warn("submit key: Redis unreachable, running without a replay guard", { error: String(error) });
    return run();
  }
  if (!claimed) return (await firstAnswer(key)) as T;
  try {
    const value = await run();
    await redis.set(key, JSON.stringify({ state: "done", value } satisfies Entry), "EX", TTL_SECONDS).catch(() => undefined);
    return value;
  } catch (error) {
    await redis.del(key).catch(() => undefined);
    throw error;
  }
}

/** The first submit's answer; waits while that submit is still running. */
async function firstAnswer(key: string): Promise<unknown> {
  const until = Date.now() + WAIT_MS;
  for (;;) {
    const raw = await redis.get(key).catch(() => null);
    const entry = raw ? (JSON.parse(raw) as Entry) : null;
    if (entry?.state === "done") return entry.value;
    if (!entry) {
      // The first submit failed and let go: say so rather than run it twice at once.
      throw new Response("This form was sent twice and the first one did not go through: check the page and send it again.", { status: 409 });
    }
    if (Date.now() > until) throw new Response("This form is still being saved: reload the page in a moment to see the result.", { status: 409 });
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
