import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { z } from "zod";
import { load } from "../lib/trpc.server";
import { requireParams, textParam } from "../lib/url-params";

/**
 * Where Stripe sends the customer back once their card is kept for a
 * checkout across shops: each shop's order is charged now (the session's
 * webhook does the same if this page is never reached), then the checkout's
 * page says what was paid and what still waits, and why.
 */
const back = z.object({ key: textParam, session: textParam });

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { key, session } = requireParams(request, back);
  const checkoutId = params.checkoutId ?? "";
  const page = `/checkout/${encodeURIComponent(checkoutId)}?key=${encodeURIComponent(key ?? "")}`;
  try {
    const { outcomes } = await load(request, () => context.trpc.checkout.chargeCart({ checkoutId, key: key ?? "", sessionId: session ?? "" }));
    const failed = outcomes.filter((o) => o.outcome === "declined" || o.outcome === "authentication" || o.outcome === "unavailable");
    return redirect(`${page}&card=done${failed.length ? `&failed=${failed.map((o) => `${o.orderId}.${o.outcome}`).join(",")}` : ""}`);
  } catch (thrown) {
    // A card entry that did not finish (or is not this checkout's) goes back to the page, which says nothing was charged; a wrong checkout is the page's own 404.
    if (thrown instanceof Response && thrown.status === 400) return redirect(`${page}&card=not-saved`);
    throw thrown;
  }
}
