import type { LoaderFunctionArgs } from "@remix-run/node";
import { load } from "../lib/trpc.server";
import { boardStillAllowed, subscribeOrders } from "../../server/services/orders/live";
import { metrics } from "../../server/metrics/metrics.server";

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
  const encoder = new TextEncoder();
  let cleanup = async () => {};
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          void cleanup();
        }
      };
      const userId = context.user?.id ?? "";
      const unsubscribe = await subscribeOrders(shop.id, {
        onChange: (change) => send(`event: order\ndata: ${JSON.stringify(change)}\n\n`),
        onClose: () => void cleanup(),
        onAccessChange: (changed) => {
          if (changed === userId) void cleanup();
        },
      });
      const ping = setInterval(async () => {
        const allowed = await boardStillAllowed(shop.id, userId, context.sessionId).catch(() => true);
        if (allowed) send(": ping\n\n");
        else void cleanup();
      }, PING_MS);
      // Open from here; cleanup may run more than once (abort, cancel, access change), counted down once.
      metrics.sseOpen.inc();
      let open = true;
      cleanup = async () => {
        if (open) metrics.sseOpen.dec();
        open = false;
        clearInterval(ping);
        await unsubscribe();
        try {
          controller.close();
        } catch {
          // already closed
        }
      };
      request.signal.addEventListener("abort", () => void cleanup());
      send("retry: 3000\n: connected\n\n");
    },
    cancel() {
      void cleanup();
    },
  });
  return new Response(stream, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-cache, no-transform",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    },
  });
}
