import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useParams, useRouteLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { StatusBadge } from "../components/orders";
import { readForm } from "../lib/forms";
import { formatShopDate, formatShopTime } from "../lib/time";
import { load, toResponse } from "../lib/trpc.server";
import { requireParams } from "../lib/url-params";
import { useShopTimeZone } from "../lib/use-shop-time-zone";
import { formatMoney } from "../../server/schemas/money";
import { hasRole } from "../../server/schemas/roles";
import { payoutIdSchema } from "../../server/schemas/payments";
import type { loader as shopLoader } from "./shop.$slug";

export const meta: MetaFunction = () => [{ title: "Card payments · Nearshop" }];

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
    return { account, money, disputes, rec, payout: payout ? { id: payout, lines: settled ?? [] } : null };
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

const pct = (bp: number) => `${(bp / 100).toLocaleString("en-GB", { maximumFractionDigits: 2 })} %`;

/** The shop's card money: its Stripe account, the commission, balance, payouts, disputes and reconciliation. */
export default function Payments() {
  const { account, money, disputes, rec, payout } = useLoaderData<typeof loader>();
  const slug = useParams().slug ?? "";
  const zone = useShopTimeZone();
  const role = useRouteLoaderData<typeof shopLoader>("routes/shop.$slug")?.role ?? "cashier";
  const [params] = useSearchParams();
  const m = (n: number, c = account.currency) => formatMoney(n, c);
  const open = disputes.filter((d) => !d.closedAt);
  return (
    <>
      <h1>Card payments</h1>
      {!account.configured ? (
        <p className="empty">
          Card payments are not available on this platform yet. Customers can pay at pickup, and you can take cards at the counter with your own terminal.
        </p>
      ) : (
        <>
          <section aria-labelledby="account">
            <h2 id="account">Your Stripe account</h2>
            {params.get("link") === "expired" ? (
              <p className="notice" role="note">
                The Stripe link expired before you finished. Continue where you left off:
              </p>
            ) : null}
            <p>
              <strong>{account.headline}</strong>
            </p>
            {account.lines.length ? (
              <ul>
                {account.lines.map((l) => (
                  <li key={l}>{l}</li>
                ))}
              </ul>
            ) : null}
            {account.due.length ? (
              <p>
                Stripe still needs: {account.due.join(", ")}
                {account.deadline ? `, by ${formatShopDate(account.deadline, zone)}` : ""}.
              </p>
            ) : null}
            {hasRole(role, "owner") && account.status !== "active" ? (
              <Form method="post">
                <input type="hidden" name="intent" value="connect" />
                <button type="submit">{account.status === "not_connected" ? "Connect with Stripe" : "Continue with Stripe"}</button>
              </Form>
            ) : account.status !== "active" ? (
              <p className="hint">Only the shop's owner can connect its Stripe account.</p>
            ) : null}
          </section>

          <section aria-labelledby="commission">
            <h2 id="commission">Nearshop's commission</h2>
            <p>
              {account.plan.source === "none"
                ? "No commission is taken on card payments."
                : `${pct(account.plan.percentBp)} + ${m(account.plan.fixed)} of each card payment`}
              {account.plan.source === "shop" ? " (your shop's own plan)" : account.plan.source === "platform" ? " (the platform's standard rate)" : ""}, kept
              by Stripe as an application fee when the customer pays.{" "}
              {account.plan.refundsReturnFee
                ? "When you refund, the commission on the refunded part comes back to you."
                : "Refunds do not return the commission."}{" "}
              Stripe's own processing fee is separate, taken from your Stripe balance.
            </p>
          </section>

          {money ? (
            <section aria-labelledby="balance">
              <h2 id="balance">Balance</h2>
              <p>
                Available: {money.available.length ? money.available.map((b) => m(b.amount, b.currency)).join(", ") : m(0)} · Pending:{" "}
                {money.pending.length ? money.pending.map((b) => m(b.amount, b.currency)).join(", ") : m(0)}
              </p>
              <h2 id="payouts">Payouts</h2>
              {money.payouts.length === 0 ? (
                <p className="empty">No payouts yet.</p>
              ) : (
                <div className="table-scroll">
                  <table>
                    <thead>
                      <tr>
                        <th>Created</th>
                        <th>Arrives</th>
                        <th>Status</th>
                        <th className="num">Amount</th>
                        <th>Orders</th>
                      </tr>
                    </thead>
                    <tbody>
                      {money.payouts.map((p) => (
                        <tr key={p.id}>
                          <td>{formatShopTime(p.created, zone)}</td>
                          <td>{formatShopDate(p.arrivalDate, zone)}</td>
                          <td>
                            <span className="badge">{p.status}</span>
                            {p.failure ? ` ${p.failure}` : ""}
                          </td>
                          <td className="num">{m(p.amount, p.currency)}</td>
                          <td>
                            <Link to={`?payout=${p.id}#payout`}>What it settled</Link> · <a href={`/shop/${slug}/payments/payouts/${p.id}.csv`}>CSV</a>
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
              {payout ? (
                <>
                  <h3 id="payout">Payout {payout.id}</h3>
                  <div className="table-scroll">
                    <table>
                      <thead>
                        <tr>
                          <th>Date</th>
                          <th>Kind</th>
                          <th>Order</th>
                          <th className="num">Amount</th>
                          <th className="num">Fees</th>
                          <th className="num">Net</th>
                        </tr>
                      </thead>
                      <tbody>
                        {payout.lines.map((l) => (
                          <tr key={l.id}>
                            <td>{formatShopTime(l.created, zone)}</td>
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
            <h2 id="disputes">Disputes</h2>
            {disputes.length === 0 ? (
              <p className="empty">No disputes.</p>
            ) : (
              <>
                <p>
                  {open.length
                    ? `${open.length} open: answer each in your Stripe dashboard before its deadline, or the money stays with the customer.`
                    : "None open."}
                </p>
                <div className="table-scroll">
                  <table>
                    <thead>
                      <tr>
                        <th>Opened</th>
                        <th>Order</th>
                        <th>Reason</th>
                        <th>Status</th>
                        <th>Respond by</th>
                        <th className="num">Amount</th>
                      </tr>
                    </thead>
                    <tbody>
                      {disputes.map((d) => (
                        <tr key={d.id}>
                          <td>{formatShopTime(d.createdAt, zone)}</td>
                          <td>{d.orderId ? <Link to={`/shop/${slug}/orders/${d.orderId}`}>Order</Link> : "payment not recorded yet"}</td>
                          <td>{d.reason.replace(/_/g, " ")}</td>
                          <td>
                            <span className="badge">{d.status.replace(/_/g, " ")}</span>
                          </td>
                          <td>{d.closedAt ? "closed" : d.dueBy ? formatShopTime(d.dueBy, zone) : "—"}</td>
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
            <h2 id="reconciliation">Reconciliation</h2>
            <p>Checked the last {rec.checked} card orders against Stripe.</p>
            {rec.mismatches.length === 0 ? (
              <p className="empty">Everything agrees.</p>
            ) : (
              <div className="table-scroll">
                <table>
                  <thead>
                    <tr>
                      <th>Order</th>
                      <th>Status</th>
                      <th className="num">Total</th>
                      <th>What disagrees</th>
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
                          {x.problems.join("; ")} (Stripe session {x.stripe.sessionStatus}, {x.stripe.paymentStatus})
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            {rec.duplicates.length ? (
              <>
                <h3>Second payments for one order</h3>
                <ul>
                  {rec.duplicates.map((d) => (
                    <li key={d.id}>
                      <Link to={`/shop/${slug}/orders/${d.orderId}`}>Order</Link>: {m(d.amount, d.currency)} paid twice on {formatShopTime(d.createdAt, zone)},
                      refunded automatically ({d.refundStatus ?? "refund being sent"})
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
