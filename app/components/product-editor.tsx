import { Form, useNavigation } from "@remix-run/react";
import { useMemo, useState } from "react";
import { PRODUCT_STATUSES, TAX_CLASSES } from "../../server/schemas/catalog";
import { fromMinor } from "../../server/schemas/money";
import { comboKey, variantMatrix, variantTitle } from "../../server/services/catalog/matrix";
import { Field, FormError } from "./form";
import { Button, ErrorSummary, fieldId } from "./ui";
import { useT, type T, type WebKey } from "../lib/i18n";
import { PRODUCT_STATUS_KEYS } from "./product-status";

type Failure = { formError?: string; fieldErrors?: Record<string, string>; values?: Record<string, unknown> } | undefined;
type Variant = {
  optionValues: string[];
  sku: string;
  barcode: string | null;
  price: number;
  compareAtPrice: number | null;
  cost: number | null;
  taxClass: string;
};
export type EditableProduct = {
  title: string;
  handle: string;
  description: string;
  brand: string | null;
  categoryId: string | null;
  status: string;
  tags: string[];
  attributes: unknown;
  options: unknown;
  variants: Variant[];
};
type Category = { id: string; path: string };

const split = (s: string) =>
  s
    .split(",")
    .map((v) => v.trim())
    .filter(Boolean);

/**
 * The product form: details, up to three options, and the variant matrix
 * they generate (size × colour...). A row left without SKU and price is a
 * combination the shop does not sell.
 */
/** Names for the error summary; a variant cell's own message names its variant. */
const EDITOR_LABELS: Record<string, WebKey> = {
  title: "catalog.editor.title",
  handle: "catalog.editor.handleShort",
  description: "catalog.editor.description",
  brand: "catalog.editor.brand",
  categoryId: "catalog.editor.category",
  status: "catalog.editor.status",
  tags: "catalog.editor.tags",
  attributes: "catalog.editor.attributes",
  variants: "catalog.editor.variantsShort",
};
const labelsIn = (t: T) => Object.fromEntries(Object.entries(EDITOR_LABELS).map(([name, key]) => [name, t(key)]));

const TAX_KEYS: Record<(typeof TAX_CLASSES)[number], WebKey> = {
  standard: "catalog.tax.standard",
  reduced: "catalog.tax.reduced",
  zero: "catalog.tax.zero",
  exempt: "catalog.tax.exempt",
};

export function ProductEditor(props: { product?: EditableProduct; categories: Category[]; currency: string; failure: Failure; submitLabel: string }) {
  const { product, failure, currency } = props;
  const t = useT();
  const kept = (name: string) => failure?.values?.[name] as string | undefined;
  const initialOptions = ((product?.options ?? []) as { name: string; values: string[] }[]).map((o) => ({ name: o.name, values: o.values.join(", ") }));
  const [options, setOptions] = useState(
    [0, 1, 2].map((i) => ({
      name: kept(`options.${i}.name`) ?? initialOptions[i]?.name ?? "",
      values: kept(`options.${i}.values`) ?? initialOptions[i]?.values ?? "",
    })),
  );
  const matrix = useMemo(
    () => variantMatrix(options.filter((o) => o.name.trim() && split(o.values).length).map((o) => ({ name: o.name, values: split(o.values) }))),
    [options],
  );
  const existing = new Map((product?.variants ?? []).map((v) => [comboKey(v.optionValues), v]));
  const busy = useNavigation().state === "submitting";
  const money = (m: number | null | undefined) => (m === null || m === undefined ? "" : fromMinor(m, currency));
  const err = (name: string) => failure?.fieldErrors?.[name];

  return (
    <Form method="post" noValidate className="wide-form product-editor">
      <ErrorSummary failure={failure} labels={labelsIn(t)} />
      <FormError failure={failure} />
      <Field label={t("catalog.editor.title")} name="title" failure={failure} defaultValue={product?.title} required />
      {product ? <Field label={t("catalog.editor.handle")} name="handle" failure={failure} defaultValue={product.handle} /> : null}
      <div className="field">
        <label htmlFor="f-description">{t("catalog.editor.description")}</label>
        <textarea id="f-description" name="description" rows={4} defaultValue={kept("description") ?? product?.description ?? ""} />
      </div>
      <div className="row">
        <Field label={t("catalog.editor.brand")} name="brand" failure={failure} defaultValue={product?.brand} />
        <div className="field">
          <label htmlFor="f-category">{t("catalog.editor.category")}</label>
          <select id="f-category" name="categoryId" defaultValue={kept("categoryId") ?? product?.categoryId ?? ""}>
            <option value="">{t("catalog.editor.noCategory")}</option>
            {props.categories.map((c) => (
              <option key={c.id} value={c.id}>
                {c.path}
              </option>
            ))}
          </select>
          {err("categoryId") ? (
            <p className="field-error" role="alert">
              {err("categoryId")}
            </p>
          ) : null}
        </div>
        <div className="field">
          <label htmlFor="f-status">{t("catalog.editor.status")}</label>
          <select id="f-status" name="status" defaultValue={kept("status") ?? product?.status ?? "draft"}>
            {PRODUCT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(PRODUCT_STATUS_KEYS[s])}
              </option>
            ))}
          </select>
        </div>
      </div>
      <Field label={t("catalog.editor.tags")} name="tags" failure={failure} defaultValue={product?.tags.join(", ")} hint={t("catalog.editor.tagsHint")} />
      <div className="field">
        <label htmlFor="f-attributes">{t("catalog.editor.attributes")}</label>
        <textarea
          id="f-attributes"
          name="attributes"
          rows={3}
          placeholder={t("catalog.editor.attributesPlaceholder")}
          defaultValue={
            kept("attributes") ??
            Object.entries((product?.attributes ?? {}) as Record<string, string>)
              .map(([k, v]) => `${k}: ${v}`)
              .join("\n")
          }
        />
        <small className="hint">{t("catalog.editor.attributesHint")}</small>
        {err("attributes") ? (
          <p className="field-error" role="alert">
            {err("attributes")}
          </p>
        ) : null}
      </div>

      <fieldset>
        <legend>{t("catalog.editor.options")}</legend>
        <p className="hint">{t("catalog.editor.optionsHint")}</p>
        {options.map((o, i) => (
          <div className="row" key={i}>
            <div className="field">
              <label htmlFor={`f-option-${i}-name`}>{t("catalog.editor.optionName", { n: i + 1 })}</label>
              <input
                id={`f-option-${i}-name`}
                name={`options.${i}.name`}
                value={o.name}
                onChange={(e) => setOptions(options.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)))}
              />
            </div>
            <div className="field grow">
              <label htmlFor={`f-option-${i}-values`}>{t("catalog.editor.optionValues", { n: i + 1 })}</label>
              <input
                id={`f-option-${i}-values`}
                name={`options.${i}.values`}
                value={o.values}
                placeholder="S, M, L"
                onChange={(e) => setOptions(options.map((x, j) => (j === i ? { ...x, values: e.target.value } : x)))}
              />
            </div>
          </div>
        ))}
      </fieldset>

      <fieldset>
        <legend>{t("catalog.editor.variants", { count: matrix.length })}</legend>
        {err("variants") ? (
          <p className="field-error" role="alert">
            {err("variants")}
          </p>
        ) : null}
        <input type="hidden" name="variantCount" value={matrix.length} />
        <div className="table-scroll" tabIndex={0}>
          <table className="variants">
            <thead>
              <tr>
                <th>{t("catalog.editor.variant")}</th>
                <th>{t("catalog.col.sku")}</th>
                <th>{t("catalog.editor.barcode")}</th>
                <th>{t("catalog.editor.priceIn", { currency })}</th>
                <th>{t("catalog.editor.compareAt")}</th>
                <th>{t("catalog.editor.cost")}</th>
                <th>{t("catalog.editor.tax")}</th>
              </tr>
            </thead>
            <tbody>
              {matrix.map((values, i) => {
                const v = existing.get(comboKey(values));
                const p = `variants.${i}`;
                const title = values.length ? variantTitle(values) : t("catalog.editor.defaultVariant");
                const cell = (name: string, value: string, label: WebKey, extra: object = {}) => (
                  <td>
                    <input
                      name={`${p}.${name}`}
                      id={fieldId(`${p}.${name}`)}
                      aria-label={t(label, { variant: title })}
                      defaultValue={kept(`${p}.${name}`) ?? value}
                      aria-invalid={err(`${p}.${name}`) ? true : undefined}
                      {...extra}
                    />
                    {err(`${p}.${name}`) ? (
                      <p className="field-error" role="alert">
                        {err(`${p}.${name}`)}
                      </p>
                    ) : null}
                  </td>
                );
                return (
                  <tr key={comboKey(values)}>
                    <td>
                      <span translate={values.length ? "no" : undefined}>{title}</span>
                      <input type="hidden" name={`${p}.optionValues`} value={values.join("\u001f")} />
                    </td>
                    {cell("sku", v?.sku ?? "", "catalog.editor.skuOf")}
                    {cell("barcode", v?.barcode ?? "", "catalog.editor.barcodeOf", { inputMode: "numeric" })}
                    {cell("price", money(v?.price), "catalog.editor.priceOf", { inputMode: "decimal", size: 8 })}
                    {cell("compareAtPrice", money(v?.compareAtPrice), "catalog.editor.compareAtOf", { inputMode: "decimal", size: 8 })}
                    {cell("cost", money(v?.cost), "catalog.editor.costOf", { inputMode: "decimal", size: 8 })}
                    <td>
                      <select
                        name={`${p}.taxClass`}
                        aria-label={t("catalog.editor.taxOf", { variant: title })}
                        defaultValue={kept(`${p}.taxClass`) ?? v?.taxClass ?? "standard"}
                      >
                        {TAX_CLASSES.map((c) => (
                          <option key={c} value={c}>
                            {t(TAX_KEYS[c])}
                          </option>
                        ))}
                      </select>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        <p className="hint">{t("catalog.editor.matrixHint")}</p>
      </fieldset>
      <Button disabled={busy} pendingLabel={t("common.saving")}>
        {props.submitLabel}
      </Button>
    </Form>
  );
}
