import { Form, Link } from "@remix-run/react";
import { Badge, Button, Checkbox, ConfirmButton, DataTable, Field, FormError, TextArea, type Failure } from "./ui";
import { formatShopTime } from "../lib/time";
import { formatMoney, fromMinor } from "../../server/schemas/money";
import type { platformPayments } from "../../server/services/payments/admin";

type Payments = Awaited<ReturnType<typeof platformPayments>>;
type Shop = { id: string; name: string; slug: string; currency: string };

const pct = (bp: number) => `${(bp / 100).toLocaleString("en-GB", { maximumFractionDigits: 2 })} %`;
const monthName = (month: string) => new Date(`${month}-01T00:00:00Z`).toLocaleDateString("en-GB", { month: "long", year: "numeric", timeZone: "UTC" });
const ShopName = ({ shop }: { shop: Shop }) => (
  <>
    {shop.name} <small className="muted">/shop/{shop.slug}</small>
  </>
);

/** Commission per shop per month, then the period's total in each currency. */
export function CommissionTable({ rows, months }: { rows: Payments["commission"]; months: number }) {
  const totals = new Map<string, number>();
  for (const r of rows) totals.set(r.currency, (totals.get(r.currency) ?? 0) + r.earned);
  return (
    <>
      <p>
        {months === 1 ? "This month" : `The last ${months} months`} (calendar months in UTC):{" "}
        {totals.size === 0
          ? "no commission earned."
          : `${[...totals].map(([currency, amount]) => formatMoney(amount, currency)).join(" + ")} earned after refunds.`}
      </p>
      <DataTable
        label="Commission earned per shop per month"
        rows={rows}
        rowKey={(r) => `${r.month}-${r.shop.id}-${r.currency}`}
        empty={<p>No card payments with a commission in this period.</p>}
        columns={[
          { header: "Month", cell: (r) => monthName(r.month) },
          { header: "Shop", cell: (r) => <ShopName shop={r.shop} /> },
          { header: "Card orders", numeric: true, cell: (r) => r.orders },
          { header: "Card payments", numeric: true, cell: (r) => formatMoney(r.gross, r.currency) },
          { header: "Commission charged", numeric: true, cell: (r) => formatMoney(r.fee, r.currency) },
          { header: "Returned with refunds", numeric: true, cell: (r) => formatMoney(r.feeRefunded, r.currency) },
          { header: "Earned", numeric: true, cell: (r) => <strong>{formatMoney(r.earned, r.currency)}</strong> },
        ]}
      />
    </>
  );
}

/** Shops whose Stripe accounts cannot take card payments or pay out, or owe Stripe information. */
export function RestrictedTable({ rows }: { rows: Payments["restricted"] }) {
  return (
    <DataTable
      label="Accounts that need attention"
      rows={rows}
      rowKey={(r) => r.accountId}
      empty={<p>Every connected account can take card payments and pay out, and Stripe needs nothing.</p>}
      columns={[
        { header: "Shop", cell: (r) => <ShopName shop={r.shop} /> },
        {
          header: "Card payments",
          cell: (r) => (r.chargesEnabled ? <Badge tone="success">on</Badge> : <Badge tone="danger">off</Badge>),
        },
        { header: "Payouts", cell: (r) => (r.payoutsEnabled ? <Badge tone="success">on</Badge> : <Badge tone="danger">off</Badge>) },
        { header: "Stripe needs", cell: (r) => (r.due.length ? r.due.join(", ") : "nothing listed yet") },
        { header: "By", cell: (r) => (r.deadline ? formatShopTime(r.deadline, r.shop.timezone) : "no deadline given") },
        { header: "Why", cell: (r) => (r.disabledReason ? r.disabledReason.replace(/[._]/g, " ") : "—") },
        { header: "Stripe account", cell: (r) => <code>{r.accountId}</code> },
      ]}
    />
  );
}

/** Open chargebacks across shops, the nearest deadline first. */
export function DisputesTable({ rows }: { rows: Payments["disputes"] }) {
  return (
    <DataTable
      label="Open disputes"
      rows={rows}
      rowKey={(r) => r.id}
      empty={<p>No open disputes.</p>}
      columns={[
        { header: "Shop", cell: (r) => <ShopName shop={r.shop} /> },
        { header: "Order", cell: (r) => (r.orderNumber ? `#${r.orderNumber}` : "payment not recorded yet") },
        { header: "Reason", cell: (r) => r.reason.replace(/_/g, " ") },
        { header: "Status", cell: (r) => <Badge tone="warning">{r.status.replace(/_/g, " ")}</Badge> },
        { header: "Respond by (shop's time)", cell: (r) => (r.dueBy ? formatShopTime(r.dueBy, r.shop.timezone) : "—") },
        { header: "Amount", numeric: true, cell: (r) => formatMoney(r.amount, r.currency) },
      ]}
    />
  );
}

export function RatesTable({ rows, params }: { rows: Payments["rates"]; params: URLSearchParams }) {
  const edit = (currency: string) => `?${new URLSearchParams({ ...Object.fromEntries(params), rate: currency })}#rate-form`;
  return (
    <DataTable
      label="Platform default commission per currency"
      rows={rows}
      rowKey={(r) => r.currency}
      empty={<p>No default set: shops without a plan pay no commission.</p>}
      columns={[
        { header: "Currency", cell: (r) => r.currency },
        { header: "Share of each payment", numeric: true, cell: (r) => pct(r.percentBp) },
        { header: "Fixed part", numeric: true, cell: (r) => formatMoney(r.fixed, r.currency) },
        { header: "Change", cell: (r) => <Link to={edit(r.currency)}>Edit {r.currency}</Link> },
      ]}
    />
  );
}

/** Sets the default for one currency (a new currency, or the one being edited). */
export function RateForm({ failure, editing }: { failure: Failure; editing: Payments["rates"][number] | null }) {
  return (
    <Form method="post" noValidate aria-labelledby="rate-form" key={editing?.currency ?? "new"}>
      <h3 id="rate-form">{editing ? `Change the default for ${editing.currency}` : "Set the default for a currency"}</h3>
      <input type="hidden" name="intent" value="rate" />
      <FormError failure={failure} />
      <div className="inline-form">
        <Field
          label="Currency"
          name="currency"
          id="f-rate-currency"
          failure={failure}
          defaultValue={editing?.currency ?? ""}
          placeholder="EUR"
          maxLength={3}
          autoCapitalize="characters"
          required
        />
        <Field
          label="Share of each payment (%)"
          name="percentBp"
          id="f-rate-percent"
          inputMode="decimal"
          failure={failure}
          defaultValue={editing ? String(editing.percentBp / 100) : ""}
          placeholder="2.5"
          required
        />
        <Field
          label="Fixed part (in that currency)"
          name="fixed"
          id="f-rate-fixed"
          inputMode="decimal"
          failure={failure}
          defaultValue={editing ? fromMinor(editing.fixed, editing.currency) : ""}
          placeholder="0.25"
          required
        />
        <Button pendingLabel="Saving…" match={{ intent: "rate" }}>
          Save the default
        </Button>
      </div>
    </Form>
  );
}

export function PlansTable({ rows, params }: { rows: Payments["plans"]; params: URLSearchParams }) {
  const edit = (shopId: string) => `?${new URLSearchParams({ ...Object.fromEntries(params), plan: shopId })}#plan-form`;
  return (
    <DataTable
      label="Shop plans"
      rows={rows}
      rowKey={(r) => r.shop.id}
      empty={<p>No shop has its own plan: every shop pays the default of its currency.</p>}
      columns={[
        { header: "Shop", cell: (r) => <ShopName shop={r.shop} /> },
        { header: "Commission", cell: (r) => `${pct(r.percentBp)} + ${formatMoney(r.fixed, r.shop.currency)}` },
        { header: "A refund returns it", cell: (r) => (r.refundsReturnFee ? "yes, in proportion" : "no, kept") },
        { header: "Note", cell: (r) => r.note || "—" },
        {
          header: "Change",
          cell: (r) => (
            <span className="actions">
              <Link to={edit(r.shop.id)}>Edit</Link>{" "}
              <Form method="post" className="inline">
                <input type="hidden" name="shopId" value={r.shop.id} />
                <ConfirmButton
                  name="intent"
                  value="clear-plan"
                  variant="link"
                  title={`Put ${r.shop.name} back on the default commission?`}
                  message="Its own plan is deleted; its next card payments pay the platform's default for its currency. Payments already made keep their commission."
                  confirmLabel="Clear the plan"
                >
                  Clear
                </ConfirmButton>
              </Form>
            </span>
          ),
        },
      ]}
    />
  );
}

/** One shop's own plan, in its currency. */
export function PlanForm({ shop, plan, failure }: { shop: Shop; plan: Payments["plans"][number] | null; failure: Failure }) {
  return (
    <Form method="post" noValidate aria-label={`${shop.name}'s plan`}>
      <h4>
        {shop.name}'s plan <small className="muted">(in {shop.currency})</small>
      </h4>
      <p className="muted">{plan ? "It replaces the platform default for this shop." : "This shop pays the platform default today."}</p>
      <input type="hidden" name="intent" value="plan" />
      <input type="hidden" name="shopId" value={shop.id} />
      <FormError failure={failure} />
      <div className="inline-form">
        <Field
          label="Share of each payment (%)"
          name="percentBp"
          id="f-plan-percent"
          inputMode="decimal"
          failure={failure}
          defaultValue={plan ? String(plan.percentBp / 100) : ""}
          placeholder="1.5"
          required
        />
        <Field
          label={`Fixed part (${shop.currency})`}
          name="fixed"
          id="f-plan-fixed"
          inputMode="decimal"
          failure={failure}
          defaultValue={plan ? fromMinor(plan.fixed, shop.currency) : ""}
          placeholder="0.20"
          required
        />
      </div>
      <Checkbox
        label="A refund returns the commission on the refunded part"
        name="refundsReturnFee"
        id="f-plan-refunds"
        failure={failure}
        defaultChecked={plan ? plan.refundsReturnFee : true}
      />
      <TextArea label="Note (why this plan)" name="note" id="f-plan-note" failure={failure} defaultValue={plan?.note ?? ""} maxLength={500} rows={2} />
      <Button pendingLabel="Saving…" match={{ intent: "plan" }}>
        Save {shop.name}'s plan
      </Button>
    </Form>
  );
}
