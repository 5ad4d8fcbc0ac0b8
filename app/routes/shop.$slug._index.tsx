import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { StatusBadge, STEP_LABELS } from "../components/orders";
import { Badge, Banner, Button } from "../components/ui";
import { parseForm, readForm } from "../lib/forms";
import { formatMoney } from "../lib/money";
import { formatShopDate, formatShopTime } from "../lib/time";
import { redirectWithToast } from "../lib/toast.server";
import { load, toResponse } from "../lib/trpc.server";
import { idSchema } from "../../server/schemas/common";
import { transitionSchema } from "../../server/schemas/orders";
import { hasRole } from "../../server/schemas/roles";
import { STATUS_LABELS } from "../../server/services/orders/states";
import { SETUP_STEPS, compareSales } from "../components/overview";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.shop.name ?? "Shop"} · Today · Nearshop` }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const shopSlug = params.slug ?? "";
  const [current, overview, board] = await load(request, () =>
    Promise.all([context.trpc.shops.current({ shopSlug }), context.trpc.shops.overview({ shopSlug }), context.trpc.orders.board({ shopSlug })]),
  );
  return { shop: current.shop, role: current.role, ...overview, board, now: new Date().toISOString() };
}

/** The one-click buttons beside a waiting order: the board's own transition. */
const moveForm = transitionSchema.pick({ to: true }).extend({ orderId: idSchema });

export async function action({ request, params, context }: ActionFunctionArgs) {
  const shopSlug = params.slug ?? "";
  const form = await readForm(request);
  try {
    const { orderId, to } = parseForm(form, moveForm, { beside: [] });
    const moved = await context.trpc.orders.transition({ shopSlug, orderId, to });
    return redirectWithToast(`/shop/${shopSlug}`, `Order #${moved.number}: ${STATUS_LABELS[moved.status].toLowerCase()}.`);
  } catch (error) {
    return toResponse(error, request);
  }
}

/** The waiting orders, grouped as the board groups them. */
const GROUPS = [
  { title: "New", statuses: ["paid", "confirmed"] },
  { title: "Preparing", statuses: ["preparing"] },
  { title: "Ready / on its way", statuses: ["ready_for_pickup", "out_for_delivery"] },
] as const;

export default function ShopToday() {
  const { shop, role, sales, checklist, lowStock, notifications, board, now } = useLoaderData<typeof loader>();
  const money = (n: number) => formatMoney(n, shop.currency);
  const base = `/shop/${shop.slug}`;
  const manager = hasRole(role, "manager");
  const setupLeft = checklist?.filter((s) => !s.done).length ?? 0;
  const waiting = board.length;
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{shop.name}</h1>
          <p className="muted">
            Today, {formatShopDate(now, shop.timezone)} · times in {shop.timezone}
          </p>
        </div>
        <p className="actions">
          <Link to={`${base}/pos`} className="button">
            Open the till
          </Link>
          {manager ? (
            <Link to={`${base}/reports`} className="button secondary">
              Reports
            </Link>
          ) : null}
        </p>
      </div>
      {shop.status !== "active" ? <Banner tone="danger">This shop is suspended: customers cannot see it.</Banner> : null}

      {checklist && setupLeft > 0 ? (
        <section className="card setup" aria-labelledby="setup-title">
          <h2 id="setup-title">
            Set up your shop{" "}
            <small className="muted">
              {checklist.length - setupLeft} of {checklist.length} done
            </small>
          </h2>
          <progress max={checklist.length} value={checklist.length - setupLeft} aria-label="Setup progress" />
          <ol className="checklist">
            {checklist.map((s) => {
              const step = SETUP_STEPS[s.key];
              return (
                <li key={s.key} className={s.done ? "done" : undefined}>
                  <span aria-hidden="true" className="tick">
                    {s.done ? "✓" : "○"}
                  </span>{" "}
                  {s.done ? (
                    <span>
                      {step.label} <span className="sr-only">(done)</span>
                    </span>
                  ) : (
                    <>
                      <Link to={`${base}/${step.path}`}>{step.label}</Link> <small className="muted">{step.hint}</small>
                    </>
                  )}
                </li>
              );
            })}
          </ol>
        </section>
      ) : null}

      <div className="overview-grid">
        {sales ? <SalesCard sales={sales} money={money} /> : null}

        <section className="card" aria-labelledby="waiting-title">
          <h2 id="waiting-title">
            Orders waiting <Badge tone={waiting ? "warning" : "neutral"}>{waiting}</Badge>
          </h2>
          {waiting === 0 ? <p className="muted">No online order is waiting. New ones appear here and on the order board.</p> : null}
          {GROUPS.map((g) => {
            const orders = board.filter((o) => (g.statuses as readonly string[]).includes(o.status));
            if (orders.length === 0) return null;
            return (
              <div key={g.title} className="waiting-group">
                <h3>
                  {g.title} ({orders.length})
                </h3>
                <ul className="waiting">
                  {orders.slice(0, 8).map((o) => (
                    <li key={o.id} aria-label={`Order ${o.number}`}>
                      <div>
                        <Link to={`${base}/orders/${o.id}`}>#{o.number}</Link> {o.contactName} · {money(o.total)} <StatusBadge status={o.status} />
                        <br />
                        <small className="muted">
                          {o.fulfilment === "delivery" ? "Delivery" : `Pickup · ${o.location.name}`} · {formatShopTime(o.createdAt, shop.timezone)}
                        </small>
                        {o.note ? <small className="order-note"> · “{o.note}”</small> : null}
                      </div>
                      <div className="row">
                        {o.next
                          .filter((to) => to !== "cancelled" && !(to === "completed" && o.paid < o.total))
                          .map((to) => (
                            <Form key={to} method="post">
                              <input type="hidden" name="orderId" value={o.id} />
                              <input type="hidden" name="to" value={to} />
                              <Button variant="secondary" match={{ orderId: o.id, to }} pendingLabel="…">
                                {STEP_LABELS[to]}
                              </Button>
                            </Form>
                          ))}
                        {o.next.includes("completed") && o.paid < o.total ? <Link to={`${base}/orders/${o.id}`}>Take payment…</Link> : null}
                      </div>
                    </li>
                  ))}
                </ul>
                {orders.length > 8 ? <Link to={`${base}/orders`}>All {orders.length} on the order board</Link> : null}
              </div>
            );
          })}
        </section>

        <section className="card" aria-labelledby="low-title">
          <h2 id="low-title">
            Low stock <Badge tone={lowStock.length ? "warning" : "neutral"}>{lowStock.length}</Badge>
          </h2>
          {lowStock.length === 0 ? (
            <p className="muted">Nothing is at or below its low-stock level.</p>
          ) : (
            <ul className="plain-list">
              {lowStock.map((r) => (
                <li key={`${r.sku}-${r.location}`}>
                  <Link to={`${base}/stock?q=${encodeURIComponent(r.sku)}`}>{r.title}</Link> <small className="muted">{r.sku}</small> ·{" "}
                  <strong>{r.available}</strong> left at {r.location} <small className="muted">(alert at {r.threshold})</small>
                </li>
              ))}
            </ul>
          )}
          <Link to={`${base}/stock?stock=low`}>Stock page</Link>
        </section>

        <section className="card" aria-labelledby="unread-title">
          <h2 id="unread-title">
            Unread notifications <Badge tone={notifications.length ? "info" : "neutral"}>{notifications.length}</Badge>
          </h2>
          {notifications.length === 0 ? (
            <p className="muted">You are up to date.</p>
          ) : (
            <ul className="plain-list">
              {notifications.map((n) => (
                <li key={n.id}>
                  <strong>{n.title}</strong> <small className="muted">{formatShopTime(n.createdAt, shop.timezone)}</small>
                  <br />
                  {n.body}
                </li>
              ))}
            </ul>
          )}
          <Link to={`${base}/notifications`}>All notifications</Link>
        </section>
      </div>
    </>
  );
}

function SalesCard({ sales, money }: { sales: NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["sales"]>; money: (n: number) => string }) {
  const change = compareSales(sales.today.revenueByNow, sales.lastWeek.revenueByNow);
  return (
    <section className="card sales-today" aria-labelledby="sales-title">
      <h2 id="sales-title">Sales today</h2>
      <p className="big-number" data-testid="sales-today">
        {money(sales.today.revenue)}
      </p>
      <p>
        {sales.today.orders} {sales.today.orders === 1 ? "sale" : "sales"}
        {sales.today.refunds ? <> · {money(sales.today.refunds)} refunded</> : null}
      </p>
      <p data-testid="sales-compare">
        {change === null ? (
          <>No sales last {sales.weekday} by this hour.</>
        ) : (
          <>
            <span className={change >= 0 ? "up" : "down"}>
              <span aria-hidden="true">{change >= 0 ? "▲" : "▼"}</span> {change >= 0 ? "+" : "−"}
              {Math.abs(change)}%
            </span>{" "}
            against last {sales.weekday} by this hour ({money(sales.lastWeek.revenueByNow)})
          </>
        )}
      </p>
      <p className="muted">
        Last {sales.weekday}, all day: {money(sales.lastWeek.revenue)} from {sales.lastWeek.orders} {sales.lastWeek.orders === 1 ? "sale" : "sales"}.
      </p>
      <small className="hint">From the report figures, updated a few seconds after each sale.</small>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
