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
import { formatMoney } from "../../server/schemas/money";
import { cartCheckoutForm, cartIntentForm, cartPageLineForm } from "../../server/schemas/orders";
import { keepValues, parseForm, readForm } from "../lib/forms";
import type { AppLoadContext } from "@remix-run/node";
import { badRequest } from "../../server/services/errors";

export const meta: MetaFunction = () => [{ title: "Your cart · Nearshop" }];

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
    if (unknown) throw badRequest("Your cart changed in another window: check it below and place your order again.");
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
      ? formatMoney(
          carts.reduce((n, c) => n + c.total, 0),
          first.shop.currency,
        )
      : null;
  // Messages for fields with no input of their own on this page (a shop's items, say) are said at the top.
  const unplaced = Object.entries(errors).filter(([k, m]) => m && /^orders\.\d+\.(items|shopSlug)$|^orders$|^deliveryPoint$/.test(k));
  const lonePickup = !several && first && !delivering[0];
  const holdText =
    first && lonePickup && first.locations[0]?.hasHours
      ? "until the end of your pickup time"
      : first && !several
        ? `for ${first.shop.pickupHoldHours} hours`
        : "as each shop says on its order";
  return (
    <main className="discovery">
      <h1>Your cart</h1>
      {carts.length === 0 ? (
        <p className="empty">
          Your cart is empty. <Link to="/nearby">Find shops near you</Link> or <Link to="/search">search for a product</Link>.
        </p>
      ) : (
        <>
          {several ? (
            <p className="hint">
              Items from {carts.length} shops: one checkout places one order at each shop, all together (if one cannot be placed, none is).
            </p>
          ) : null}
          {carts.map((c) => (
            <section key={c.shop.slug} aria-labelledby={`cart-${c.shop.slug}`} className="cart-shop">
              <h2 id={`cart-${c.shop.slug}`}>
                <Link to={`/s/${c.shop.slug}`}>{c.shop.name}</Link>
              </h2>
              <ShopLines cart={c} />
            </section>
          ))}

          <h2>Checkout</h2>
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
              <legend>Payment</legend>
              <label>
                <input type="radio" name="payment" value="pay_at_pickup" defaultChecked={!cardEverywhere || !anyDelivery} disabled={anyDelivery} /> Pay at
                pickup (we hold your items {holdText})
              </label>
              {cardEverywhere ? (
                <label>
                  <input type="radio" name="payment" value="card_online" defaultChecked={anyDelivery} /> Pay now by card (Stripe).{" "}
                  {several
                    ? "You pay each shop in turn, on its own secure page; unpaid orders are released after a while."
                    : `Unpaid orders are released after ${first?.shop.unpaidOrderMinutes} minutes.`}
                </label>
              ) : several ? (
                <p className="hint">
                  Card payment needs every shop in the cart to take cards:{" "}
                  {carts
                    .filter((c) => !c.cardPayments || c.cardMinimum)
                    .map((c) => c.shop.name)
                    .join(", ")}{" "}
                  {carts.filter((c) => !c.cardPayments || c.cardMinimum).length === 1 ? "does" : "do"} not for this order.
                </p>
              ) : first?.cardPayments && first.cardMinimum ? (
                <p className="hint">{first.cardMinimum}.</p>
              ) : (
                <p className="hint">Card payment is not available at this shop right now.</p>
              )}
              {errors.payment ? (
                <p className="field-error" role="alert">
                  {errors.payment}
                </p>
              ) : null}
            </fieldset>
            <Field label="Your name" name="name" failure={failure} defaultValue={user?.name} required autoComplete="name" />
            <Field
              label="Email (for your order updates)"
              name="email"
              type="email"
              failure={failure}
              defaultValue={user?.email}
              required
              autoComplete="email"
            />
            <Field label="Phone (optional)" name="phone" failure={failure} autoComplete="tel" />
            <label className="check">
              <input type="checkbox" name="smsOptIn" defaultChecked={kept?.smsOptIn === "on"} /> Text me when my {several ? "orders are" : "order is"} ready, on{" "}
              {several ? "their" : "its"} way or delayed (reply STOP to stop)
            </label>
            {several && grandTotal ? (
              <p className="cart-total">
                Total for {carts.length} orders: <strong>{grandTotal}</strong>
                {anyDelivery ? " before delivery fees" : ""}
              </p>
            ) : null}
            <button type="submit" disabled={busy}>
              {busy ? (several ? "Placing your orders…" : "Placing your order…") : several ? `Place ${carts.length} orders` : "Place order"}
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
