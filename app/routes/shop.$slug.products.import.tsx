import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, MaxPartSizeExceededError, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useParams, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { FormError } from "../components/form";
import { redirectWithToast } from "../lib/toast.server";
import { load, refuseUploadUnless, toResponse } from "../lib/trpc.server";
import { fileField, MAX_CSV_BYTES } from "../../server/schemas/uploads";
import { idSchema } from "../../server/schemas/common";
import { requireParams, textParam } from "../lib/url-params";
import { z } from "zod";
import { assertSafeForm, parseForm, readForm } from "../lib/forms";
import { formatShopTime } from "../lib/time";
import { useShopTimeZone } from "../lib/use-shop-time-zone";

export const meta: MetaFunction = () => [{ title: "Import products · Nearshop" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const shopSlug = params.slug ?? "";
  const { id } = requireParams(request, z.object({ id: textParam }));
  const [current, recent] = await load(request, () =>
    Promise.all([id ? context.trpc.imports.get({ shopSlug, importId: id }) : null, context.trpc.imports.list({ shopSlug })]),
  );
  return { current, recent };
}

const MB = 1024 * 1024;

const uploadForm = z.object({ file: fileField("Choose a CSV file to upload") });
const startForm = z.object({ importId: idSchema });

export async function action({ request, params, context }: ActionFunctionArgs) {
  const shopSlug = params.slug ?? "";
  if (request.headers.get("content-type")?.startsWith("multipart/form-data")) {
    const refused = await refuseUploadUnless(request, context.trpc, shopSlug, "manager");
    if (refused) return refused;
    let form: FormData;
    try {
      form = assertSafeForm(await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: MAX_CSV_BYTES })));
    } catch (error) {
      if (error instanceof MaxPartSizeExceededError) {
        return data(
          { fieldErrors: { file: `The file is larger than ${MAX_CSV_BYTES / MB} MB. Split it and import the parts one after another.` } },
          { status: 400 },
        );
      }
      throw error;
    }
    try {
      const { file } = parseForm(form, uploadForm);
      const preview = await context.trpc.imports.upload({
        shopSlug,
        fileName: file.name || "import.csv",
        data: Buffer.from(await file.arrayBuffer()).toString("base64"),
      });
      return { preview };
    } catch (error) {
      return toResponse(error, request);
    }
  }
  const form = await readForm(request);
  try {
    const { importId } = parseForm(form, startForm);
    await context.trpc.imports.start({ shopSlug, importId });
    return redirectWithToast(`/shop/${shopSlug}/products/import?id=${importId}`, "Import started.");
  } catch (error) {
    return toResponse(error, request);
  }
}

export default function ImportProducts() {
  const { current, recent } = useLoaderData<typeof loader>();
  const timeZone = useShopTimeZone();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const preview = result && "preview" in result ? result.preview : null;
  const failure = result && !("preview" in result) ? (result as { formError?: string; fieldErrors?: Record<string, string> }) : undefined;

  return (
    <>
      <p className="crumbs">
        <Link to=".." relative="path">
          Products
        </Link>
      </p>
      <h1>Import products</h1>
      {current ? <Progress job={current} /> : null}

      {!preview ? (
        <Form method="post" encType="multipart/form-data" className="wide-form">
          <FormError failure={failure} />
          <div className="field">
            <label htmlFor="f-file">CSV file</label>
            <input
              id="f-file"
              type="file"
              name="file"
              accept=".csv,text/csv"
              required
              aria-invalid={failure?.fieldErrors?.file ? true : undefined}
              onChange={(e) => {
                const f = e.currentTarget.files?.[0];
                e.currentTarget.setCustomValidity(
                  f && f.size > MAX_CSV_BYTES
                    ? `This file is ${(f.size / MB).toFixed(1)} MB; the limit is ${MAX_CSV_BYTES / MB} MB. Split it and import the parts.`
                    : "",
                );
                e.currentTarget.reportValidity();
              }}
            />
            <small className="hint">
              UTF-8 CSV, up to {MAX_CSV_BYTES / MB} MB, one row per variant. Columns: sku, title and price are required; also handle, description, brand,
              category (an id such as <code>cheese</code>), status, tags, attributes (<code>material: cotton; fit: slim</code>), option1_name … option3_value,
              barcode, compare_at_price, cost, tax_class, and <code>stock:&lt;location name&gt;</code> for the quantity on hand. Rows are matched by SKU, so
              importing the same file twice changes nothing. An export is a ready-made template.
            </small>
            {failure?.fieldErrors?.file ? (
              <p className="field-error" role="alert">
                {failure.fieldErrors.file}
              </p>
            ) : null}
          </div>
          <button type="submit" disabled={busy}>
            {busy ? "Checking the file…" : "Upload and preview"}
          </button>
        </Form>
      ) : (
        <section className="preview">
          <h2>Preview</h2>
          <p>
            {preview.totalRows} rows: <strong>{preview.validRows} ready to import</strong>
            {preview.errorCount ? (
              <>
                , <strong className="danger-text">{preview.errorCount} with problems</strong> (they will be skipped and listed in an error report)
              </>
            ) : null}
            .
          </p>
          <p className="hint">
            Stock columns: {preview.stockColumns.length ? preview.stockColumns.join(", ") : "none"}.
            {preview.ignoredColumns.length ? ` Ignored columns: ${preview.ignoredColumns.join(", ")}.` : ""}
          </p>
          {/* The Problem column comes first: a wide file scrolls inside its box, never the page. */}
          <div className="table-scroll" tabIndex={0}>
            <table className="preview-table" aria-label="Preview of the file">
              <thead>
                <tr>
                  <th>Line</th>
                  <th>Problem</th>
                  {preview.header.map((h) => (
                    <th key={h}>{h}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {preview.preview.map((row) => (
                  <tr key={row.line} className={row.error ? "row-error" : undefined}>
                    <td>{row.line}</td>
                    <td className="problem">{row.error ?? "OK"}</td>
                    {preview.header.map((h, i) => (
                      <td key={h} title={row.cells[i]}>
                        {row.cells[i]}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Form method="post" className="actions">
            <input type="hidden" name="importId" value={preview.importId} />
            <button type="submit" disabled={busy || preview.validRows === 0}>
              Import {preview.validRows} rows
            </button>
            <Link to="." className="button secondary">
              Choose another file
            </Link>
          </Form>
        </section>
      )}

      <h2>Recent imports</h2>
      {recent.length === 0 ? (
        <p className="empty">No imports yet.</p>
      ) : (
        <div className="table-scroll" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th>File</th>
                <th>Status</th>
                <th>Rows</th>
                <th>Applied</th>
                <th>Unchanged</th>
                <th>Started</th>
              </tr>
            </thead>
            <tbody>
              {recent.map((r) => (
                <tr key={r.id}>
                  <td>
                    <Link to={`?id=${r.id}`}>{r.fileName}</Link>
                  </td>
                  <td>
                    <span className={`badge ${r.status}`}>{r.status}</span>
                  </td>
                  <td>{r.totalRows}</td>
                  <td>{r.appliedRows}</td>
                  <td>{r.unchangedRows}</td>
                  <td>{formatShopTime(r.createdAt, timeZone)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

type Job = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["current"]>;

/** The running import, refreshed every second until it ends. */
function Progress({ job }: { job: Job }) {
  const revalidator = useRevalidator();
  const slug = useParams().slug;
  const active = job.status === "queued" || job.status === "running";
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => revalidator.state === "idle" && revalidator.revalidate(), 1000);
    return () => clearInterval(timer);
  }, [active, revalidator]);
  const pct = job.totalRows ? Math.round((job.processedRows / job.totalRows) * 100) : 0;
  return (
    <section className="import-progress" aria-live="polite">
      <h2>{job.fileName}</h2>
      {job.status === "pending" ? <p>Uploaded, not started.</p> : null}
      {active ? <p>{job.status === "queued" ? "Waiting for the worker…" : `Importing… ${job.processedRows} of ${job.totalRows} rows`}</p> : null}
      <progress max={100} value={pct} aria-label="Import progress">
        {pct}%
      </progress>{" "}
      <span>{pct}%</span>
      {job.status === "done" ? (
        <p className="done">
          Done: {job.appliedRows} rows applied, {job.unchangedRows} unchanged, {job.errorCount} skipped.
        </p>
      ) : null}
      {job.status === "failed" ? (
        <p className="form-error" role="alert">
          The import stopped: {job.failure}
        </p>
      ) : null}
      {job.errorCount ? (
        <>
          <p>
            <a href={`/shop/${slug}/imports/${job.id}/errors.csv`} download>
              Download the error report ({job.errorCount} rows)
            </a>
          </p>
          <ul className="list">
            {job.errors.slice(0, 10).map((e) => (
              <li key={e.line}>
                Line {e.line}
                {e.sku ? ` (${e.sku})` : ""}: {e.message}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
