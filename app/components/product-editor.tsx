import { Form, useNavigation } from "@remix-run/react";
import { useMemo, useState } from "react";
import { PRODUCT_STATUSES, TAX_CLASSES } from "../../server/schemas/catalog";
import { fromMinor } from "../../server/schemas/money";
import { comboKey, variantMatrix, variantTitle } from "../../server/services/catalog/matrix";
import { Field, FormError } from "./form";
import { Button, ErrorSummary, fieldId } from "./ui";

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
const EDITOR_LABELS: Record<string, string> = {
  title: "Title",
  handle: "Handle",
  description: "Description",
  brand: "Brand",
  categoryId: "Category",
  status: "Status",
  tags: "Tags",
  attributes: "Attributes",
  variants: "Variants",
};

export function ProductEditor(props: { product?: EditableProduct; categories: Category[]; currency: string; failure: Failure; submitLabel: string }) {
  const { product, failure, currency } = props;
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
      <ErrorSummary failure={failure} labels={EDITOR_LABELS} />
      <FormError failure={failure} />
      <Field label="Title" name="title" failure={failure} defaultValue={product?.title} required />
      {product ? <Field label="Handle (web address)" name="handle" failure={failure} defaultValue={product.handle} /> : null}
      <div className="field">
        <label htmlFor="f-description">Description</label>
        <textarea id="f-description" name="description" rows={4} defaultValue={kept("description") ?? product?.description ?? ""} />
      </div>
      <div className="row">
        <Field label="Brand" name="brand" failure={failure} defaultValue={product?.brand} />
        <div className="field">
          <label htmlFor="f-category">Category</label>
          <select id="f-category" name="categoryId" defaultValue={kept("categoryId") ?? product?.categoryId ?? ""}>
            <option value="">No category</option>
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
          <label htmlFor="f-status">Status</label>
          <select id="f-status" name="status" defaultValue={kept("status") ?? product?.status ?? "draft"}>
            {PRODUCT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
      </div>
      <Field label="Tags" name="tags" failure={failure} defaultValue={product?.tags.join(", ")} hint="Comma-separated, e.g. organic, local" />
      <div className="field">
        <label htmlFor="f-attributes">Attributes</label>
        <textarea
          id="f-attributes"
          name="attributes"
          rows={3}
          placeholder={"material: cotton\nfit: slim"}
          defaultValue={
            kept("attributes") ??
            Object.entries((product?.attributes ?? {}) as Record<string, string>)
              .map(([k, v]) => `${k}: ${v}`)
              .join("\n")
          }
        />
        <small className="hint">One per line, as name: value. Customers can filter on them.</small>
        {err("attributes") ? (
          <p className="field-error" role="alert">
            {err("attributes")}
          </p>
        ) : null}
      </div>

      <fieldset>
        <legend>Options</legend>
        <p className="hint">Up to three, e.g. Size with S, M, L. Leave empty for a product sold in one version.</p>
        {options.map((o, i) => (
          <div className="row" key={i}>
            <div className="field">
              <label htmlFor={`f-option-${i}-name`}>Option {i + 1} name</label>
              <input
                id={`f-option-${i}-name`}
                name={`options.${i}.name`}
                value={o.name}
                onChange={(e) => setOptions(options.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)))}
              />
            </div>
            <div className="field grow">
              <label htmlFor={`f-option-${i}-values`}>Option {i + 1} values</label>
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
        <legend>Variants ({matrix.length})</legend>
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
                <th>Variant</th>
                <th>SKU</th>
                <th>Barcode</th>
                <th>Price ({currency})</th>
                <th>Compare at</th>
                <th>Cost</th>
                <th>Tax</th>
              </tr>
            </thead>
            <tbody>
              {matrix.map((values, i) => {
                const v = existing.get(comboKey(values));
                const p = `variants.${i}`;
                const title = variantTitle(values);
                const cell = (name: string, value: string, label: string, extra: object = {}) => (
                  <td>
                    <input
                      name={`${p}.${name}`}
                      id={fieldId(`${p}.${name}`)}
                      aria-label={`${label} of ${title}`}
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
                      {title}
                      <input type="hidden" name={`${p}.optionValues`} value={values.join("\u001f")} />
                    </td>
                    {cell("sku", v?.sku ?? "", "SKU")}
                    {cell("barcode", v?.barcode ?? "", "Barcode", { inputMode: "numeric" })}
                    {cell("price", money(v?.price), "Price", { inputMode: "decimal", size: 8 })}
                    {cell("compareAtPrice", money(v?.compareAtPrice), "Compare-at price", { inputMode: "decimal", size: 8 })}
                    {cell("cost", money(v?.cost), "Cost", { inputMode: "decimal", size: 8 })}
                    <td>
                      <select name={`${p}.taxClass`} aria-label={`Tax class of ${title}`} defaultValue={kept(`${p}.taxClass`) ?? v?.taxClass ?? "standard"}>
                        {TAX_CLASSES.map((t) => (
                          <option key={t} value={t}>
                            {t}
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
        <p className="hint">Leave SKU and price empty for a combination you do not sell.</p>
      </fieldset>
      <Button disabled={busy} pendingLabel="Saving…">
        {props.submitLabel}
      </Button>
    </Form>
  );
}
