import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { Field, FormError } from "../components/form";
import { ShopFulfilment, ShopLines } from "../components/cart";
import { DeliveryAddress } from "../components/cart-delivery";
import { addToCart, clearCarts, oneCardUrl, readAllCarts, writeCart } from "../lib/cart.server";
import { savedLocation } from "../lib/location.server";
import { load, toResponse } from "../lib/trpc.server";
import { cartCheckoutForm, cartIntentForm, cartPageLineForm } from "../../server/schemas/orders";
import { keepValues, parseForm, readForm } from "../lib/forms";
import type { AppLoadContext } from "@remix-run/node";
import { badRequest } from "../../server/services/errors";
import { translator, useFormat, useT } from "../lib/i18n";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: translator(data?.locale ?? "en")("store.cart.title") }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const [carts, addresses] = await Promise.all([
    load(request, async () => context.trpc.checkout.carts({ carts: await readAllCarts(request, context) })),
    context.user ? load(request, () => context.trpc.shopper.addresses()) : [],
  ]);
  return {
    carts,
    addresses: addresses.map((a) => ({ id: a.id, label: a.label, address: a.address, placeLabel: a.placeLabel, isDefault: a.isDefault })),
    here: await savedLocation(request),
    user: context.user ? { name: context.user.name, email: context.user.email } : null,
    clientRef: crypto.randomUUID(),
    locale: context.locale,
  };
}

/** A line's change (add, update, remove) at one shop of the cart; answers where to go next. */
export async function changeLine(request: Request, context: AppLoadContext, form: FormData, intent: "add" | "update" | "remove", shopSlug?: string) {
  // The line forms show no message beside their inputs: any problem is said at the top.
  const line = shopSlug
    ? { ...parseForm(form, cartPageLineForm.omit({ shopSlug: true }), { beside: [] }), shopSlug }
    : parseForm(form, cartPageLineForm, { beside: [] });
  const slug = line.shopSlug;
  const item = { variantId: line.variantId, quantity: line.quantity };
  const all = await readAllCarts(request, context);
  const items = all.find((c) => c.shopSlug === slug)?.items ?? [];
  // An added item must be on sale at that shop: the cart view drops anything else, so look before keeping it.
  if (intent === "add") await context.trpc.checkout.cart({ shopSlug: slug, items: [item] });
  const next =
    intent === "add"
      ? addToCart(items, item)
      : intent === "update"
        ? items.map((i) => (i.variantId === item.variantId ? item : i))
        : items.filter((i) => i.variantId !== item.variantId);
  return redirect("/cart", { headers: await writeCart(request, context, all, slug, next) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  try {
    const { intent } = parseForm(form, cartIntentForm, { beside: [] });
    if (intent !== "checkout") return await changeLine(request, context, form, intent);
    const checkout = parseForm(form, cartCheckoutForm);
    const carts = await readAllCarts(request, context);
    const chosen = Object.values(checkout.orders);
    const here = await savedLocation(request);
    const orders = carts.map((c) => {
      const choice = chosen.find((o) => o.shopSlug === c.shopSlug);
      return {
        shopSlug: c.shopSlug,
        items: c.items,
        fulfilment: choice?.fulfilment ?? ("pickup" as const),
        locationId: choice?.locationId,
        pickupSlot: choice?.pickupSlot,
        note: choice?.note,
      };
    });
    // A choice made for a shop whose items left the cart (another tab) must not be dropped silently.
    const delivering = orders.some((o) => o.fulfilment === "delivery");
    const unknown = chosen.find((o) => !carts.some((c) => c.shopSlug === o.shopSlug));
    if (unknown) throw badRequest(translator(context.locale)("store.cart.changedElsewhere"));
    const placed = await context.trpc.checkout.placeCart({
      clientRef: checkout.clientRef,
      orders,
      payment: checkout.payment,
      name: checkout.name,
      email: checkout.email,
      phone: checkout.phone,
      smsOptIn: checkout.smsOptIn,
      // A saved address is named by its id only: the procedure reads its text and point from the account.
      savedAddressId: delivering ? checkout.savedAddressId : undefined,
      deliveryAddress: delivering && !checkout.savedAddressId ? checkout.deliveryAddress : undefined,
      deliveryPoint: delivering && !checkout.savedAddressId && here ? { lat: here.lat, lng: here.lng } : undefined,
      saveAddress:
        delivering && !checkout.savedAddressId && checkout.saveAddress && context.user && here
          ? { label: checkout.saveAddressLabel, placeLabel: here.label }
          : undefined,
    });
    const headers = await clearCarts(
      request,
      context,
      carts.map((c) => c.shopSlug),
    );
    const [only] = placed.orders;
    if (placed.orders.length === 1 && only) {
      if (only.status === "pending_payment") {
        const { url } = await context.trpc.checkout.payCard({ orderId: only.orderId, key: only.accessKey });
        return redirect(url, { headers });
      }
      return redirect(`/orders/${only.orderId}?key=${only.accessKey}&placed=1`, { headers });
    }
    const page = `/checkout/${placed.checkoutId}?key=${placed.key}&placed=1`;
    if (placed.orders.filter((o) => o.status === "pending_payment").length > 1) {
      const card = await oneCardUrl(context, { checkoutId: placed.checkoutId, key: placed.key });
      if (card) return redirect(card, { headers });
    }
    return redirect(page, { headers });
  } catch (error) {
    return toResponse(error, request, keepValues(form));
  }
}

export default function Cart() {
  const { carts, addresses, here, user, clientRef } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const t = useT();
  const f = useFormat();
  const kept = (failure && "values" in failure ? failure.values : undefined) as Record<string, string> | undefined;
  const several = carts.length > 1;
  const [delivering, setDelivering] = useState<Record<number, boolean>>(() =>
    Object.fromEntries(carts.map((_, i) => [i, kept?.[`orders.${i}.fulfilment`] === "delivery"])),
  );
  const anyDelivery = Object.values(delivering).some(Boolean);
  const errors: Record<string, string | undefined> = failure && "fieldErrors" in failure ? (failure.fieldErrors ?? {}) : {};
  const cardEverywhere = carts.length > 0 && carts.every((c) => c.cardPayments && !c.cardMinimum);
  const currencies = new Set(carts.map((c) => c.shop.currency));
  const [first] = carts;
  const grandTotal =
    currencies.size === 1 && first
      ? f.money(
          carts.reduce((n, c) => n + c.total, 0),
          first.shop.currency,
        )
      : null;
  // Messages for fields with no input of their own on this page (a shop's items, say) are said at the top.
  const unplaced = Object.entries(errors).filter(([k, m]) => m && /^orders\.\d+\.(items|shopSlug)$|^orders$|^deliveryPoint$/.test(k));
  const lonePickup = !several && first && !delivering[0];
  const holdText =
    first && lonePickup && first.locations[0]?.hasHours
      ? t("store.checkout.holdSlot")
      : first && !several
        ? t("store.checkout.holdHours", { count: first.shop.pickupHoldHours })
        : t("store.checkout.holdEach");
  const refusing = carts.filter((c) => !c.cardPayments || c.cardMinimum);
  return (
    <main className="discovery">
      <h1>{t("store.cart.heading")}</h1>
      {carts.length === 0 ? (
        <p className="empty">
          {t.rich("store.cart.empty", {
            nearby: (chunks) => <Link to="/nearby">{chunks}</Link>,
            search: (chunks) => <Link to="/search">{chunks}</Link>,
          })}
        </p>
      ) : (
        <>
          {several ? <p className="hint">{t("store.cart.several", { count: carts.length })}</p> : null}
          {carts.map((c) => (
            <section key={c.shop.slug} aria-labelledby={`cart-${c.shop.slug}`} className="cart-shop">
              <h2 id={`cart-${c.shop.slug}`}>
                <Link to={`/s/${c.shop.slug}`} translate="no">
                  {c.shop.name}
                </Link>
              </h2>
              <ShopLines cart={c} />
            </section>
          ))}

          <h2>{t("store.checkout.heading")}</h2>
          <Form method="post" noValidate className="wide-form">
            <input type="hidden" name="intent" value="checkout" />
            <input type="hidden" name="clientRef" value={kept?.clientRef ?? clientRef} />
            <FormError failure={failure} />
            {unplaced.map(([k, m]) => (
              <p key={k} className="form-error" role="alert">
                {m}
              </p>
            ))}
            {carts.map((c, i) => (
              <ShopFulfilment
                key={c.shop.slug}
                cart={c}
                index={i}
                several={several}
                failure={failure}
                onFulfilment={(f) => setDelivering((d) => ({ ...d, [i]: f === "delivery" }))}
              />
            ))}
            {anyDelivery ? <DeliveryAddress saved={addresses} signedIn={Boolean(user)} here={here} failure={failure} /> : null}
            <fieldset>
              <legend>{t("store.checkout.payment")}</legend>
              <label>
                <input type="radio" name="payment" value="pay_at_pickup" defaultChecked={!cardEverywhere || !anyDelivery} disabled={anyDelivery} />{" "}
                {t("store.checkout.payAtPickup", { hold: holdText })}
              </label>
              {cardEverywhere ? (
                <label>
                  <input type="radio" name="payment" value="card_online" defaultChecked={anyDelivery} /> {t("store.checkout.payByCard")}{" "}
                  {several ? t("store.checkout.payEachShop") : t("store.checkout.unpaidReleased", { count: first?.shop.unpaidOrderMinutes ?? 0 })}
                </label>
              ) : several ? (
                <p className="hint">
                  {t.rich("store.checkout.cardNeedsAll", {
                    count: refusing.length,
                    shops: <span translate="no">{refusing.map((c) => c.shop.name).join(", ")}</span>,
                  })}
                </p>
              ) : first?.cardPayments && first.cardMinimum ? (
                <p className="hint">{first.cardMinimum}.</p>
              ) : (
                <p className="hint">{t("store.checkout.noCard")}</p>
              )}
              {errors.payment ? (
                <p className="field-error" role="alert">
                  {errors.payment}
                </p>
              ) : null}
            </fieldset>
            <Field label={t("store.checkout.name")} name="name" failure={failure} defaultValue={user?.name} required autoComplete="name" />
            <Field label={t("store.checkout.email")} name="email" type="email" failure={failure} defaultValue={user?.email} required autoComplete="email" />
            <Field label={t("store.checkout.phone")} name="phone" failure={failure} autoComplete="tel" />
            <label className="check">
              <input type="checkbox" name="smsOptIn" defaultChecked={kept?.smsOptIn === "on"} /> {t("store.checkout.sms", { count: carts.length })}
            </label>
            {several && grandTotal ? (
              <p className="cart-total">
                {t.rich(anyDelivery ? "store.checkout.grandTotalBeforeFees" : "store.checkout.grandTotal", {
                  count: carts.length,
                  total: <strong>{grandTotal}</strong>,
                })}
              </p>
            ) : null}
            <button type="submit" disabled={busy}>
              {busy ? t("store.checkout.placing", { count: carts.length }) : t("store.checkout.place", { count: carts.length })}
            </button>
          </Form>
        </>
      )}
    </main>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
