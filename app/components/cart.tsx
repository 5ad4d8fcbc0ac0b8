import { Form, Link } from "@remix-run/react";
import { useState } from "react";
import type { Failure } from "./ui/failure";
import { errorOf, fieldId, keptValue } from "./ui/failure";
import { Field } from "./ui/field";
import { useFormat, useT } from "../lib/i18n";

/** One shop's part of the cart, as the cart procedures describe it. */
export type ShopCart = {
  shop: { name: string; slug: string; currency: string; deliveryRadiusKm: number; deliveryFee: number; taxInclusive: boolean; timezone: string };
  locations: { id: string; name: string; addressLine1: string; city: string; hasHours: boolean; slots: { start: string; end: string; left: number }[] }[];
  lines: { variantId: string; title: string; handle: string; variantTitle: string; quantity: number; available: number; unitPrice: number; total: number }[];
  tax: number;
  total: number;
  dropped: number;
};

/** A shop's lines with their quantity and remove forms, and the shop's total. */
export function ShopLines({ cart }: { cart: ShopCart }) {
  const t = useT();
  const f = useFormat();
  const money = (n: number) => f.money(n, cart.shop.currency);
  const lineForm = (intent: string, variantId: string) => (
    <>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="shopSlug" value={cart.shop.slug} />
      <input type="hidden" name="variantId" value={variantId} />
    </>
  );
  return (
    <>
      {cart.dropped ? (
        <p className="form-error" role="alert">
          {t.rich("store.cart.dropped", { count: cart.dropped, shop: <span translate="no">{cart.shop.name}</span> })}
        </p>
      ) : null}
      <div className="table-scroll" tabIndex={0} role="region" aria-label={t("store.cart.itemsFrom", { shop: cart.shop.name })}>
        <table>
          <thead>
            <tr>
              <th>{t("store.cart.item")}</th>
              <th>{t("store.cart.qty")}</th>
              <th className="num">{t("store.facets.price")}</th>
              <th className="num">{t("store.cart.total")}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {cart.lines.map((l) => (
              <tr key={l.variantId}>
                <td>
                  <Link to={`/s/${cart.shop.slug}/${l.handle}`} translate="no">
                    {l.title}
                  </Link>
                  {l.variantTitle ? <span translate="no"> ({l.variantTitle})</span> : ""}
                  {l.quantity > l.available ? <small className="field-error"> {t("store.cart.onlyAvailable", { count: l.available })}</small> : null}
                </td>
                <td>
                  <Form method="post" action="/cart" className="inline-form">
                    {lineForm("update", l.variantId)}
                    <input
                      type="number"
                      name="quantity"
                      min={1}
                      max={9999}
                      defaultValue={l.quantity}
                      className="qty"
                      aria-label={t("store.cart.quantityOf", { product: l.title })}
                    />
                    <button type="submit" className="link">
                      {t("store.cart.update")}
                    </button>
                  </Form>
                </td>
                <td className="num">{money(l.unitPrice)}</td>
                <td className="num">{money(l.total)}</td>
                <td>
                  <Form method="post" action="/cart">
                    {lineForm("remove", l.variantId)}
                    <button type="submit" className="link" aria-label={t("store.cart.removeOf", { product: l.title })}>
                      {t("store.cart.remove")}
                    </button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <td colSpan={3}>{cart.shop.taxInclusive ? t("store.cart.taxIncluded") : t("store.cart.tax")}</td>
              <td className="num">{money(cart.tax)}</td>
              <td />
            </tr>
            <tr>
              <th colSpan={3}>{cart.shop.deliveryRadiusKm > 0 ? t("store.cart.totalBeforeFee") : t("store.cart.total")}</th>
              <th className="num">{money(cart.total)}</th>
              <td />
            </tr>
          </tfoot>
        </table>
      </div>
    </>
  );
}

function Problem({ id, message }: { id?: string; message?: string }) {
  return message ? (
    <p className="field-error" id={id} role="alert">
      {message}
    </p>
  ) : null;
}

/**
 * How one shop's part reaches the customer, inside the checkout form:
 * pickup (a place, and a time when the place keeps hours) or delivery.
 * Its fields sit under orders.<index>.
 */
export function ShopFulfilment(props: { cart: ShopCart; index: number; several: boolean; failure: Failure; onFulfilment: (f: "pickup" | "delivery") => void }) {
  const { cart, index, several, failure } = props;
  const name = (f: string) => `orders.${index}.${f}`;
  const kept = (f: string) => keptValue(failure, name(f));
  const [fulfilment, setFulfilment] = useState<"pickup" | "delivery">(kept("fulfilment") === "delivery" ? "delivery" : "pickup");
  const [placeId, setPlaceId] = useState(kept("locationId") ?? cart.locations[0]?.id ?? "");
  const place = cart.locations.find((l) => l.id === placeId) ?? cart.locations[0];
  const delivers = cart.shop.deliveryRadiusKm > 0;
  const choose = (f: "pickup" | "delivery") => {
    setFulfilment(f);
    props.onFulfilment(f);
  };
  const slotError = errorOf(failure, name("pickupSlot"));
  const t = useT();
  const f = useFormat();
  const shopName = <span translate="no">{cart.shop.name}</span>;
  return (
    <fieldset className="shop-fulfilment">
      <legend>{several ? t.rich("store.checkout.howShop", { shop: shopName }) : t("store.checkout.how")}</legend>
      <input type="hidden" name={name("shopSlug")} value={cart.shop.slug} />
      <label>
        <input type="radio" name={name("fulfilment")} value="pickup" checked={fulfilment === "pickup"} onChange={() => choose("pickup")} />{" "}
        {t("store.checkout.pickUp")}
      </label>
      {delivers ? (
        <label>
          <input type="radio" name={name("fulfilment")} value="delivery" checked={fulfilment === "delivery"} onChange={() => choose("delivery")} />{" "}
          {t("store.checkout.delivery", { radius: f.number(cart.shop.deliveryRadiusKm), fee: f.money(cart.shop.deliveryFee, cart.shop.currency) })}
        </label>
      ) : (
        <p className="hint">{t.rich("store.checkout.noDelivery", { shop: shopName })}</p>
      )}
      <Problem message={errorOf(failure, name("fulfilment"))} />
      {fulfilment === "pickup" ? (
        <>
          <div className="field">
            <label htmlFor={fieldId(name("locationId"))}>{t("store.shop.pickUpAt")}</label>
            <select id={fieldId(name("locationId"))} name={name("locationId")} value={place?.id ?? ""} onChange={(e) => setPlaceId(e.target.value)}>
              {cart.locations.map((l) => (
                <option key={l.id} value={l.id} translate="no">
                  {l.name}, {l.addressLine1}, {l.city}
                </option>
              ))}
            </select>
            <Problem message={errorOf(failure, name("locationId"))} />
          </div>
          {place?.hasHours ? (
            place.slots.length ? (
              <div className={slotError ? "field invalid" : "field"}>
                <label htmlFor={fieldId(name("pickupSlot"))}>{t("store.checkout.pickupTime", { zone: f.zoneName(cart.shop.timezone) })}</label>
                <select
                  id={fieldId(name("pickupSlot"))}
                  name={name("pickupSlot")}
                  key={place.id}
                  defaultValue={kept("pickupSlot") ?? place.slots[0]?.start}
                  aria-invalid={slotError ? true : undefined}
                  aria-describedby={slotError ? `${fieldId(name("pickupSlot"))}-error` : undefined}
                >
                  {place.slots.map((s) => (
                    <option key={s.start} value={s.start}>
                      {s.left <= 2
                        ? t("store.checkout.slotFew", { slot: f.slot(s.start, s.end, cart.shop.timezone), count: s.left })
                        : f.slot(s.start, s.end, cart.shop.timezone)}
                    </option>
                  ))}
                </select>
                <Problem id={`${fieldId(name("pickupSlot"))}-error`} message={slotError} />
              </div>
            ) : (
              <p className="field-error" role="alert">
                {t.rich("store.checkout.noSlots", { place: <span translate="no">{place.name}</span> })}
              </p>
            )
          ) : null}
        </>
      ) : null}
      <Field label={several ? t("store.checkout.noteFor", { shop: cart.shop.name }) : t("store.checkout.note")} name={name("note")} failure={failure} />
    </fieldset>
  );
}
