import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation, useParams } from "@remix-run/react";
import { TRPCError } from "@trpc/server";
import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from "recharts";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { load } from "../lib/trpc.server";
import { requireParams } from "../lib/url-params";
import { formatMoney } from "../../server/schemas/money";
import { periodSchema, type ExportTable } from "../../server/schemas/reports";

export const meta: MetaFunction = () => [{ title: "Reports · Nearshop" }];

const PERIOD_LABELS = { today: "Today", "7d": "Last 7 days", "30d": "Last 30 days", custom: "Custom" } as const;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const shopSlug = params.slug ?? "";
  // Field by field: an empty date is not set; the procedure checks the period as a whole.
  const input = requireParams(request, periodSchema);
  return load(request, async () => {
    try {
      return { input, error: null, report: await context.trpc.reports.dashboard({ shopSlug, ...input }) };
    } catch (error) {
      // A custom period that does not make sense: say why beside the form.
      if (error instanceof TRPCError && error.code === "BAD_REQUEST") return { input, error: error.message, report: null };
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
  if (before === 0) return <span className="change">{now === 0 ? "no change" : "new"}</span>;
  const pct = Math.round(((now - before) / before) * 100);
  const good = lowerIsBetter ? pct < 0 : pct > 0;
  const cls = pct === 0 ? "change" : good ? "change good" : "change bad";
  return (
    <span className={cls}>
      {pct > 0 ? "▲ +" : pct < 0 ? "▼ " : ""}
      {pct} %<span className="sr-only">{pct === 0 ? "" : good ? " (good)" : " (worse)"}</span>
    </span>
  );
}

function Tiles({ r }: { r: Report }) {
  const money = (n: number) => formatMoney(n, r.currency);
  const tiles = [
    { label: "Revenue", now: r.totals.revenue, before: r.previous.revenue, show: money },
    { label: "Orders", now: r.totals.orders, before: r.previous.orders, show: String },
    { label: "Average basket", now: r.totals.averageBasket, before: r.previous.averageBasket, show: money },
    { label: "Items sold", now: r.totals.items, before: r.previous.items, show: String },
    { label: "Refunds", now: r.totals.refunds, before: r.previous.refunds, show: money, lowerIsBetter: true },
  ];
  return (
    <ul className="tiles" aria-label="Totals">
      {tiles.map((t) => (
        <li key={t.label} aria-label={t.label}>
          <span className="tile-label">{t.label}</span>
          <strong className="tile-value">{t.show(t.now)}</strong>
          <small>
            <Change now={t.now} before={t.before} lowerIsBetter={t.lowerIsBetter} /> vs {t.show(t.before)} the{" "}
            {r.range.days === 1 ? "day" : `${r.range.days} days`} before
          </small>
        </li>
      ))}
    </ul>
  );
}

function ExportLink({ table, search }: { table: ExportTable; search: string }) {
  const slug = useParams().slug ?? "";
  return (
    <a className="export" href={`/shop/${slug}/reports/export/${table}${search}`} download>
      Export CSV
    </a>
  );
}

function SliceTable({
  title,
  rows,
  money,
  table,
  search,
  empty,
}: {
  title: string;
  rows: { key: string; label: string; revenue: number; orders: number }[];
  money: (n: number) => string;
  table: ExportTable;
  search: string;
  empty: string;
}) {
  const total = rows.reduce((a, r) => a + r.revenue, 0);
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
                <th>{title.replace(/^By /, "").replace(/^./, (c) => c.toUpperCase())}</th>
                <th className="num">Orders</th>
                <th className="num">Revenue</th>
                <th className="num">Share</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.key}>
                  <td>{r.label}</td>
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
  return (
    <section className="report-table" aria-label={title}>
      <header>
        <h3>{title}</h3>
        <ExportLink table="products" search={search} />
      </header>
      {rows.length === 0 ? (
        <p className="empty">Nothing sold in this period.</p>
      ) : (
        <div className="table-scroll" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th>Product</th>
                <th className="num">Units</th>
                <th className="num">Revenue</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((p) => (
                <tr key={p.productId}>
                  <td>{p.title}</td>
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
  return (
    <figure className="chart">
      <figcaption>{label}</figcaption>
      <div role="img" aria-label={`${label}: ${money(total)} in all`}>
        <BarChart width={CHART.width} height={CHART.height} data={data} margin={{ top: 8, right: 8, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey={x} tick={{ fontSize: 15 }} interval={every} />
          <YAxis tickFormatter={(v: number) => money(v).replace(/\.00$/, "")} tick={{ fontSize: 15 }} width={84} />
          <Tooltip formatter={(v) => money(Number(v))} />
          <Bar dataKey="revenue" name="Revenue" fill="#2f6f4f" isAnimationActive={false} />
        </BarChart>
      </div>
    </figure>
  );
}

export default function Reports() {
  const { input, error, report } = useLoaderData<typeof loader>();
  const busy = useNavigation().state === "loading";
  const search = `?${new URLSearchParams(Object.entries(input).filter(([, v]) => v) as [string, string][]).toString()}`;
  return (
    <>
      <h1>Reports</h1>
      <Form method="get" className="period-form" aria-label="Period">
        <label>
          Period{" "}
          <select name="period" defaultValue={input.period}>
            {Object.entries(PERIOD_LABELS).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
        </label>
        <label>
          From <input type="date" name="from" defaultValue={input.from ?? report?.range.from} />
        </label>
        <label>
          To <input type="date" name="to" defaultValue={input.to ?? report?.range.to} />
        </label>
        <button type="submit" disabled={busy}>
          {busy ? "Loading…" : "Show"}
        </button>
        <small className="hint">From and To apply to a custom period.</small>
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
  const money = (n: number) => formatMoney(n, r.currency);
  const short = (day: string) => day.slice(5);
  return (
    <>
      <p className="muted">
        {r.range.from === r.range.to ? r.range.from : `${r.range.from} to ${r.range.to}`} ({r.timezone}), compared with{" "}
        {r.range.previousFrom === r.range.previousTo ? r.range.previousFrom : `${r.range.previousFrom} to ${r.range.previousTo}`}. Figures include tax; orders
        awaiting card payment and cancelled orders are not counted.
      </p>
      <Tiles r={r} />
      <div className="charts">
        <div>
          <Bars data={r.byDay.map((d) => ({ ...d, label: short(d.day) }))} x="label" label="Sales by day" money={money} />
          <ExportLink table="daily" search={search} />
        </div>
        <div>
          <Bars data={r.byHour.map((h) => ({ ...h, label: `${String(h.hour).padStart(2, "0")}h` }))} x="label" label="Sales by hour of day" money={money} />
          <ExportLink table="hourly" search={search} />
        </div>
      </div>
      <div className="report-grid">
        <SliceTable title="By channel" rows={r.byChannel} money={money} table="channels" search={search} empty="No sales in this period." />
        <section className="report-table" aria-label="By payment method">
          <header>
            <h3>By payment method</h3>
            <ExportLink table="payments" search={search} />
          </header>
          {r.byPayment.length === 0 ? (
            <p className="empty">No payments taken in this period.</p>
          ) : (
            <div className="table-scroll" tabIndex={0}>
              <table>
                <thead>
                  <tr>
                    <th>Method</th>
                    <th className="num">Payments</th>
                    <th className="num">Amount</th>
                  </tr>
                </thead>
                <tbody>
                  {r.byPayment.map((p) => (
                    <tr key={p.key}>
                      <td>{p.label}</td>
                      <td className="num">{p.payments}</td>
                      <td className="num">{money(p.amount)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
        <SliceTable title="By location" rows={r.byLocation} money={money} table="locations" search={search} empty="No sales in this period." />
        <SliceTable title="By staff member" rows={r.byStaff} money={money} table="staff" search={search} empty="No sales in this period." />
        <ProductsTable title="Top products" rows={r.topProducts} money={money} search={search} />
        <ProductsTable title="Slowest sellers" rows={r.bottomProducts} money={money} search={search} />
        <section className="report-table" aria-label="Low stock">
          <header>
            <h3>Low stock now</h3>
            <ExportLink table="low-stock" search={search} />
          </header>
          {r.lowStock.length === 0 ? (
            <p className="empty">Nothing is at or below its low-stock level.</p>
          ) : (
            <div className="table-scroll" tabIndex={0}>
              <table>
                <thead>
                  <tr>
                    <th>Product</th>
                    <th>SKU</th>
                    <th>Location</th>
                    <th className="num">Available</th>
                    <th className="num">Alert at</th>
                  </tr>
                </thead>
                <tbody>
                  {r.lowStock.map((s) => (
                    <tr key={`${s.sku}-${s.location}`}>
                      <td>{s.title}</td>
                      <td>{s.sku}</td>
                      <td>{s.location}</td>
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
        <Link to="../stock">Go to stock</Link>
      </p>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
