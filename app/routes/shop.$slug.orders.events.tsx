import type { LoaderFunctionArgs } from "@remix-run/node";
import { load } from "../lib/trpc.server";
import { boardStillAllowed, subscribeOrders } from "../../server/services/orders/live";
import { eventStream } from "../lib/event-stream.server";

/**
 * Server-sent events for the live order board: one "order" event per
 * change of this shop's orders, fanned out from Redis pub/sub (so any web
 * process can serve any board), and a comment every 25 s to keep proxies
 * from closing the stream. Members of the shop only, for as long as they
 * are: the stream ends the moment their membership or role changes (an
 * access message on the same channel), and at each ping it checks that the
 * session and the membership still stand (a missed message, a session ended
 * by logging out or a password change).
 */
const PING_MS = Number(process.env.BOARD_PING_MS ?? 25_000);

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { shop } = await load(request, () => context.trpc.shops.current({ shopSlug: params.slug ?? "" }));
  const userId = context.user?.id ?? "";
  return eventStream(request, async ({ send, end }) => {
    const unsubscribe = await subscribeOrders(shop.id, {
      onChange: (change) => send(`event: order\ndata: ${JSON.stringify(change)}\n\n`),
      onClose: end,
      onAccessChange: (changed) => {
        if (changed === userId) end();
      },
    });
    const ping = setInterval(async () => {
      const allowed = await boardStillAllowed(shop.id, userId, context.sessionId).catch(() => true);
      if (allowed) send(": ping\n\n");
      else end();
    }, PING_MS);
    return async () => {
      clearInterval(ping);
      await unsubscribe();
    };
  });
}
