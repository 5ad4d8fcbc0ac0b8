import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useParams, useRouteLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { StatusBadge } from "../components/orders";
import { readForm } from "../lib/forms";
import { translator, useFormat, useT, type WebKey } from "../lib/i18n";
import { load, toResponse } from "../lib/trpc.server";
import { requireParams } from "../lib/url-params";
import { useShopTimeZone } from "../lib/use-shop-time-zone";
import { hasRole } from "../../server/schemas/roles";
import { payoutIdSchema } from "../../server/schemas/payments";
import type { loader as shopLoader } from "./shop.$slug";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: translator(data?.locale ?? "en")("payments.meta") }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const shopSlug = params.slug ?? "";
  const { payout } = requireParams(request, z.object({ payout: payoutIdSchema.shape.payoutId.optional() }), { payout: "Payout" });
  return load(request, async () => {
    const [account, money, disputes, rec, settled] = await Promise.all([
      context.trpc.payments.account({ shopSlug }),
      context.trpc.payments.balance({ shopSlug }),
      context.trpc.payments.disputes({ shopSlug }),
      context.trpc.orders.reconciliation({ shopSlug }),
      payout ? context.trpc.payments.payout({ shopSlug, payoutId: payout }) : Promise.resolve(null),
    ]);
    return { account, money, disputes, rec, payout: payout ? { id: payout, lines: settled ?? [] } : null, locale: context.locale };
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  try {
    if (form.get("intent") !== "connect") throw new Response("Unknown action", { status: 400 });
    const { url } = await context.trpc.payments.connect({ shopSlug: params.slug ?? "" });
    return redirect(url);
  } catch (error) {
    return toResponse(error, request);
  }
}

type AccountStatus = "not_connected" | "incomplete" | "restricted" | "active";
const HEADLINES: Record<AccountStatus, WebKey> = {
  not_connected: "payments.headline.not_connected",
  incomplete: "payments.headline.incomplete",
  restricted: "payments.headline.restricted",
  active: "payments.headline.active",
};
/** The account's state lines as server/services/payments/account-state.ts writes them, each to its catalogue key. */
const ACCOUNT_LINES: Record<string, WebKey> = {
  "Details submitted to Stripe.": "payments.line.submitted",
  "Details not submitted to Stripe yet.": "payments.line.notSubmitted",
  "Card payments: on. Customers can pay by card.": "payments.line.chargesOn",
  "Card payments: off. Customers are not offered card payment.": "payments.line.chargesOff",
  "Payouts: on. Stripe pays your balance into your bank account.": "payments.line.payoutsOn",
  "Payouts: off. Stripe holds your balance until it has what it needs.": "payments.line.payoutsOff",
};

/** The shop's card money: its Stripe account, the commission, balance, payouts, disputes and reconciliation. */
export default function Payments() {
  const { account, money, disputes, rec, payout } = useLoaderData<typeof loader>();
  const slug = useParams().slug ?? "";
  const zone = useShopTimeZone();
  const role = useRouteLoaderData<typeof shopLoader>("routes/shop.$slug")?.role ?? "cashier";
  const [params] = useSearchParams();
  const t = useT();
  const f = useFormat();
  const m = (n: number, c = account.currency) => f.money(n, c);
  const pct = (bp: number) => `${f.number(bp / 100)} %`;
  const open = disputes.filter((d) => !d.closedAt);
  const lineKey = (l: string) => ACCOUNT_LINES[l];
  return (
    <>
      <h1>{t("payments.title")}</h1>
      {!account.configured ? (
        <p className="empty">{t("payments.notAvailable")}</p>
      ) : (
        <>
          <section aria-labelledby="account">
            <h2 id="account">{t("payments.account")}</h2>
            {params.get("link") === "expired" ? (
              <p className="notice" role="note">
                {t("payments.linkExpired")}
              </p>
            ) : null}
            <p>
              <strong>{t(HEADLINES[account.status])}</strong>
            </p>
            {account.lines.length ? (
              <ul>
                {account.lines.map((l) => {
                  const key = lineKey(l);
                  return <li key={l}>{key ? t(key) : l}</li>;
                })}
              </ul>
            ) : null}
            {account.due.length ? (
              <p>
                {account.deadline
                  ? t("payments.dueBy", { fields: account.due.join(", "), date: f.date(account.deadline, zone) })
                  : t("payments.due", { fields: account.due.join(", ") })}
              </p>
            ) : null}
            {hasRole(role, "owner") && account.status !== "active" ? (
              <Form method="post">
                <input type="hidden" name="intent" value="connect" />
                <button type="submit">{account.status === "not_connected" ? t("payments.connect") : t("payments.continue")}</button>
              </Form>
            ) : account.status !== "active" ? (
              <p className="hint">{t("payments.ownerOnly")}</p>
            ) : null}
          </section>

          <section aria-labelledby="commission">
            <h2 id="commission">{t("payments.commission")}</h2>
            <p>
              {account.plan.source === "none" ? (
                t("payments.commission.none")
              ) : (
                <>
                  {t("payments.commission.rate", { percent: pct(account.plan.percentBp), fixed: m(account.plan.fixed) })}{" "}
                  {t("payments.commission.source", { source: account.plan.source })}, {t("payments.commission.kept")}
                </>
              )}{" "}
              {account.plan.refundsReturnFee ? t("payments.commission.refundsReturn") : t("payments.commission.refundsKeep")}{" "}
              {t("payments.commission.stripeFee")}
            </p>
          </section>

          {money ? (
            <section aria-labelledby="balance">
              <h2 id="balance">{t("payments.balance")}</h2>
              <p>
                {t("payments.balance.line", {
                  available: money.available.length ? money.available.map((b) => m(b.amount, b.currency)).join(", ") : m(0),
                  pending: money.pending.length ? money.pending.map((b) => m(b.amount, b.currency)).join(", ") : m(0),
                })}
              </p>
              <h2 id="payouts">{t("payments.payouts")}</h2>
              {money.payouts.length === 0 ? (
                <p className="empty">{t("payments.payouts.none")}</p>
              ) : (
                <div className="table-scroll">
                  <table>
                    <thead>
                      <tr>
                        <th>{t("payments.col.created")}</th>
                        <th>{t("payments.col.arrives")}</th>
                        <th>{t("payments.col.status")}</th>
                        <th className="num">{t("payments.col.amount")}</th>
                        <th>{t("payments.col.orders")}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {money.payouts.map((p) => (
                        <tr key={p.id}>
                          <td>{f.dateTime(p.created, zone)}</td>
                          <td>{f.date(p.arrivalDate, zone)}</td>
                          <td>
                            <span className="badge">{p.status}</span>
                            {p.failure ? ` ${p.failure}` : ""}
                          </td>
                          <td className="num">{m(p.amount, p.currency)}</td>
                          <td>
                            <Link to={`?payout=${p.id}#payout`}>{t("payments.settled")}</Link> · <a href={`/shop/${slug}/payments/payouts/${p.id}.csv`}>CSV</a>
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
              {payout ? (
                <>
                  <h3 id="payout">{t("payments.payout", { id: payout.id })}</h3>
                  <div className="table-scroll">
                    <table>
                      <thead>
                        <tr>
                          <th>{t("payments.col.date")}</th>
                          <th>{t("payments.col.kind")}</th>
                          <th>{t("payments.col.order")}</th>
                          <th className="num">{t("payments.col.amount")}</th>
                          <th className="num">{t("payments.col.fees")}</th>
                          <th className="num">{t("payments.col.net")}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {payout.lines.map((l) => (
                          <tr key={l.id}>
                            <td>{f.dateTime(l.created, zone)}</td>
                            <td>{l.type.replace(/_/g, " ")}</td>
                            <td>{l.order ? <Link to={`/shop/${slug}/orders/${l.order.id}`}>#{l.order.number}</Link> : "—"}</td>
                            <td className="num">{m(l.amount, l.currency)}</td>
                            <td className="num">{m(l.fee, l.currency)}</td>
                            <td className="num">{m(l.net, l.currency)}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                </>
              ) : null}
            </section>
          ) : null}

          <section aria-labelledby="disputes">
            <h2 id="disputes">{t("payments.disputes")}</h2>
            {disputes.length === 0 ? (
              <p className="empty">{t("payments.disputes.none")}</p>
            ) : (
              <>
                <p>{open.length ? t("payments.disputes.open", { count: open.length }) : t("payments.disputes.noneOpen")}</p>
                <div className="table-scroll">
                  <table>
                    <thead>
                      <tr>
                        <th>{t("payments.col.opened")}</th>
                        <th>{t("payments.col.order")}</th>
                        <th>{t("payments.col.reason")}</th>
                        <th>{t("payments.col.status")}</th>
                        <th>{t("payments.col.respondBy")}</th>
                        <th className="num">{t("payments.col.amount")}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {disputes.map((d) => (
                        <tr key={d.id}>
                          <td>{f.dateTime(d.createdAt, zone)}</td>
                          <td>
                            {d.orderId ? <Link to={`/shop/${slug}/orders/${d.orderId}`}>{t("payments.col.order")}</Link> : t("payments.disputes.notRecorded")}
                          </td>
                          <td>{d.reason.replace(/_/g, " ")}</td>
                          <td>
                            <span className="badge">{d.status.replace(/_/g, " ")}</span>
                          </td>
                          <td>{d.closedAt ? t("payments.disputes.closed") : d.dueBy ? f.dateTime(d.dueBy, zone) : "—"}</td>
                          <td className="num">{m(d.amount, d.currency)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </>
            )}
          </section>

          <section aria-labelledby="reconciliation">
            <h2 id="reconciliation">{t("payments.reconciliation")}</h2>
            <p>{t("payments.reconciliation.checked", { count: rec.checked })}</p>
            {rec.mismatches.length === 0 ? (
              <p className="empty">{t("payments.reconciliation.agrees")}</p>
            ) : (
              <div className="table-scroll">
                <table>
                  <thead>
                    <tr>
                      <th>{t("payments.col.order")}</th>
                      <th>{t("payments.col.status")}</th>
                      <th className="num">{t("payments.col.total")}</th>
                      <th>{t("payments.col.disagrees")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {rec.mismatches.map((x) => (
                      <tr key={x.id}>
                        <td>
                          <Link to={`/shop/${slug}/orders/${x.id}`}>#{x.number}</Link>
                        </td>
                        <td>
                          <StatusBadge status={x.status} />
                        </td>
                        <td className="num">{m(x.total, x.currency)}</td>
                        <td>
                          {t("payments.reconciliation.session", {
                            problems: x.problems.join("; "),
                            session: x.stripe.sessionStatus ?? "",
                            payment: x.stripe.paymentStatus ?? "",
                          })}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            {rec.duplicates.length ? (
              <>
                <h3>{t("payments.duplicates")}</h3>
                <ul>
                  {rec.duplicates.map((d) => (
                    <li key={d.id}>
                      <Link to={`/shop/${slug}/orders/${d.orderId}`}>{t("payments.col.order")}</Link>:{" "}
                      {t("payments.duplicate", {
                        amount: m(d.amount, d.currency),
                        time: f.dateTime(d.createdAt, zone),
                        status: d.refundStatus ?? t("payments.duplicate.sending"),
                      })}
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
          </section>
        </>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
