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
import { translator, useT, type T } from "../lib/i18n";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: translator(data?.locale ?? "en")("settings.meta") }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const shopSlug = params.slug ?? "";
  return load(request, async () => {
    const [shop, selling] = await Promise.all([context.trpc.shops.settings({ shopSlug }), context.trpc.orders.sellingSettings({ shopSlug })]);
    return { shop, selling, locale: context.locale };
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

const profileImageForm = z.object({
  kind: z.enum(["logo", "cover"], { message: "Choose the logo or the cover photo" }),
  image: fileField("Choose an image file to upload"),
});

/** The logo or the cover photo, sent as a file; what went wrong is said under its own upload box. */
async function uploadProfileImage(request: Request, shopSlug: string, trpc: ActionFunctionArgs["context"]["trpc"], t: T) {
  let form: FormData;
  try {
    form = assertSafeForm(await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: MAX_IMAGE_BYTES })));
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) {
      const message = t("settings.image.tooBig", { mb: MAX_IMAGE_BYTES / 1024 / 1024 });
      return data({ fieldErrors: { logo: message, cover: message } }, { status: 400 });
    }
    throw error;
  }
  try {
    const { kind, image } = parseForm(form, profileImageForm);
    const bytes = Buffer.from(await image.arrayBuffer()).toString("base64");
    await trpc.shops.setProfileImage({ shopSlug, kind, data: bytes });
    return dataWithToast({ saved: kind }, t("settings.image.saved", { kind }));
  } catch (error) {
    return toResponse(error, request);
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const shopSlug = params.slug ?? "";
  const t = translator(context.locale);
  if (request.headers.get("content-type")?.startsWith("multipart/form-data")) {
    const refused = await refuseUploadUnless(request, context.trpc, shopSlug, "manager");
    if (refused) return refused;
    return uploadProfileImage(request, shopSlug, context.trpc, t);
  }
  const form = await readForm(request);
  try {
    const { shop: current } = await context.trpc.shops.current({ shopSlug });
    const input = parseForm(form, settingsForm(current.currency));
    if (input.intent === "remove-image") {
      await context.trpc.shops.removeProfileImage({ shopSlug, kind: input.kind });
      return redirectWithToast(`/shop/${shopSlug}/settings#shop-page`, t("settings.image.removed", { kind: input.kind }));
    }
    if (input.intent === "receipt") {
      const { intent: _, ...receipt } = input;
      await context.trpc.shops.updateReceipt({ ...receipt, shopSlug });
      return redirectWithToast(`/shop/${shopSlug}/settings`, t("settings.receipt.saved"));
    }
    if (input.intent === "selling") {
      const { intent: _, ...selling } = input;
      await context.trpc.orders.updateSellingSettings({ ...selling, shopSlug });
      return redirectWithToast(`/shop/${shopSlug}/settings`, t("settings.selling.saved"));
    }
    const { intent: _, ...details } = input;
    const shop = await context.trpc.shops.updateSettings({ ...details, shopSlug });
    return redirectWithToast(`/shop/${shop.slug}/settings`, t("settings.saved"));
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
  const t = useT();
  return (
    <>
      <h1>{t("settings.title")}</h1>
      <Form method="post" noValidate className="wide-form">
        <input type="hidden" name="intent" value="shop" />
        <ErrorSummary failure={shopFailure} labels={shopFieldLabels("", t)} />
        <FormError failure={shopFailure} />
        <ShopFields failure={shopFailure} shop={shop} />
        <TextArea
          label={t("settings.about")}
          name="description"
          failure={shopFailure}
          defaultValue={shopFailure?.values ? String(shopFailure.values.description ?? "") : shop.description}
          rows={5}
          maxLength={2000}
          hint={t("settings.aboutHint")}
        />
        <button type="submit" disabled={submitting === "shop"}>
          {submitting === "shop" ? t("common.saving") : t("settings.save")}
        </button>
      </Form>

      <h2 id="shop-page">{t("settings.shopPage")}</h2>
      <p className="hint">{t.rich("settings.shopPageHint", { link: (chunks) => <a href={`/s/${shop.slug}`}>{chunks}</a> })}</p>
      <div className="profile-images">
        <ProfileImage kind="logo" label={t("settings.kind.logo")} imageKey={shop.logoKey} shopName={shop.name} />
        <ProfileImage kind="cover" label={t("settings.kind.cover")} imageKey={shop.coverKey} shopName={shop.name} />
      </div>

      <h2 id="selling">{t("settings.selling")}</h2>
      <Form method="post" noValidate className="wide-form" aria-labelledby="selling">
        <input type="hidden" name="intent" value="selling" />
        <FormError failure={sellingFailure} />
        <fieldset>
          <legend>{t("settings.tax")}</legend>
          <label className="check">
            <input type="checkbox" name="taxInclusive" defaultChecked={keptTaxInclusive} /> {t("settings.taxInclusive")}
          </label>
          <Field
            label={t("settings.taxStandard")}
            name="taxStandard"
            inputMode="decimal"
            failure={sellingFailure}
            defaultValue={bpToPercent(selling.taxStandard)}
          />
          <Field
            label={t("settings.taxReduced")}
            name="taxReduced"
            inputMode="decimal"
            failure={sellingFailure}
            defaultValue={bpToPercent(selling.taxReduced)}
          />
        </fieldset>
        <fieldset>
          <legend>{t("settings.till")}</legend>
          <Field
            label={t("settings.discountLimit")}
            name="discountLimit"
            inputMode="decimal"
            failure={sellingFailure}
            defaultValue={bpToPercent(selling.discountLimit)}
            hint={t("settings.discountLimitHint")}
          />
          <div className="field">
            <label className="check">
              <input type="checkbox" name="tillSellsBelowStock" defaultChecked={keptBelowStock} aria-describedby="below-stock-hint" />{" "}
              {t("settings.belowStock")}
            </label>
            <small id="below-stock-hint" className="hint">
              {t("settings.belowStockHint")}
            </small>
          </div>
        </fieldset>
        <fieldset>
          <legend>{t("settings.online")}</legend>
          <Field
            label={t("settings.radius")}
            name="deliveryRadiusKm"
            inputMode="decimal"
            failure={sellingFailure}
            defaultValue={selling.deliveryRadiusKm}
            hint={t("settings.radiusHint")}
          />
          <Field
            label={t("settings.deliveryFee", { currency: shop.currency })}
            name="deliveryFee"
            inputMode="decimal"
            failure={sellingFailure}
            defaultValue={fromMinor(selling.deliveryFee, shop.currency)}
          />
          <Field
            label={t("settings.unpaidMinutes")}
            name="unpaidOrderMinutes"
            inputMode="numeric"
            failure={sellingFailure}
            defaultValue={selling.unpaidOrderMinutes}
            hint={t("settings.unpaidHint")}
          />
          <Field
            label={t("settings.pickupHours")}
            name="pickupHoldHours"
            inputMode="numeric"
            failure={sellingFailure}
            defaultValue={selling.pickupHoldHours}
            hint={t("settings.pickupHint")}
          />
          <Field
            label={t("settings.smsCap")}
            name="smsMonthlyCap"
            inputMode="numeric"
            failure={sellingFailure}
            defaultValue={selling.smsMonthlyCap}
            hint={t("settings.smsHint")}
          />
        </fieldset>
        <button type="submit" disabled={submitting === "selling"}>
          {submitting === "selling" ? t("common.saving") : t("settings.saveSelling")}
        </button>
      </Form>

      <h2 id="receipts">{t("settings.receipts")}</h2>
      <Form method="post" noValidate className="wide-form" aria-labelledby="receipts">
        <input type="hidden" name="intent" value="receipt" />
        <p className="hint">
          {t.rich("settings.receiptsHint", {
            address: (
              <span translate="no">
                {shop.addressLine1}, {shop.postalCode} {shop.city}
              </span>
            ),
          })}
        </p>
        <FormError failure={receiptFailure} />
        <Field label={t("settings.vatNumber")} name="vatNumber" failure={receiptFailure} defaultValue={shop.vatNumber ?? ""} hint={t("settings.vatHint")} />
        <Field
          label={t("settings.companyNumber")}
          name="companyNumber"
          failure={receiptFailure}
          defaultValue={shop.companyNumber ?? ""}
          hint={t("settings.companyHint")}
        />
        <TextArea
          label={t("settings.footer")}
          name="receiptFooter"
          failure={receiptFailure}
          defaultValue={shop.receiptFooter ?? ""}
          rows={3}
          hint={t("settings.footerHint")}
        />
        <button type="submit" disabled={submitting === "receipt"}>
          {submitting === "receipt" ? t("common.saving") : t("settings.saveReceipt")}
        </button>
      </Form>
    </>
  );
}

/** One of the two images: what is there now (or that there is none), a file to replace it, and a remove button. */
function ProfileImage({ kind, label, imageKey, shopName }: { kind: "logo" | "cover"; label: string; imageKey: string | null; shopName: string }) {
  const fetcher = useFetcher<typeof action>();
  const t = useT();
  const mb = MAX_IMAGE_BYTES / 1024 / 1024;
  const failure = fetcher.state === "idle" && fetcher.data && typeof fetcher.data === "object" ? (fetcher.data as Failure) : undefined;
  const error = failure
    ? (failure.fieldErrors?.[kind] ?? failure.fieldErrors?.image ?? failure.fieldErrors?.data ?? failure.formError ?? undefined)
    : undefined;
  const id = `f-${kind}`;
  return (
    <section className={`profile-image profile-${kind}`} aria-label={label}>
      <h3>{label}</h3>
      {imageKey ? (
        <img src={`/uploads/${imageKey}-${kind}.webp`} alt={t("settings.image.current", { kind, shop: shopName })} className={`${kind}-preview`} />
      ) : (
        <p className="muted">{t("settings.image.none", { kind })}</p>
      )}
      <fetcher.Form method="post" encType="multipart/form-data" className="inline-form">
        <input type="hidden" name="kind" value={kind} />
        <div className="field">
          <label htmlFor={id}>{imageKey ? t("settings.image.replace", { kind }) : t("settings.image.add", { kind })}</label>
          <input
            id={id}
            type="file"
            name="image"
            accept="image/jpeg,image/png,image/webp,image/gif,image/avif"
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-hint ${id}-error` : `${id}-hint`}
            onChange={(e) => {
              const f = e.currentTarget.files?.[0];
              e.currentTarget.setCustomValidity(f && f.size > MAX_IMAGE_BYTES ? t("settings.image.overSize", { mb }) : "");
              e.currentTarget.reportValidity();
            }}
          />
          <small className="hint" id={`${id}-hint`}>
            {t("settings.image.formats", { mb })}
          </small>
          {error ? (
            <p className="field-error" id={`${id}-error`} role="alert">
              {error}
            </p>
          ) : null}
        </div>
        <Button fetcher={fetcher} pendingLabel={t("settings.image.uploading")}>
          {t("settings.image.upload")}
        </Button>
      </fetcher.Form>
      {imageKey ? (
        <Form method="post">
          <input type="hidden" name="intent" value="remove-image" />
          <input type="hidden" name="kind" value={kind} />
          <ConfirmButton variant="secondary" title={t("settings.image.removeTitle", { kind })} confirmLabel={t("settings.image.remove")}>
            {t("settings.image.removeButton", { kind })}
          </ConfirmButton>
        </Form>
      ) : null}
    </section>
  );
}
