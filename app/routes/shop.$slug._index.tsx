import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { StatusBadge, stepLabel } from "../components/orders";
import { Badge, Banner, Button } from "../components/ui";
import { parseForm, readForm } from "../lib/forms";
import { translator, useFormat, useT, type WebKey } from "../lib/i18n";
import { redirectWithToast } from "../lib/toast.server";
import { load, toResponse } from "../lib/trpc.server";
import { idSchema } from "../../server/schemas/common";
import { transitionSchema } from "../../server/schemas/orders";
import { hasRole } from "../../server/schemas/roles";
import { SETUP_STEPS, compareSales } from "../components/overview";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: translator(data?.locale ?? "en")("office.today.title", { shop: data?.shop.name ?? "Nearshop" }) },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const shopSlug = params.slug ?? "";
  const [current, overview, board] = await load(request, () =>
    Promise.all([context.trpc.shops.current({ shopSlug }), context.trpc.shops.overview({ shopSlug }), context.trpc.orders.board({ shopSlug })]),
  );
  return { shop: current.shop, role: current.role, ...overview, board, now: new Date().toISOString(), locale: context.locale };
}

/** The one-click buttons beside a waiting order: the board's own transition. */
const moveForm = transitionSchema.pick({ to: true }).extend({ orderId: idSchema });

export async function action({ request, params, context }: ActionFunctionArgs) {
  const shopSlug = params.slug ?? "";
  const form = await readForm(request);
  try {
    const { orderId, to } = parseForm(form, moveForm, { beside: [] });
    const moved = await context.trpc.orders.transition({ shopSlug, orderId, to });
    const t = translator(context.locale);
    return redirectWithToast(`/shop/${shopSlug}`, t("orders.toast.moved", { number: moved.number, status: moved.status }));
  } catch (error) {
    return toResponse(error, request);
  }
}

/** The waiting orders, grouped as the board groups them. */
const GROUPS: readonly { title: WebKey; statuses: readonly string[] }[] = [
  { title: "office.today.groupNew", statuses: ["paid", "confirmed"] },
  { title: "office.today.groupPreparing", statuses: ["preparing"] },
  { title: "office.today.groupReady", statuses: ["ready_for_pickup", "out_for_delivery"] },
];

export default function ShopToday() {
  const { shop, role, sales, checklist, lowStock, notifications, board, now } = useLoaderData<typeof loader>();
  const t = useT();
  const f = useFormat();
  const money = (n: number) => f.money(n, shop.currency);
  const base = `/shop/${shop.slug}`;
  const manager = hasRole(role, "manager");
  const setupLeft = checklist?.filter((s) => !s.done).length ?? 0;
  const waiting = board.length;
  return (
    <>
      <div className="page-head">
        <div>
          <h1 translate="no">{shop.name}</h1>
          <p className="muted">{t("office.today.dateLine", { date: f.date(now, shop.timezone), zone: shop.timezone })}</p>
        </div>
        <p className="actions">
          <Link to={`${base}/pos`} className="button">
            {t("office.today.openTill")}
          </Link>
          {manager ? (
            <Link to={`${base}/reports`} className="button secondary">
              {t("office.nav.reports")}
            </Link>
          ) : null}
        </p>
      </div>
      {shop.status !== "active" ? <Banner tone="danger">{t("office.today.suspended")}</Banner> : null}

      {checklist && setupLeft > 0 ? (
        <section className="card setup" aria-labelledby="setup-title">
          <h2 id="setup-title">
            {t("office.setup.title")}{" "}
            <small className="muted">{t("office.setup.progress", { done: checklist.length - setupLeft, total: checklist.length })}</small>
          </h2>
          <progress max={checklist.length} value={checklist.length - setupLeft} aria-label={t("office.setup.progressLabel")} />
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
                      {t(step.label)} <span className="sr-only">{t("office.setup.done")}</span>
                    </span>
                  ) : (
                    <>
                      <Link to={`${base}/${step.path}`}>{t(step.label)}</Link> <small className="muted">{t(step.hint)}</small>
                    </>
                  )}
                </li>
              );
            })}
          </ol>
        </section>
      ) : null}

      <div className="overview-grid">
        {sales ? <SalesCard sales={sales} money={money} weekday={weekday(now, shop.timezone, f.locale)} /> : null}

        <section className="card" aria-labelledby="waiting-title">
          <h2 id="waiting-title">
            {t("office.today.waiting")} <Badge tone={waiting ? "warning" : "neutral"}>{waiting}</Badge>
          </h2>
          {waiting === 0 ? <p className="muted">{t("office.today.noneWaiting")}</p> : null}
          {GROUPS.map((g) => {
            const orders = board.filter((o) => g.statuses.includes(o.status));
            if (orders.length === 0) return null;
            return (
              <div key={g.title} className="waiting-group">
                <h3>
                  {t(g.title)} ({orders.length})
                </h3>
                <ul className="waiting">
                  {orders.slice(0, 8).map((o) => (
                    <li key={o.id} aria-label={t("orders.label.order", { number: o.number })}>
                      <div>
                        <Link to={`${base}/orders/${o.id}`}>#{o.number}</Link> <span translate="no">{o.contactName}</span> · {money(o.total)}{" "}
                        <StatusBadge status={o.status} />
                        <br />
                        <small className="muted">
                          {o.fulfilment === "delivery" ? (
                            t("orders.fulfilment.delivery")
                          ) : (
                            <>
                              {t("orders.fulfilment.pickup")} · <span translate="no">{o.location.name}</span>
                            </>
                          )}{" "}
                          · {f.dateTime(o.createdAt, shop.timezone)}
                        </small>
                        {o.note ? (
                          <small className="order-note">
                            {" "}
                            · “<span translate="no">{o.note}</span>”
                          </small>
                        ) : null}
                      </div>
                      <div className="row">
                        {o.next
                          .filter((to) => to !== "cancelled" && !(to === "completed" && o.paid < o.total))
                          .map((to) => (
                            <Form key={to} method="post">
                              <input type="hidden" name="orderId" value={o.id} />
                              <input type="hidden" name="to" value={to} />
                              <Button variant="secondary" match={{ orderId: o.id, to }} pendingLabel="…">
                                {stepLabel(t, to)}
                              </Button>
                            </Form>
                          ))}
                        {o.next.includes("completed") && o.paid < o.total ? <Link to={`${base}/orders/${o.id}`}>{t("office.today.takePayment")}</Link> : null}
                      </div>
                    </li>
                  ))}
                </ul>
                {orders.length > 8 ? <Link to={`${base}/orders`}>{t("office.today.allOnBoard", { count: orders.length })}</Link> : null}
              </div>
            );
          })}
        </section>

        <section className="card" aria-labelledby="low-title">
          <h2 id="low-title">
            {t("office.today.lowStock")} <Badge tone={lowStock.length ? "warning" : "neutral"}>{lowStock.length}</Badge>
          </h2>
          {lowStock.length === 0 ? (
            <p className="muted">{t("office.today.noLowStock")}</p>
          ) : (
            <ul className="plain-list">
              {lowStock.map((r) => (
                <li key={`${r.sku}-${r.location}`}>
                  <Link to={`${base}/stock?q=${encodeURIComponent(r.sku)}`} translate="no">
                    {r.title}
                  </Link>{" "}
                  <small className="muted" translate="no">
                    {r.sku}
                  </small>{" "}
                  ·{" "}
                  {t.rich("office.today.leftAt", {
                    count: r.available,
                    strong: (chunks) => <strong>{chunks}</strong>,
                    location: <span translate="no">{r.location}</span>,
                  })}{" "}
                  <small className="muted">{t("office.today.alertAt", { threshold: r.threshold })}</small>
                </li>
              ))}
            </ul>
          )}
          <Link to={`${base}/stock?stock=low`}>{t("office.today.stockPage")}</Link>
        </section>

        <section className="card" aria-labelledby="unread-title">
          <h2 id="unread-title">
            {t("office.today.unread")} <Badge tone={notifications.length ? "info" : "neutral"}>{notifications.length}</Badge>
          </h2>
          {notifications.length === 0 ? (
            <p className="muted">{t("office.today.upToDate")}</p>
          ) : (
            <ul className="plain-list">
              {notifications.map((n) => (
                <li key={n.id}>
                  <strong>{n.title}</strong> <small className="muted">{f.dateTime(n.createdAt, shop.timezone)}</small>
                  <br />
                  {n.body}
                </li>
              ))}
            </ul>
          )}
          <Link to={`${base}/notifications`}>{t("office.today.allNotifications")}</Link>
        </section>
      </div>
    </>
  );
}

/** Today's weekday in the shop's zone, as the page's language writes it (last week's is the same day). */
function weekday(now: string, timeZone: string, locale: string): string {
  return new Intl.DateTimeFormat(locale === "fr" ? "fr-FR" : "en-GB", { weekday: "long", timeZone }).format(new Date(now));
}

function SalesCard({
  sales,
  money,
  weekday,
}: {
  sales: NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["sales"]>;
  money: (n: number) => string;
  weekday: string;
}) {
  const t = useT();
  const change = compareSales(sales.today.revenueByNow, sales.lastWeek.revenueByNow);
  return (
    <section className="card sales-today" aria-labelledby="sales-title">
      <h2 id="sales-title">{t("office.sales.title")}</h2>
      <p className="big-number" data-testid="sales-today">
        {money(sales.today.revenue)}
      </p>
      <p>
        {t("office.sales.count", { count: sales.today.orders })}
        {sales.today.refunds ? <> · {t("office.sales.refunded", { amount: money(sales.today.refunds) })}</> : null}
      </p>
      <p data-testid="sales-compare">
        {change === null ? (
          <>{t("office.sales.noCompare", { weekday })}</>
        ) : (
          <>
            <span className={change >= 0 ? "up" : "down"}>
              <span aria-hidden="true">{change >= 0 ? "▲" : "▼"}</span> {change >= 0 ? "+" : "−"}
              {Math.abs(change)}%
            </span>{" "}
            {t("office.sales.against", { weekday, amount: money(sales.lastWeek.revenueByNow) })}
          </>
        )}
      </p>
      <p className="muted">{t("office.sales.lastWeek", { weekday, amount: money(sales.lastWeek.revenue), count: sales.lastWeek.orders })}</p>
      <small className="hint">{t("office.sales.hint")}</small>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
