import type { LoaderFunctionArgs } from "@remix-run/node";
import { load } from "../lib/trpc.server";
import { subscribeOrders } from "../../server/services/orders/live";

/**
 * Server-sent events for the live order board: one "order" event per
 * change of this shop's orders, fanned out from Redis pub/sub (so any web
 * process can serve any board), and a comment every 25 s to keep proxies
 * from closing the stream. Members of the shop only.
 */
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
      const unsubscribe = await subscribeOrders(shop.id, {
        onChange: (change) => send(`event: order\ndata: ${JSON.stringify(change)}\n\n`),
        onClose: () => void cleanup(),
      });
      const ping = setInterval(() => send(": ping\n\n"), 25_000);
      cleanup = async () => {
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
    headers: { "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-cache, no-transform", Connection: "keep-alive", "X-Accel-Buffering": "no" },
  });
}
