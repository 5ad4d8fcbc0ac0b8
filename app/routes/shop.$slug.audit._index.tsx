import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useLoaderData, useParams, useSearchParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { AuditChanges } from "../components/audit";
import { DataTable } from "../components/ui";
import { load } from "../lib/trpc.server";
import { requireParams } from "../lib/url-params";
import { translator, useFormat, useT } from "../lib/i18n";
import { auditKindKey } from "../lib/audit-kinds";
import { useShopTimeZone } from "../lib/use-shop-time-zone";
import { auditKindLabel, auditListFields, SHOP_AUDIT_KINDS } from "../../server/schemas/audit";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: translator(data?.locale ?? "en")("settings.audit.meta") }];

/** What the filter form and the pager send; an empty field means "not set". */
const listParams = auditListFields.omit({ cursor: true }).extend({ after: auditListFields.shape.cursor });

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const shopSlug = params.slug ?? "";
  const { after, ...filters } = requireParams(request, listParams);
  const dateError = filters.from && filters.to && filters.to < filters.from ? translator(context.locale)("settings.audit.dateError") : null;
  const input = { ...filters, ...(dateError ? { to: undefined } : {}), cursor: after };
  const log = await load(request, () => context.trpc.audit.list({ shopSlug, ...input }));
  return data({ log, dateError, locale: context.locale }, { status: dateError ? 400 : 200 });
}

export default function AuditLog() {
  const { log, dateError } = useLoaderData<typeof loader>();
  const { slug } = useParams();
  const [params] = useSearchParams();
  const timeZone = useShopTimeZone();
  const filtered = [...params.keys()].some((k) => k !== "after");
  const exportParams = new URLSearchParams([...params].filter(([k]) => k !== "after"));
  const t = useT();
  const f = useFormat();
  const kindLabel = (kind: string) => {
    const key = auditKindKey(kind);
    return key ? t(key) : auditKindLabel(kind);
  };
  return (
    <>
      <h1>{t("settings.audit.title")}</h1>
      <p className="hint">{t("settings.audit.hint")}</p>
      <Form method="get" className="filters" aria-label={t("settings.audit.filter")}>
        <label>
          {t("settings.audit.person")}{" "}
          <select name="person" defaultValue={params.get("person") ?? ""}>
            <option value="">{t("settings.audit.anyone")}</option>
            {log.people.map((p) => (
              <option key={p.id} value={p.id} translate="no">
                {p.name} ({p.email})
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("settings.audit.kind")}{" "}
          <select name="kind" defaultValue={params.get("kind") ?? ""}>
            <option value="">{t("settings.audit.any")}</option>
            {SHOP_AUDIT_KINDS.map((k) => (
              <option key={k} value={k}>
                {kindLabel(k)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("settings.audit.from")} <input type="date" name="from" defaultValue={params.get("from") ?? ""} aria-invalid={dateError ? true : undefined} />
        </label>
        <label>
          {t("settings.audit.to")}{" "}
          <input
            type="date"
            name="to"
            defaultValue={params.get("to") ?? ""}
            aria-invalid={dateError ? true : undefined}
            aria-describedby={dateError ? "date-error" : undefined}
          />
        </label>
        <label>
          {t("settings.audit.record")} <input name="record" defaultValue={params.get("record") ?? ""} placeholder={t("settings.audit.recordPlaceholder")} />
        </label>
        <button type="submit">{t("settings.audit.filterButton")}</button>
        {filtered ? (
          <Link to="?" className="button secondary">
            {t("settings.audit.clear")}
          </Link>
        ) : null}
        <a className="button secondary" href={`/shop/${slug}/audit/export.csv${exportParams.size ? `?${exportParams}` : ""}`} download>
          {t("settings.audit.export")}
        </a>
      </Form>
      {dateError ? (
        <p id="date-error" className="field-error" role="alert">
          {dateError}
        </p>
      ) : null}
      <p className="hint">{t("settings.audit.zone", { zone: timeZone })}</p>
      <DataTable
        label={t("settings.audit.title")}
        rows={log.rows}
        rowKey={(r) => r.id}
        nextCursor={log.nextCursor}
        empty={
          <p>
            {t("settings.audit.nothing", { filtered: filtered ? "yes" : "no" })}
            {filtered ? (
              <>
                {" "}
                <Link to="?">{t("settings.audit.clearFilters")}</Link>
              </>
            ) : null}
          </p>
        }
        columns={[
          { header: t("settings.audit.when"), cell: (r) => f.dateTime(r.createdAt, timeZone) },
          {
            header: t("settings.audit.who"),
            cell: (r) =>
              r.actor ? (
                <span translate="no">
                  {r.actor.name} ({r.actor.email})
                </span>
              ) : r.source === "admin" ? (
                t("settings.audit.platformAdmin")
              ) : r.source === "system" ? (
                t("settings.audit.system")
              ) : (
                "—"
              ),
          },
          { header: t("settings.audit.what"), cell: (r) => kindLabel(r.kind) },
          {
            header: t("settings.audit.record"),
            cell: (r) => (
              <>
                <span translate="no">{r.recordLabel ?? ""}</span>{" "}
                <span className="hint" translate="no">
                  {r.recordType ? `${r.recordType} ${r.recordId?.slice(0, 8) ?? ""}` : ""}
                </span>
              </>
            ),
          },
          { header: t("settings.audit.beforeAfter"), cell: (r) => <AuditChanges before={r.before} after={r.after} /> },
          { header: t("settings.audit.fromCol"), cell: (r) => <span title={r.userAgent ?? undefined}>{r.ip ?? "—"}</span> },
        ]}
      />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
