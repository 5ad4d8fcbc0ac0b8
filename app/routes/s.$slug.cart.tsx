import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { Field, FormError } from "../components/form";
import { addToCart, readCart, writeCart } from "../lib/cart.server";
import { savedLocation } from "../lib/location.server";
import { load, toResponse } from "../lib/trpc.server";
import { formatMoney } from "../../server/schemas/money";
import { cartIntentForm, cartLineForm, checkoutForm } from "../../server/schemas/orders";
import { keepValues, parseForm, readForm } from "../lib/forms";
import { formatSlot, zoneName } from "../lib/time";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Your cart at ${data?.cart.shop.name ?? "the shop"} · Nearshop` }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const shopSlug = params.slug ?? "";
  const items = await load(request, () => readCart(request, context, shopSlug));
  const cart = await load(request, () => context.trpc.checkout.cart({ shopSlug, items }));
  return {
    cart,
    here: await savedLocation(request),
    user: context.user ? { name: context.user.name, email: context.user.email } : null,
    clientRef: crypto.randomUUID(),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const shopSlug = params.slug ?? "";
  const form = await readForm(request);
  try {
    const { intent } = parseForm(form, cartIntentForm, { beside: [] });
    const items = await readCart(request, context, shopSlug);
    if (intent !== "checkout") {
      // The line forms show no message beside their inputs: any problem is said at the top.
      const item = parseForm(form, cartLineForm, { beside: [] });
      const next =
        intent === "add"
          ? addToCart(items, item)
          : intent === "update"
            ? items.map((i) => (i.variantId === item.variantId ? item : i))
            : items.filter((i) => i.variantId !== item.variantId);
      const headers = await writeCart(request, context, shopSlug, next);
      return redirect(`/s/${shopSlug}/cart`, { headers });
    }
    const checkout = parseForm(form, checkoutForm);
    const here = await savedLocation(request);
    const placed = await context.trpc.checkout.place({
      ...checkout,
      shopSlug,
      items,
      locationId: checkout.fulfilment === "pickup" ? checkout.locationId : undefined,
      pickupSlot: checkout.fulfilment === "pickup" ? checkout.pickupSlot : undefined,
      deliveryPoint: checkout.fulfilment === "delivery" && here ? { lat: here.lat, lng: here.lng } : undefined,
    });
    const headers = await writeCart(request, context, shopSlug, []);
    if (placed.status === "pending_payment") {
      const { url } = await context.trpc.checkout.payCard({ orderId: placed.orderId, key: placed.accessKey });
      return redirect(url, { headers });
    }
    return redirect(`/orders/${placed.orderId}?key=${placed.accessKey}&placed=1`, { headers });
  } catch (error) {
    return toResponse(error, request, keepValues(form));
  }
}

export default function Cart() {
  const { cart, here, user, clientRef } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const money = (n: number) => formatMoney(n, cart.shop.currency);
  const delivers = cart.shop.deliveryRadiusKm > 0;
  const kept = (failure && "values" in failure ? failure.values : undefined) as unknown as Record<string, string> | undefined;
  const [fulfilment, setFulfilment] = useState<"pickup" | "delivery">(kept?.fulfilment === "delivery" ? "delivery" : "pickup");
  const errors: Record<string, string | undefined> = failure && "fieldErrors" in failure ? (failure.fieldErrors ?? {}) : {};
  const [placeId, setPlaceId] = useState(kept?.locationId ?? cart.locations[0]?.id ?? "");
  const place = cart.locations.find((l) => l.id === placeId) ?? cart.locations[0];
  return (
    <main className="discovery">
      <p className="crumbs">
        <Link to={`/s/${cart.shop.slug}`}>{cart.shop.name}</Link>
      </p>
      <h1>Your cart</h1>
      {cart.dropped ? (
        <p className="form-error" role="alert">
          {cart.dropped} item(s) are no longer sold and were taken out.
        </p>
      ) : null}
      {cart.lines.length === 0 ? (
        <p className="empty">
          Your cart is empty. <Link to={`/s/${cart.shop.slug}`}>Browse {cart.shop.name}</Link>.
        </p>
      ) : (
        <>
          <div className="table-scroll" tabIndex={0} role="region" aria-label="Items in your cart">
            <table>
              <thead>
                <tr>
                  <th>Item</th>
                  <th>Qty</th>
                  <th className="num">Price</th>
                  <th className="num">Total</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {cart.lines.map((l) => (
                  <tr key={l.variantId}>
                    <td>
                      <Link to={`/s/${cart.shop.slug}/${l.handle}`}>{l.title}</Link>
                      {l.variantTitle ? ` (${l.variantTitle})` : ""}
                      {l.quantity > l.available ? <small className="field-error"> Only {l.available} available</small> : null}
                    </td>
                    <td>
                      <Form method="post" className="inline-form">
                        <input type="hidden" name="intent" value="update" />
                        <input type="hidden" name="variantId" value={l.variantId} />
                        <input
                          type="number"
                          name="quantity"
                          min={1}
                          max={9999}
                          defaultValue={l.quantity}
                          className="qty"
                          aria-label={`Quantity of ${l.title}`}
                        />
                        <button type="submit" className="link">
                          Update
                        </button>
                      </Form>
                    </td>
                    <td className="num">{money(l.unitPrice)}</td>
                    <td className="num">{money(l.total)}</td>
                    <td>
                      <Form method="post">
                        <input type="hidden" name="intent" value="remove" />
                        <input type="hidden" name="variantId" value={l.variantId} />
                        <button type="submit" className="link" aria-label={`Remove ${l.title}`}>
                          Remove
                        </button>
                      </Form>
                    </td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <td colSpan={3}>Tax{cart.shop.taxInclusive ? " included" : ""}</td>
                  <td className="num">{money(cart.tax)}</td>
                  <td />
                </tr>
                <tr>
                  <th colSpan={3}>Total{delivers ? " (before any delivery fee)" : ""}</th>
                  <th className="num">{money(cart.total)}</th>
                  <td />
                </tr>
              </tfoot>
            </table>
          </div>

          <h2>Checkout</h2>
          <Form method="post" noValidate className="wide-form">
            <input type="hidden" name="intent" value="checkout" />
            <input type="hidden" name="clientRef" value={kept?.clientRef ?? clientRef} />
            <FormError failure={failure} />
            <fieldset>
              <legend>How do you want it?</legend>
              <label>
                <input type="radio" name="fulfilment" value="pickup" checked={fulfilment === "pickup"} onChange={() => setFulfilment("pickup")} /> Pick up
              </label>
              {delivers ? (
                <label>
                  <input type="radio" name="fulfilment" value="delivery" checked={fulfilment === "delivery"} onChange={() => setFulfilment("delivery")} />{" "}
                  Delivery within {cart.shop.deliveryRadiusKm} km ({money(cart.shop.deliveryFee)})
                </label>
              ) : (
                <p className="hint">{cart.shop.name} does not deliver.</p>
              )}
              {errors.fulfilment ? (
                <p className="field-error" role="alert">
                  {errors.fulfilment}
                </p>
              ) : null}
            </fieldset>
            {fulfilment === "pickup" ? (
              <>
                <div className="field">
                  <label htmlFor="f-locationId">Pick up at</label>
                  <select id="f-locationId" name="locationId" value={place?.id ?? ""} onChange={(e) => setPlaceId(e.target.value)}>
                    {cart.locations.map((l) => (
                      <option key={l.id} value={l.id}>
                        {l.name}, {l.addressLine1}, {l.city}
                      </option>
                    ))}
                  </select>
                  {errors.locationId ? (
                    <p className="field-error" role="alert">
                      {errors.locationId}
                    </p>
                  ) : null}
                </div>
                {place?.hasHours ? (
                  place.slots.length ? (
                    <div className={errors.pickupSlot ? "field invalid" : "field"}>
                      <label htmlFor="f-pickupSlot">Pickup time ({zoneName(cart.shop.timezone)})</label>
                      <select
                        id="f-pickupSlot"
                        name="pickupSlot"
                        key={place.id}
                        defaultValue={kept?.pickupSlot ?? place.slots[0]?.start}
                        aria-invalid={errors.pickupSlot ? true : undefined}
                        aria-describedby={errors.pickupSlot ? "f-pickupSlot-error" : undefined}
                      >
                        {place.slots.map((s) => (
                          <option key={s.start} value={s.start}>
                            {formatSlot(s.start, s.end, cart.shop.timezone)}
                            {s.left <= 2 ? ` (${s.left === 1 ? "last place" : "2 places left"})` : ""}
                          </option>
                        ))}
                      </select>
                      {errors.pickupSlot ? (
                        <p className="field-error" id="f-pickupSlot-error" role="alert">
                          {errors.pickupSlot}
                        </p>
                      ) : null}
                    </div>
                  ) : (
                    <p className="field-error" role="alert">
                      No pickup times are left at {place.name} in the coming days: choose another place.
                    </p>
                  )
                ) : null}
              </>
            ) : (
              <>
                <Field label="Delivery address" name="deliveryAddress" failure={failure} required />
                {here ? (
                  <p className="hint">
                    Distance checked from your location: {here.label}. <Link to={`/near?next=/s/${cart.shop.slug}/cart`}>Change</Link>
                  </p>
                ) : (
                  <p className="field-error" role="alert">
                    Set your location first: <Link to={`/near?next=/s/${cart.shop.slug}/cart`}>choose where you are</Link>.
                  </p>
                )}
                {errors.deliveryPoint ? (
                  <p className="field-error" role="alert">
                    {errors.deliveryPoint}
                  </p>
                ) : null}
              </>
            )}
            <fieldset>
              <legend>Payment</legend>
              <label>
                <input
                  type="radio"
                  name="payment"
                  value="pay_at_pickup"
                  defaultChecked={!cart.cardPayments || fulfilment === "pickup"}
                  disabled={fulfilment === "delivery"}
                />{" "}
                Pay at pickup (we hold your items{" "}
                {fulfilment === "pickup" && place?.hasHours ? "until the end of your pickup time" : `for ${cart.shop.pickupHoldHours} hours`})
              </label>
              {cart.cardPayments && cart.cardMinimum ? (
                <p className="hint">{cart.cardMinimum}.</p>
              ) : cart.cardPayments ? (
                <label>
                  <input type="radio" name="payment" value="card_online" defaultChecked={fulfilment === "delivery"} /> Pay now by card (Stripe). Unpaid orders
                  are released after {cart.shop.unpaidOrderMinutes} minutes.
                </label>
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
            <label>
              <input type="checkbox" name="smsOptIn" defaultChecked={!!failure && "values" in failure && failure.values?.smsOptIn === "on"} /> Text me when my
              order is ready, on its way or delayed (reply STOP to stop)
            </label>
            <Field label="Note for the shop (optional)" name="note" failure={failure} />
            <button type="submit" disabled={busy}>
              {busy ? "Placing your order…" : "Place order"}
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
