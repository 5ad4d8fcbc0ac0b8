import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { load } from "../lib/trpc.server";
import { requireParams, textParam } from "../lib/url-params";
import { subscribeOrders } from "../../server/services/orders/live";
import { eventStream } from "../lib/event-stream.server";

/**
 * Server-sent events for the customer's order page: one "order" event each
 * time this order changes (status only: the page re-reads the order, with
 * the same access check as any request). Open to the order's customer (signed
 * in) or the holder of the link's key, exactly as the page is. Streams are
 * capped per process and per order, so a leaked link cannot hold a process's
 * connections open: over the cap the answer is 429, and the page still works
 * (it shows the order as loaded and says live updates are off).
 */
const PING_MS = Number(process.env.BOARD_PING_MS ?? 25_000);
const MAX_PER_PROCESS = Number(process.env.ORDER_STREAMS_MAX ?? 2_000);
const MAX_PER_ORDER = 5;

const globalForStreams = globalThis as unknown as { __nearshopOrderStreams?: Map<string, number> };
const open = (globalForStreams.__nearshopOrderStreams ??= new Map<string, number>());
const total = () => [...open.values()].reduce((a, b) => a + b, 0);

const accessKey = z.object({ key: textParam });

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { key } = requireParams(request, accessKey);
  const orderId = params.orderId ?? "";
  const { shopId } = await load(request, () => context.trpc.checkout.watchOrder({ orderId, key }));
  if (total() >= MAX_PER_PROCESS || (open.get(orderId) ?? 0) >= MAX_PER_ORDER) {
    return new Response("Too many live views of this order; reload later.", {
      status: 429,
      headers: { "Retry-After": "60", "Content-Type": "text/plain; charset=utf-8" },
    });
  }
  open.set(orderId, (open.get(orderId) ?? 0) + 1);
  let counted = true;
  const uncount = () => {
    if (!counted) return;
    counted = false;
    const n = (open.get(orderId) ?? 1) - 1;
    if (n <= 0) open.delete(orderId);
    else open.set(orderId, n);
  };
  return eventStream(
    request,
    async ({ send, end }) => {
      const unsubscribe = await subscribeOrders(shopId, {
        // Other orders of the shop are none of this customer's business: not even that they changed.
        onChange: (change) => {
          if (change.orderId === orderId) send(`event: order\ndata: ${JSON.stringify({ status: change.status })}\n\n`);
        },
        onClose: end,
      });
      const ping = setInterval(() => send(": ping\n\n"), PING_MS);
      return async () => {
        uncount();
        clearInterval(ping);
        await unsubscribe();
      };
    },
    5000,
  );
}
