import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Field, FormError } from "../components/form";
import { TextArea } from "../components/ui";
import { ShopFields, shopFieldLabels } from "../components/shop-form";
import { ErrorSummary } from "../components/ui";
import { z } from "zod";
import { keepValues, parseForm, readForm } from "../lib/forms";
import { receiptDetailsSchema, shopDetailsSchema } from "../../server/schemas/shop";
import { sellingSettingsForm } from "../../server/schemas/orders";
import { UNKNOWN_INTENT } from "../../server/schemas/form-fields";
import { redirectWithToast } from "../lib/toast.server";
import { load, toResponse, type ActionFailure } from "../lib/trpc.server";
import { fromMinor } from "../../server/schemas/money";

export const meta: MetaFunction = () => [{ title: "Shop settings · Nearshop" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const shopSlug = params.slug ?? "";
  return load(request, async () => {
    const [shop, selling] = await Promise.all([context.trpc.shops.settings({ shopSlug }), context.trpc.orders.sellingSettings({ shopSlug })]);
    return { shop, selling };
  });
}

/** Rates are stored in basis points (2000 = 20 %); people type percentages. */
const bpToPercent = (bp: number) => String(bp / 100);

/** The page's two forms: the shop's details, and how it sells (in its currency). */
const settingsForm = (currency: string) =>
  z.discriminatedUnion(
    "intent",
    [
      shopDetailsSchema.extend({ intent: z.literal("shop") }),
      sellingSettingsForm(currency).extend({ intent: z.literal("selling") }),
      receiptDetailsSchema.extend({ intent: z.literal("receipt") }),
    ],
    UNKNOWN_INTENT,
  );

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const shopSlug = params.slug ?? "";
  try {
    const { shop: current } = await context.trpc.shops.current({ shopSlug });
    const input = parseForm(form, settingsForm(current.currency));
    if (input.intent === "receipt") {
      const { intent: _, ...receipt } = input;
      await context.trpc.shops.updateReceipt({ ...receipt, shopSlug });
      return redirectWithToast(`/shop/${shopSlug}/settings`, "Receipt details saved.");
    }
    if (input.intent === "selling") {
      const { intent: _, ...selling } = input;
      await context.trpc.orders.updateSellingSettings({ ...selling, shopSlug });
      return redirectWithToast(`/shop/${shopSlug}/settings`, "Selling settings saved.");
    }
    const { intent: _, ...details } = input;
    const shop = await context.trpc.shops.updateSettings({ ...details, shopSlug });
    return redirectWithToast(`/shop/${shop.slug}/settings`, "Settings saved.");
  } catch (error) {
    return toResponse(error, request, keepValues(form));
  }
}

export default function ShopSettings() {
  const { shop, selling } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionFailure | undefined;
  const navigation = useNavigation();
  const submitting = navigation.state === "submitting" ? navigation.formData?.get("intent") : null;
  // The kept values carry the hidden "intent" field, so each form shows only its own errors.
  const sellingFailure = result?.values?.intent === "selling" ? result : undefined;
  const receiptFailure = result?.values?.intent === "receipt" ? result : undefined;
  const shopFailure = result && !sellingFailure && !receiptFailure ? result : undefined;
  const keptTaxInclusive = sellingFailure?.values ? sellingFailure.values.taxInclusive === "on" : selling.taxInclusive;
  const keptBelowStock = sellingFailure?.values ? sellingFailure.values.tillSellsBelowStock === "on" : selling.tillSellsBelowStock;
  return (
    <>
      <h1>Shop settings</h1>
      <Form method="post" noValidate className="wide-form">
        <input type="hidden" name="intent" value="shop" />
        <ErrorSummary failure={shopFailure} labels={shopFieldLabels()} />
        <FormError failure={shopFailure} />
        <ShopFields failure={shopFailure} shop={shop} />
        <button type="submit" disabled={submitting === "shop"}>
          {submitting === "shop" ? "Saving…" : "Save settings"}
        </button>
      </Form>

      <h2 id="selling">Selling</h2>
      <Form method="post" noValidate className="wide-form" aria-labelledby="selling">
        <input type="hidden" name="intent" value="selling" />
        <FormError failure={sellingFailure} />
        <fieldset>
          <legend>Tax</legend>
          <label className="check">
            <input type="checkbox" name="taxInclusive" defaultChecked={keptTaxInclusive} /> Prices include tax
          </label>
          <Field label="Standard rate (%)" name="taxStandard" inputMode="decimal" failure={sellingFailure} defaultValue={bpToPercent(selling.taxStandard)} />
          <Field label="Reduced rate (%)" name="taxReduced" inputMode="decimal" failure={sellingFailure} defaultValue={bpToPercent(selling.taxReduced)} />
        </fieldset>
        <fieldset>
          <legend>Till</legend>
          <Field
            label="Discount limit without a manager (%)"
            name="discountLimit"
            inputMode="decimal"
            failure={sellingFailure}
            defaultValue={bpToPercent(selling.discountLimit)}
            hint="A bigger discount at the till needs a manager's approval."
          />
          <div className="field">
            <label className="check">
              <input type="checkbox" name="tillSellsBelowStock" defaultChecked={keptBelowStock} aria-describedby="below-stock-hint" /> Sell at the till when the
              recorded stock is short
            </label>
            <small id="below-stock-hint" className="hint">
              The item is in the customer&apos;s hand, so the count is what is wrong: the sale is recorded below zero, marked on the till, and listed under
              Stock → Sold without recorded stock for a manager to check. Online orders never sell more than is recorded.
            </small>
          </div>
        </fieldset>
        <fieldset>
          <legend>Online orders</legend>
          <Field
            label="Delivery radius (km)"
            name="deliveryRadiusKm"
            inputMode="decimal"
            failure={sellingFailure}
            defaultValue={selling.deliveryRadiusKm}
            hint="0 means pickup only."
          />
          <Field
            label={`Delivery fee (${shop.currency})`}
            name="deliveryFee"
            inputMode="decimal"
            failure={sellingFailure}
            defaultValue={fromMinor(selling.deliveryFee, shop.currency)}
          />
          <Field
            label="Cancel unpaid card orders after (minutes)"
            name="unpaidOrderMinutes"
            inputMode="numeric"
            failure={sellingFailure}
            defaultValue={selling.unpaidOrderMinutes}
            hint="Their reserved stock goes back on sale."
          />
          <Field
            label="Cancel uncollected pay-at-pickup orders after (hours)"
            name="pickupHoldHours"
            inputMode="numeric"
            failure={sellingFailure}
            defaultValue={selling.pickupHoldHours}
            hint="An order to be paid at pickup holds its items this long; if nobody collects it, it is cancelled, the customer is told and the items go back on sale."
          />
          <Field
            label="SMS to customers per month"
            name="smsMonthlyCap"
            inputMode="numeric"
            failure={sellingFailure}
            defaultValue={selling.smsMonthlyCap}
            hint="Texts to customers who asked for them (order ready, on its way, delayed). Past this number in a calendar month none are sent and managers are told. 0 sends none."
          />
        </fieldset>
        <button type="submit" disabled={submitting === "selling"}>
          {submitting === "selling" ? "Saving…" : "Save selling settings"}
        </button>
      </Form>

      <h2 id="receipts">Receipts</h2>
      <Form method="post" noValidate className="wide-form" aria-labelledby="receipts">
        <input type="hidden" name="intent" value="receipt" />
        <p className="hint">
          Printed on every receipt and refund receipt under the shop&apos;s name and address ({shop.addressLine1}, {shop.postalCode} {shop.city}). Leave a field
          empty to leave it off.
        </p>
        <FormError failure={receiptFailure} />
        <Field label="VAT number" name="vatNumber" failure={receiptFailure} defaultValue={shop.vatNumber ?? ""} hint="e.g. FR40123456789" />
        <Field
          label="Company number"
          name="companyNumber"
          failure={receiptFailure}
          defaultValue={shop.companyNumber ?? ""}
          hint="SIRET, Companies House number or similar."
        />
        <TextArea
          label="Receipt footer"
          name="receiptFooter"
          failure={receiptFailure}
          defaultValue={shop.receiptFooter ?? ""}
          rows={3}
          hint="Up to 4 lines, e.g. your returns policy or opening hours."
        />
        <button type="submit" disabled={submitting === "receipt"}>
          {submitting === "receipt" ? "Saving…" : "Save receipt details"}
        </button>
      </Form>
    </>
  );
}
