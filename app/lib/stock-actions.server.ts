import { data } from "@remix-run/node";
import { parseForm, readForm } from "./forms";
import { stockForms } from "../../server/schemas/inventory";
import type { ServerCaller } from "../../server/trpc/root";
import { redirectWithToast } from "./toast.server";
import { oncePerSubmitKey } from "./submit-key.server";
import { toResponse } from "./trpc.server";
import { translator } from "./i18n";
import type { Locale } from "../i18n";

/**
 * The stock forms' actions (adjust, receive, transfer, threshold), shared by
 * the stock page and the variant page. Inline forms (fetchers) get a small
 * JSON answer; full-page forms a redirect with a toast.
 */
export async function stockAction(request: Request, trpc: ServerCaller, shopSlug: string, locale: Locale, redirectTo?: string) {
  const t = translator(locale);
  const form = await readForm(request);
  const done = (message: string) => (redirectTo ? redirectWithToast(redirectTo, message) : data({ ok: true as const, message }));
  try {
    const input = parseForm(form, stockForms, { beside: [] });
    // A second submit of the same form (double click, resent POST) answers
    // the first one's message and changes nothing.
    const message = await oncePerSubmitKey(form, `stock:${shopSlug}`, async () => {
      switch (input.intent) {
        case "adjust": {
          const { variantId, locationId, delta, reason, note } = input;
          if (reason === "Received") {
            const level = await trpc.inventory.receive({ shopSlug, variantId, locationId, quantity: delta, reason: note || undefined });
            return t("stock.toast.received", { delta, available: level.available });
          }
          const level = await trpc.inventory.adjust({ shopSlug, variantId, locationId, delta, reason: [reason, note].filter(Boolean).join(": ") });
          return t("stock.toast.adjusted", { delta: `${delta > 0 ? "+" : ""}${delta}`, available: level.available });
        }
        case "transfer": {
          const { intent: _, note, ...transfer } = input;
          await trpc.inventory.transfer({ shopSlug, ...transfer, reason: note });
          return t("stock.toast.moved", { quantity: transfer.quantity });
        }
        case "threshold": {
          const { intent: _, ...threshold } = input;
          await trpc.inventory.setThreshold({ shopSlug, ...threshold });
          return t("stock.toast.threshold");
        }
      }
    });
    return done(message);
  } catch (error) {
    return toResponse(error, request);
  }
}
