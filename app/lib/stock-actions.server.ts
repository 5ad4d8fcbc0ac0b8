import { data } from "@remix-run/node";
import { readForm } from "./forms";
import type { ServerCaller } from "../../server/trpc/root";
import { redirectWithToast } from "./toast.server";
import { oncePerSubmitKey } from "./submit-key.server";
import { toResponse } from "./trpc.server";

/**
 * The stock forms' actions (adjust, receive, transfer, threshold), shared by
 * the stock page and the variant page. Inline forms (fetchers) get a small
 * JSON answer; full-page forms a redirect with a toast.
 */
export async function stockAction(request: Request, trpc: ServerCaller, shopSlug: string, redirectTo?: string) {
  const form = await readForm(request);
  const s = (k: string) => String(form.get(k) ?? "");
  const n = (k: string) => (s(k).trim() === "" ? Number.NaN : Number(s(k)));
  const done = (message: string) => (redirectTo ? redirectWithToast(redirectTo, message) : data({ ok: true as const, message }));
  const intent = s("intent");
  if (!["adjust", "transfer", "threshold"].includes(intent)) {
    return data({ formError: "Unknown action: reload the page and try again." }, { status: 400 });
  }
  try {
    // A second submit of the same form (double click, resent POST) answers
    // the first one's message and changes nothing.
    const message = await oncePerSubmitKey(form, `stock:${shopSlug}`, async () => {
      switch (intent) {
        case "adjust": {
          const delta = n("delta");
          if (s("reason") === "Received") {
            const level = await trpc.inventory.receive({ shopSlug, variantId: s("variantId"), locationId: s("locationId"), quantity: delta, reason: s("note") || undefined });
            return `Received ${delta}: ${level.available} available.`;
          }
          const level = await trpc.inventory.adjust({ shopSlug, variantId: s("variantId"), locationId: s("locationId"), delta, reason: [s("reason"), s("note")].filter(Boolean).join(": ") });
          return `Adjusted by ${delta > 0 ? "+" : ""}${delta}: ${level.available} available.`;
        }
        case "transfer": {
          const quantity = n("quantity");
          await trpc.inventory.transfer({ shopSlug, variantId: s("variantId"), fromLocationId: s("fromLocationId"), toLocationId: s("toLocationId"), quantity, reason: s("note") || undefined });
          return `Moved ${quantity}.`;
        }
        default: {
          await trpc.inventory.setThreshold({ shopSlug, variantId: s("variantId"), locationId: s("locationId"), threshold: s("threshold") === "" ? null : n("threshold") });
          return "Low-stock alert saved.";
        }
      }
    });
    return done(message);
  } catch (error) {
    return toResponse(error, request);
  }
}
