import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation, useParams } from "@remix-run/react";
import { TRPCError } from "@trpc/server";
import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from "recharts";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { load } from "../lib/trpc.server";
import { requireParams } from "../lib/url-params";
import { periodSchema, type ExportTable, type Period } from "../../server/schemas/reports";
import { TENDER_LABELS } from "../components/receipt";
import { translator, useFormat, useT, type WebKey } from "../lib/i18n";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: translator(data?.locale ?? "en")("reports.meta") }];

const PERIOD_LABELS: Record<Period, WebKey> = {
  today: "reports.period.today",
  "7d": "reports.period.7d",
  "30d": "reports.period.30d",
  custom: "reports.period.custom",
};
/** The channels server/services/reports/dashboard.ts slices sales by. */
const CHANNEL_LABELS: Record<"till" | "pickup" | "delivery", WebKey> = {
  till: "reports.channel.till",
  pickup: "reports.channel.pickup",
  delivery: "reports.channel.delivery",
};
const known = <K extends string>(labels: Record<K, WebKey>, key: string): key is K => Object.hasOwn(labels, key);

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const shopSlug = params.slug ?? "";
  // Field by field: an empty date is not set; the procedure checks the period as a whole.
  const input = requireParams(request, periodSchema);
  return load(request, async () => {
    try {
      return { input, error: null, report: await context.trpc.reports.dashboard({ shopSlug, ...input }), locale: context.locale };
    } catch (error) {
      // A custom period that does not make sense: say why beside the form.
      if (error instanceof TRPCError && error.code === "BAD_REQUEST") return { input, error: error.message, report: null, locale: context.locale };
      throw error;
    }
  });
}

type Report = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["report"]>;

/**
 * "+12 %" against the previous period, or "new" when there was nothing to
 * compare with. The arrow follows the number; the colour says whether that
 * is good news: for refunds a drop is good.
 */
function Change({ now, before, lowerIsBetter = false }: { now: number; before: number; lowerIsBetter?: boolean }) {
  const t = useT();
  if (before === 0) return <span className="change">{now === 0 ? t("reports.change.none") : t("reports.change.new")}</span>;
  const pct = Math.round(((now - before) / before) * 100);
  const good = lowerIsBetter ? pct < 0 : pct > 0;
  const cls = pct === 0 ? "change" : good ? "change good" : "change bad";
  return (
    <span className={cls}>
      {pct > 0 ? "▲ +" : pct < 0 ? "▼ " : ""}
      {pct} %<span className="sr-only">{pct === 0 ? "" : ` ${good ? t("reports.change.good") : t("reports.change.worse")}`}</span>
    </span>
  );
}

function Tiles({ r }: { r: Report }) {
  const t = useT();
  const f = useFormat();
  const money = (n: number) => f.money(n, r.currency);
  const tiles = [
    { label: t("reports.tile.revenue"), now: r.totals.revenue, before: r.previous.revenue, show: money },
    { label: t("reports.tile.orders"), now: r.totals.orders, before: r.previous.orders, show: f.number },
    { label: t("reports.tile.basket"), now: r.totals.averageBasket, before: r.previous.averageBasket, show: money },
    { label: t("reports.tile.items"), now: r.totals.items, before: r.previous.items, show: f.number },
    { label: t("reports.tile.refunds"), now: r.totals.refunds, before: r.previous.refunds, show: money, lowerIsBetter: true },
  ];
  return (
    <ul className="tiles" aria-label={t("reports.tiles")}>
      {tiles.map((tile) => (
        <li key={tile.label} aria-label={tile.label}>
          <span className="tile-label">{tile.label}</span>
          <strong className="tile-value">{tile.show(tile.now)}</strong>
          <small>
            <Change now={tile.now} before={tile.before} lowerIsBetter={tile.lowerIsBetter} />{" "}
            {t("reports.tile.versus", { before: tile.show(tile.before), days: r.range.days })}
          </small>
        </li>
      ))}
    </ul>
  );
}

function ExportLink({ table, search }: { table: ExportTable; search: string }) {
  const slug = useParams().slug ?? "";
  const t = useT();
  return (
    <a className="export" href={`/shop/${slug}/reports/export/${table}${search}`} download>
      {t("reports.export")}
    </a>
  );
}

function SliceTable({
  title,
  column,
  rows,
  money,
  table,
  search,
  empty,
  names = "people",
}: {
  title: string;
  column: string;
  /** "people": the labels are names as written (locations, staff); else a map of the labels to translate. */
  names?: "people" | ((key: string, label: string) => string);
  rows: { key: string; label: string; revenue: number; orders: number }[];
  money: (n: number) => string;
  table: ExportTable;
  search: string;
  empty: string;
}) {
  const total = rows.reduce((a, r) => a + r.revenue, 0);
  const t = useT();
  return (
    <section className="report-table" aria-label={title}>
      <header>
        <h3>{title}</h3>
        <ExportLink table={table} search={search} />
      </header>
      {rows.length === 0 ? (
        <p className="empty">{empty}</p>
      ) : (
        <div className="table-scroll" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th>{column}</th>
                <th className="num">{t("reports.col.orders")}</th>
                <th className="num">{t("reports.col.revenue")}</th>
                <th className="num">{t("reports.col.share")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.key}>
                  {names === "people" ? <td translate="no">{r.label}</td> : <td>{names(r.key, r.label)}</td>}
                  <td className="num">{r.orders}</td>
                  <td className="num">{money(r.revenue)}</td>
                  <td className="num">{total ? Math.round((r.revenue / total) * 100) : 0} %</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function ProductsTable({ title, rows, money, search }: { title: string; rows: Report["topProducts"]; money: (n: number) => string; search: string }) {
  const t = useT();
  return (
    <section className="report-table" aria-label={title}>
      <header>
        <h3>{title}</h3>
        <ExportLink table="products" search={search} />
      </header>
      {rows.length === 0 ? (
        <p className="empty">{t("reports.nothingSold")}</p>
      ) : (
        <div className="table-scroll" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th>{t("reports.col.product")}</th>
                <th className="num">{t("reports.col.units")}</th>
                <th className="num">{t("reports.col.revenue")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((p) => (
                <tr key={p.productId}>
                  <td translate="no">{p.title}</td>
                  <td className="num">{p.quantity}</td>
                  <td className="num">{money(p.revenue)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** The chart's own drawing size; the SVG scales to its column through its viewBox (see .chart in styles.css). */
const CHART = { width: 560, height: 240 };

/**
 * A bar chart drawn on the server as SVG, with its numbers in the label for
 * screen readers. It is drawn once at CHART's size and scaled by CSS to the
 * width of its column, so it fits at any width without measuring the page.
 * The server cannot measure text, so the label spacing is set here: about
 * eight labels on an axis, whatever the number of bars.
 */
function Bars({ data, x, label, money }: { data: { revenue: number }[]; x: string; label: string; money: (n: number) => string }) {
  const total = data.reduce((a, d) => a + d.revenue, 0);
  const every = Math.max(0, Math.ceil(data.length / 7) - 1);
  const t = useT();
  return (
    <figure className="chart">
      <figcaption>{label}</figcaption>
      <div role="img" aria-label={t("reports.chart.total", { label, total: money(total) })}>
        <BarChart width={CHART.width} height={CHART.height} data={data} margin={{ top: 8, right: 8, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey={x} tick={{ fontSize: 15 }} interval={every} />
          <YAxis tickFormatter={(v: number) => money(v).replace(/[.,]00(?=\D*$)/, "")} tick={{ fontSize: 15 }} width={84} />
          <Tooltip formatter={(v) => money(Number(v))} />
          <Bar dataKey="revenue" name={t("reports.col.revenue")} fill="#2f6f4f" isAnimationActive={false} />
        </BarChart>
      </div>
    </figure>
  );
}

export default function Reports() {
  const { input, error, report } = useLoaderData<typeof loader>();
  const busy = useNavigation().state === "loading";
  const search = `?${new URLSearchParams(Object.entries(input).filter(([, v]) => v) as [string, string][]).toString()}`;
  const t = useT();
  return (
    <>
      <h1>{t("reports.title")}</h1>
      <Form method="get" className="period-form" aria-label={t("reports.period")}>
        <label>
          {t("reports.period")}{" "}
          <select name="period" defaultValue={input.period}>
            {Object.entries(PERIOD_LABELS).map(([k, v]) => (
              <option key={k} value={k}>
                {t(v)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("reports.from")} <input type="date" name="from" defaultValue={input.from ?? report?.range.from} />
        </label>
        <label>
          {t("reports.to")} <input type="date" name="to" defaultValue={input.to ?? report?.range.to} />
        </label>
        <button type="submit" disabled={busy}>
          {busy ? t("reports.loading") : t("reports.show")}
        </button>
        <small className="hint">{t("reports.fromToHint")}</small>
      </Form>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      {report ? <Body r={report} search={search} /> : null}
    </>
  );
}

function Body({ r, search }: { r: Report; search: string }) {
  const t = useT();
  const f = useFormat();
  const money = (n: number) => f.money(n, r.currency);
  const short = (day: string) => day.slice(5);
  const span = (from: string, to: string) => (from === to ? from : t("reports.range", { from, to }));
  const channel = (key: string, label: string) => (known(CHANNEL_LABELS, key) ? t(CHANNEL_LABELS[key]) : label);
  const tender = (key: string, label: string) => (known(TENDER_LABELS, key) ? t(TENDER_LABELS[key]) : label);
  return (
    <>
      <p className="muted">
        {t("reports.summary", {
          range: span(r.range.from, r.range.to),
          zone: r.timezone,
          previous: span(r.range.previousFrom, r.range.previousTo),
        })}
      </p>
      <Tiles r={r} />
      <div className="charts">
        <div>
          <Bars data={r.byDay.map((d) => ({ ...d, label: short(d.day) }))} x="label" label={t("reports.byDay")} money={money} />
          <ExportLink table="daily" search={search} />
        </div>
        <div>
          <Bars data={r.byHour.map((h) => ({ ...h, label: `${String(h.hour).padStart(2, "0")}h` }))} x="label" label={t("reports.byHour")} money={money} />
          <ExportLink table="hourly" search={search} />
        </div>
      </div>
      <div className="report-grid">
        <SliceTable
          title={t("reports.byChannel")}
          column={t("reports.channel")}
          names={channel}
          rows={r.byChannel}
          money={money}
          table="channels"
          search={search}
          empty={t("reports.noSales")}
        />
        <section className="report-table" aria-label={t("reports.byPayment")}>
          <header>
            <h3>{t("reports.byPayment")}</h3>
            <ExportLink table="payments" search={search} />
          </header>
          {r.byPayment.length === 0 ? (
            <p className="empty">{t("reports.noPayments")}</p>
          ) : (
            <div className="table-scroll" tabIndex={0}>
              <table>
                <thead>
                  <tr>
                    <th>{t("reports.col.method")}</th>
                    <th className="num">{t("reports.col.payments")}</th>
                    <th className="num">{t("reports.col.amount")}</th>
                  </tr>
                </thead>
                <tbody>
                  {r.byPayment.map((p) => (
                    <tr key={p.key}>
                      <td>{tender(p.key, p.label)}</td>
                      <td className="num">{p.payments}</td>
                      <td className="num">{money(p.amount)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
        <SliceTable
          title={t("reports.byLocation")}
          column={t("reports.location")}
          rows={r.byLocation}
          money={money}
          table="locations"
          search={search}
          empty={t("reports.noSales")}
        />
        <SliceTable
          title={t("reports.byStaff")}
          column={t("reports.staffMember")}
          rows={r.byStaff}
          money={money}
          table="staff"
          search={search}
          empty={t("reports.noSales")}
        />
        <ProductsTable title={t("reports.top")} rows={r.topProducts} money={money} search={search} />
        <ProductsTable title={t("reports.slowest")} rows={r.bottomProducts} money={money} search={search} />
        <section className="report-table" aria-label={t("reports.lowStock")}>
          <header>
            <h3>{t("reports.lowStockNow")}</h3>
            <ExportLink table="low-stock" search={search} />
          </header>
          {r.lowStock.length === 0 ? (
            <p className="empty">{t("reports.noLowStock")}</p>
          ) : (
            <div className="table-scroll" tabIndex={0}>
              <table>
                <thead>
                  <tr>
                    <th>{t("reports.col.product")}</th>
                    <th>{t("reports.col.sku")}</th>
                    <th>{t("reports.col.location")}</th>
                    <th className="num">{t("reports.col.available")}</th>
                    <th className="num">{t("reports.col.alertAt")}</th>
                  </tr>
                </thead>
                <tbody>
                  {r.lowStock.map((s) => (
                    <tr key={`${s.sku}-${s.location}`}>
                      <td translate="no">{s.title}</td>
                      <td translate="no">{s.sku}</td>
                      <td translate="no">{s.location}</td>
                      <td className="num">{s.available}</td>
                      <td className="num">{s.threshold}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      </div>
      <p>
        <Link to="../stock">{t("reports.goToStock")}</Link>
      </p>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
