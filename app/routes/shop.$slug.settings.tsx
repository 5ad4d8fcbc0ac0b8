import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { data, MaxPartSizeExceededError, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";
import { Form, useActionData, useFetcher, useLoaderData, useNavigation } from "@remix-run/react";
import { Field, FormError } from "../components/form";
import { Button, ConfirmButton, TextArea, type Failure } from "../components/ui";
import { ShopFields, shopFieldLabels } from "../components/shop-form";
import { ErrorSummary } from "../components/ui";
import { z } from "zod";
import { assertSafeForm, keepValues, parseForm, readForm } from "../lib/forms";
import { fileField, MAX_IMAGE_BYTES } from "../../server/schemas/uploads";
import { receiptDetailsSchema, shopDetailsSchema } from "../../server/schemas/shop";
import { sellingSettingsForm } from "../../server/schemas/orders";
import { UNKNOWN_INTENT } from "../../server/schemas/form-fields";
import { dataWithToast, redirectWithToast } from "../lib/toast.server";
import { load, refuseUploadUnless, toResponse, type ActionFailure } from "../lib/trpc.server";
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
      z.object({ intent: z.literal("remove-image"), kind: z.enum(["logo", "cover"], { message: "Choose the logo or the cover photo" }) }),
    ],
    UNKNOWN_INTENT,
  );

const KIND_WORDS = { logo: "Logo", cover: "Cover photo" } as const;
const profileImageForm = z.object({
  kind: z.enum(["logo", "cover"], { message: "Choose the logo or the cover photo" }),
  image: fileField("Choose an image file to upload"),
});

/** The logo or the cover photo, sent as a file; what went wrong is said under its own upload box. */
async function uploadProfileImage(request: Request, shopSlug: string, trpc: ActionFunctionArgs["context"]["trpc"]) {
  let form: FormData;
  try {
    form = assertSafeForm(await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: MAX_IMAGE_BYTES })));
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) {
      const message = `The image is larger than ${MAX_IMAGE_BYTES / 1024 / 1024} MB: resize it and try again`;
      return data({ fieldErrors: { logo: message, cover: message } }, { status: 400 });
    }
    throw error;
  }
  try {
    const { kind, image } = parseForm(form, profileImageForm);
    const bytes = Buffer.from(await image.arrayBuffer()).toString("base64");
    await trpc.shops.setProfileImage({ shopSlug, kind, data: bytes });
    return dataWithToast({ saved: kind }, `${KIND_WORDS[kind]} saved: it is on your shop page.`);
  } catch (error) {
    return toResponse(error, request);
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const shopSlug = params.slug ?? "";
  if (request.headers.get("content-type")?.startsWith("multipart/form-data")) {
    const refused = await refuseUploadUnless(request, context.trpc, shopSlug, "manager");
    if (refused) return refused;
    return uploadProfileImage(request, shopSlug, context.trpc);
  }
  const form = await readForm(request);
  try {
    const { shop: current } = await context.trpc.shops.current({ shopSlug });
    const input = parseForm(form, settingsForm(current.currency));
    if (input.intent === "remove-image") {
      await context.trpc.shops.removeProfileImage({ shopSlug, kind: input.kind });
      return redirectWithToast(`/shop/${shopSlug}/settings#shop-page`, `${KIND_WORDS[input.kind]} removed from your shop page.`);
    }
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
        <TextArea
          label="About the shop"
          name="description"
          failure={shopFailure}
          defaultValue={shopFailure?.values ? String(shopFailure.values.description ?? "") : shop.description}
          rows={5}
          maxLength={2000}
          hint="Shown on your shop page: what you sell, what makes you different. Up to 2,000 characters."
        />
        <button type="submit" disabled={submitting === "shop"}>
          {submitting === "shop" ? "Saving…" : "Save settings"}
        </button>
      </Form>

      <h2 id="shop-page">Shop page</h2>
      <p className="hint">
        Your logo and a cover photo, on <a href={`/s/${shop.slug}`}>your shop page</a> and in search results. The logo is cut to a square, the cover photo to a
        wide strip (about 3 × 1), around what matters in the picture.
      </p>
      <div className="profile-images">
        <ProfileImage kind="logo" label="Logo" imageKey={shop.logoKey} shopName={shop.name} />
        <ProfileImage kind="cover" label="Cover photo" imageKey={shop.coverKey} shopName={shop.name} />
      </div>

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

/** One of the two images: what is there now (or that there is none), a file to replace it, and a remove button. */
function ProfileImage({ kind, label, imageKey, shopName }: { kind: "logo" | "cover"; label: string; imageKey: string | null; shopName: string }) {
  const fetcher = useFetcher<typeof action>();
  const failure = fetcher.state === "idle" && fetcher.data && typeof fetcher.data === "object" ? (fetcher.data as Failure) : undefined;
  const error = failure
    ? (failure.fieldErrors?.[kind] ?? failure.fieldErrors?.image ?? failure.fieldErrors?.data ?? failure.formError ?? undefined)
    : undefined;
  const id = `f-${kind}`;
  return (
    <section className={`profile-image profile-${kind}`} aria-label={label}>
      <h3>{label}</h3>
      {imageKey ? (
        <img src={`/uploads/${imageKey}-${kind}.webp`} alt={`${shopName}: ${label.toLowerCase()}`} className={`${kind}-preview`} />
      ) : (
        <p className="muted">No {label.toLowerCase()} yet.</p>
      )}
      <fetcher.Form method="post" encType="multipart/form-data" className="inline-form">
        <input type="hidden" name="kind" value={kind} />
        <div className="field">
          <label htmlFor={id}>{imageKey ? `Replace the ${label.toLowerCase()}` : `Add a ${label.toLowerCase()}`}</label>
          <input
            id={id}
            type="file"
            name="image"
            accept="image/jpeg,image/png,image/webp,image/gif,image/avif"
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-hint ${id}-error` : `${id}-hint`}
            onChange={(e) => {
              const f = e.currentTarget.files?.[0];
              e.currentTarget.setCustomValidity(f && f.size > MAX_IMAGE_BYTES ? `This image is over ${MAX_IMAGE_BYTES / 1024 / 1024} MB` : "");
              e.currentTarget.reportValidity();
            }}
          />
          <small className="hint" id={`${id}-hint`}>
            JPEG, PNG, WebP, GIF or AVIF, up to {MAX_IMAGE_BYTES / 1024 / 1024} MB.
          </small>
          {error ? (
            <p className="field-error" id={`${id}-error`} role="alert">
              {error}
            </p>
          ) : null}
        </div>
        <Button fetcher={fetcher} pendingLabel="Uploading…">
          Upload
        </Button>
      </fetcher.Form>
      {imageKey ? (
        <Form method="post">
          <input type="hidden" name="intent" value="remove-image" />
          <input type="hidden" name="kind" value={kind} />
          <ConfirmButton variant="secondary" title={`Remove the ${label.toLowerCase()} from your shop page?`} confirmLabel="Remove">
            Remove the {label.toLowerCase()}
          </ConfirmButton>
        </Form>
      ) : null}
    </section>
  );
}
