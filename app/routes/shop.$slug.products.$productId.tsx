import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData, MaxPartSizeExceededError } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { Field } from "../components/form";
import type { Failure } from "../components/ui";
import { ProductEditor } from "../components/product-editor";
import { assertSafeForm, keepValues, parseForm, readForm } from "../lib/forms";
import { productForm } from "../../server/schemas/product-form";
import { idSchema } from "../../server/schemas/common";
import { intentOr, UNKNOWN_INTENT } from "../../server/schemas/form-fields";
import { z } from "zod";
import { Button, ConfirmButton } from "../components/ui";
import { dataWithToast, redirectWithToast } from "../lib/toast.server";
import { load, refuseUploadUnless, toResponse } from "../lib/trpc.server";
import { fileField, MAX_IMAGE_BYTES } from "../../server/schemas/uploads";
import { hasRole } from "../../server/schemas/roles";
import { translator, useFormat, useT } from "../lib/i18n";
import { variantTitle } from "../../server/services/catalog/matrix";
import type { loader as shopLoader } from "./shop.$slug";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.product.title ?? "Nearshop"} · Nearshop` }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const shopSlug = params.slug ?? "";
  const [{ shop }, product, categories, locations] = await load(request, () =>
    Promise.all([
      context.trpc.shops.current({ shopSlug }),
      context.trpc.catalog.get({ shopSlug, productId: params.productId ?? "" }),
      context.trpc.catalog.categories({ shopSlug }),
      context.trpc.inventory.locations({ shopSlug }),
    ]),
  );
  return { currency: shop.currency, product, categories, locations, locale: context.locale };
}

const imageForm = z.object({ image: fileField("Choose an image file to upload"), alt: z.string().default("") });

async function uploadImage(request: Request, shopSlug: string, productId: string, context: ActionFunctionArgs["context"]) {
  const { trpc } = context;
  const t = translator(context.locale);
  let form: FormData;
  try {
    form = assertSafeForm(await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: MAX_IMAGE_BYTES })));
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) {
      return data({ fieldErrors: { image: t("catalog.image.tooLarge", { mb: MAX_IMAGE_BYTES / 1024 / 1024 }) } }, { status: 400 });
    }
    throw error;
  }
  try {
    const { image: file, alt } = parseForm(form, imageForm);
    const data64 = Buffer.from(await file.arrayBuffer()).toString("base64");
    await trpc.catalog.addImage({ shopSlug, productId, fileName: file.name || "image", data: data64, alt });
    return dataWithToast({ added: true }, t("catalog.toast.imageAdded"));
  } catch (error) {
    return toResponse(error, request);
  }
}

/** The editor (it sends no intent) and the image list's remove buttons. */
const productPageForm = (currency: string) =>
  z.preprocess(
    intentOr("save"),
    z.discriminatedUnion(
      "intent",
      [productForm(currency).extend({ intent: z.literal("save") }), z.object({ intent: z.literal("remove-image"), imageId: idSchema })],
      UNKNOWN_INTENT,
    ),
  );

export async function action({ request, params, context }: ActionFunctionArgs) {
  const shopSlug = params.slug ?? "";
  const productId = params.productId ?? "";
  if (request.headers.get("content-type")?.startsWith("multipart/form-data")) {
    const refused = await refuseUploadUnless(request, context.trpc, shopSlug, "manager");
    if (refused) return refused;
    return uploadImage(request, shopSlug, productId, context);
  }
  const form = await readForm(request);
  const t = translator(context.locale);
  try {
    const { shop } = await context.trpc.shops.current({ shopSlug });
    const input = parseForm(form, productPageForm(shop.currency));
    if (input.intent === "remove-image") {
      await context.trpc.catalog.removeImage({ shopSlug, productId, imageId: input.imageId });
      return redirectWithToast(`/shop/${shopSlug}/products/${productId}`, t("catalog.toast.imageRemoved"));
    }
    const { intent: _, ...product_ } = input;
    const product = await context.trpc.catalog.update({ shopSlug, productId, ...product_ });
    return redirectWithToast(`/shop/${shopSlug}/products/${product.id}`, t("catalog.toast.saved"));
  } catch (error) {
    return toResponse(error, request, keepValues(form));
  }
}

export default function ProductPage() {
  const { currency, product, categories, locations } = useLoaderData<typeof loader>();
  // The image upload answers its own fetcher; what reaches the page is the editor's refusal, if any.
  const answer = useActionData<typeof action>();
  const failure = answer && !("added" in answer) ? answer : undefined;
  const role = useRouteLoaderData<typeof shopLoader>("routes/shop.$slug")?.role ?? "cashier";
  const canEdit = hasRole(role, "manager");
  const t = useT();
  const f = useFormat();
  return (
    <>
      <p className="crumbs">
        <Link to=".." relative="path">
          {t("catalog.list.heading")}
        </Link>
      </p>
      <h1 translate="no">{product.title}</h1>
      <section className="images">
        <h2>{t("catalog.product.images")}</h2>
        {product.images.length === 0 ? <p className="empty">{t("catalog.product.noImages")}</p> : null}
        <ul className="thumbs">
          {product.images.map((img) => (
            <li key={img.id}>
              <img src={`/uploads/${img.key}-thumb.webp`} alt={img.alt || product.title} width={120} />
              {canEdit ? (
                <Form method="post">
                  <input type="hidden" name="imageId" value={img.id} />
                  <ConfirmButton
                    name="intent"
                    value="remove-image"
                    variant="link"
                    title={t("catalog.product.removeTitle")}
                    message={t("catalog.product.removeMessage")}
                    confirmLabel={t("catalog.product.removeImage")}
                  >
                    {t("catalog.product.remove")}
                  </ConfirmButton>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
        {canEdit ? <ImageUpload /> : null}
      </section>
      <section>
        <h2>{t("catalog.col.stock")}</h2>
        <div className="table-scroll" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th>{t("catalog.editor.variant")}</th>
                <th>{t("catalog.col.sku")}</th>
                <th>{t("catalog.col.price")}</th>
                {locations.map((l) => (
                  <th key={l.id} translate="no">
                    {l.name}
                  </th>
                ))}
                <th />
              </tr>
            </thead>
            <tbody>
              {product.variants.map((v) => (
                <tr key={v.id}>
                  <td translate={v.optionValues.length ? "no" : undefined}>
                    {v.optionValues.length ? variantTitle(v.optionValues) : t("catalog.editor.defaultVariant")}
                  </td>
                  <td translate="no">{v.sku}</td>
                  <td>{f.money(v.price, currency)}</td>
                  {locations.map((l) => {
                    const s = v.stockLevels.find((x) => x.locationId === l.id);
                    return <td key={l.id}>{s ? s.onHand - s.reserved : 0}</td>;
                  })}
                  <td>
                    <Link to={`../../stock/${v.id}`} relative="path">
                      {t("catalog.product.stockLink")}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      {canEdit ? (
        <section>
          <h2>{t("catalog.product.details")}</h2>
          <ProductEditor product={product} categories={categories} currency={currency} failure={failure} submitLabel={t("catalog.product.save")} />
        </section>
      ) : null}
    </>
  );
}

/**
 * The upload sends through its own fetcher, so what went wrong with the
 * image is shown here, next to the upload box, never in Details below.
 */
function ImageUpload() {
  const limit = MAX_IMAGE_BYTES;
  const fetcher = useFetcher<typeof action>();
  const t = useT();
  const failure = fetcher.state === "idle" && fetcher.data && typeof fetcher.data === "object" ? (fetcher.data as Failure) : undefined;
  const error = failure
    ? (failure.fieldErrors?.image ?? ([failure.formError, ...Object.values(failure.fieldErrors ?? {})].filter(Boolean).join(". ") || undefined))
    : undefined;
  return (
    <fetcher.Form method="post" encType="multipart/form-data" className="inline-form">
      <div className="field">
        <label htmlFor="f-image">{t("catalog.image.add")}</label>
        <input
          id="f-image"
          type="file"
          name="image"
          accept="image/jpeg,image/png,image/webp,image/gif,image/avif"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "f-image-hint f-image-error" : "f-image-hint"}
          onChange={(e) => {
            const f = e.currentTarget.files?.[0];
            e.currentTarget.setCustomValidity(f && f.size > limit ? t("catalog.image.over", { mb: limit / 1024 / 1024 }) : "");
            e.currentTarget.reportValidity();
          }}
        />
        <small className="hint" id="f-image-hint">
          {t("catalog.image.hint", { mb: limit / 1024 / 1024 })}
        </small>
        {error ? (
          <p className="field-error" id="f-image-error" role="alert">
            {error}
          </p>
        ) : null}
      </div>
      <Field label={t("catalog.image.alt")} name="alt" />
      <Button fetcher={fetcher} pendingLabel={t("catalog.image.uploading")}>
        {t("catalog.image.upload")}
      </Button>
    </fetcher.Form>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
