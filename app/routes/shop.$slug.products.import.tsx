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
import { translator, useFormat, useT, type WebKey } from "../lib/i18n";
import { useShopTimeZone } from "../lib/use-shop-time-zone";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: translator(data?.locale ?? "en")("catalog.import.title") }];

/** An import's state as staff read it. */
const IMPORT_STATUS_KEYS: Record<string, WebKey> = {
  pending: "catalog.import.status.pending",
  queued: "catalog.import.status.queued",
  running: "catalog.import.status.running",
  done: "catalog.import.status.done",
  failed: "catalog.import.status.failed",
};

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const shopSlug = params.slug ?? "";
  const { id } = requireParams(request, z.object({ id: textParam }));
  const [current, recent] = await load(request, () =>
    Promise.all([id ? context.trpc.imports.get({ shopSlug, importId: id }) : null, context.trpc.imports.list({ shopSlug })]),
  );
  return { current, recent, locale: context.locale };
}

const MB = 1024 * 1024;

const uploadForm = z.object({ file: fileField("Choose a CSV file to upload") });
const startForm = z.object({ importId: idSchema });

export async function action({ request, params, context }: ActionFunctionArgs) {
  const shopSlug = params.slug ?? "";
  const t = translator(context.locale);
  if (request.headers.get("content-type")?.startsWith("multipart/form-data")) {
    const refused = await refuseUploadUnless(request, context.trpc, shopSlug, "manager");
    if (refused) return refused;
    let form: FormData;
    try {
      form = assertSafeForm(await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: MAX_CSV_BYTES })));
    } catch (error) {
      if (error instanceof MaxPartSizeExceededError) {
        return data({ fieldErrors: { file: t("catalog.import.tooLarge", { mb: MAX_CSV_BYTES / MB }) } }, { status: 400 });
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
    return redirectWithToast(`/shop/${shopSlug}/products/import?id=${importId}`, t("catalog.toast.importStarted"));
  } catch (error) {
    return toResponse(error, request);
  }
}

export default function ImportProducts() {
  const { current, recent } = useLoaderData<typeof loader>();
  const timeZone = useShopTimeZone();
  const t = useT();
  const f = useFormat();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const preview = result && "preview" in result ? result.preview : null;
  const failure = result && !("preview" in result) ? (result as { formError?: string; fieldErrors?: Record<string, string> }) : undefined;

  return (
    <>
      <p className="crumbs">
        <Link to=".." relative="path">
          {t("catalog.list.heading")}
        </Link>
      </p>
      <h1>{t("catalog.import.heading")}</h1>
      {current ? <Progress job={current} /> : null}

      {!preview ? (
        <Form method="post" encType="multipart/form-data" className="wide-form">
          <FormError failure={failure} />
          <div className="field">
            <label htmlFor="f-file">{t("catalog.import.file")}</label>
            <input
              id="f-file"
              type="file"
              name="file"
              accept=".csv,text/csv"
              required
              aria-invalid={failure?.fieldErrors?.file ? true : undefined}
              onChange={(e) => {
                const file = e.currentTarget.files?.[0];
                e.currentTarget.setCustomValidity(
                  file && file.size > MAX_CSV_BYTES ? t("catalog.import.over", { size: (file.size / MB).toFixed(1), mb: MAX_CSV_BYTES / MB }) : "",
                );
                e.currentTarget.reportValidity();
              }}
            />
            <small className="hint">
              {t.rich("catalog.import.hint", {
                mb: MAX_CSV_BYTES / MB,
                location: `<${t("catalog.import.locationName")}>`,
                code: (chunks) => <code translate="no">{chunks}</code>,
              })}
            </small>
            {failure?.fieldErrors?.file ? (
              <p className="field-error" role="alert">
                {failure.fieldErrors.file}
              </p>
            ) : null}
          </div>
          <button type="submit" disabled={busy}>
            {busy ? t("catalog.import.checking") : t("catalog.import.upload")}
          </button>
        </Form>
      ) : (
        <section className="preview">
          <h2>{t("catalog.import.preview")}</h2>
          <p>
            {t.rich(preview.errorCount ? "catalog.import.summaryProblems" : "catalog.import.summary", {
              total: preview.totalRows,
              valid: preview.validRows,
              problems: preview.errorCount,
              strong: (chunks) => <strong>{chunks}</strong>,
              danger: (chunks) => <strong className="danger-text">{chunks}</strong>,
            })}
          </p>
          <p className="hint">
            {preview.stockColumns.length
              ? t.rich("catalog.import.stockColumns", { columns: <span translate="no">{preview.stockColumns.join(", ")}</span> })
              : t("catalog.import.noStockColumns")}
            {preview.ignoredColumns.length ? (
              <> {t.rich("catalog.import.ignored", { columns: <span translate="no">{preview.ignoredColumns.join(", ")}</span> })}</>
            ) : null}
          </p>
          {/* The Problem column comes first: a wide file scrolls inside its box, never the page. */}
          <div className="table-scroll" tabIndex={0}>
            <table className="preview-table" aria-label={t("catalog.import.previewLabel")}>
              <thead>
                <tr>
                  <th>{t("catalog.import.line")}</th>
                  <th>{t("catalog.import.problem")}</th>
                  {preview.header.map((h) => (
                    <th key={h} translate="no">
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {preview.preview.map((row) => (
                  <tr key={row.line} className={row.error ? "row-error" : undefined}>
                    <td>{row.line}</td>
                    <td className="problem">{row.error ?? "OK"}</td>
                    {preview.header.map((h, i) => (
                      <td key={h} title={row.cells[i]} translate="no">
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
              {t("catalog.import.start", { count: preview.validRows })}
            </button>
            <Link to="." className="button secondary">
              {t("catalog.import.another")}
            </Link>
          </Form>
        </section>
      )}

      <h2>{t("catalog.import.recent")}</h2>
      {recent.length === 0 ? (
        <p className="empty">{t("catalog.import.none")}</p>
      ) : (
        <div className="table-scroll" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th>{t("catalog.import.colFile")}</th>
                <th>{t("catalog.col.status")}</th>
                <th>{t("catalog.import.colRows")}</th>
                <th>{t("catalog.import.colApplied")}</th>
                <th>{t("catalog.import.colUnchanged")}</th>
                <th>{t("catalog.import.colStarted")}</th>
              </tr>
            </thead>
            <tbody>
              {recent.map((r) => (
                <tr key={r.id}>
                  <td>
                    <Link to={`?id=${r.id}`} translate="no">
                      {r.fileName}
                    </Link>
                  </td>
                  <td>
                    <span className={`badge ${r.status}`}>{IMPORT_STATUS_KEYS[r.status] ? t(IMPORT_STATUS_KEYS[r.status]!) : r.status}</span>
                  </td>
                  <td>{r.totalRows}</td>
                  <td>{r.appliedRows}</td>
                  <td>{r.unchangedRows}</td>
                  <td>{f.dateTime(r.createdAt, timeZone)}</td>
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
  const t = useT();
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
      <h2 translate="no">{job.fileName}</h2>
      {job.status === "pending" ? <p>{t("catalog.import.notStarted")}</p> : null}
      {active ? (
        <p>{job.status === "queued" ? t("catalog.import.waiting") : t("catalog.import.importing", { done: job.processedRows, total: job.totalRows })}</p>
      ) : null}
      <progress max={100} value={pct} aria-label={t("catalog.import.progress")}>
        {pct}%
      </progress>{" "}
      <span>{pct}%</span>
      {job.status === "done" ? (
        <p className="done">{t("catalog.import.done", { applied: job.appliedRows, unchanged: job.unchangedRows, skipped: job.errorCount })}</p>
      ) : null}
      {job.status === "failed" ? (
        <p className="form-error" role="alert">
          {t("catalog.import.stopped", { failure: job.failure ?? "" })}
        </p>
      ) : null}
      {job.errorCount ? (
        <>
          <p>
            <a href={`/shop/${slug}/imports/${job.id}/errors.csv`} download>
              {t("catalog.import.errorReport", { count: job.errorCount })}
            </a>
          </p>
          <ul className="list">
            {job.errors.slice(0, 10).map((e) => (
              <li key={e.line}>
                {e.sku
                  ? t("catalog.import.errorLineSku", { line: e.line, sku: e.sku, message: e.message })
                  : t("catalog.import.errorLine", { line: e.line, message: e.message })}
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
