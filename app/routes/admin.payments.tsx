import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { CommissionTable, DisputesTable, PlanForm, PlansTable, RateForm, RatesTable, RestrictedTable } from "../components/admin-payments";
import { FormError, Select } from "../components/ui";
import { keepValues, parseForm, readForm } from "../lib/forms";
import { redirectWithToast } from "../lib/toast.server";
import { load, toResponse } from "../lib/trpc.server";
import { requireParams, wholeNumberParam } from "../lib/url-params";
import { currencySchema, idSchema, optionalText } from "../../server/schemas/common";
import { commissionRateForm, shopIdSchema, shopPlanForm } from "../../server/schemas/payments";

export const meta: MetaFunction = () => [{ title: "Payments across shops · Nearshop" }];

/** The plan form's fields that show their own message; the hidden shop id's is said at the top. */
const PLAN_FIELDS = ["percentBp", "fixed", "refundsReturnFee", "note"];
const MONTHS = ["1", "3", "6", "12", "24"] as const;

const pageParams = z.object({
  months: wholeNumberParam("Months", 1, 24).default(6),
  /** A shop search for the plan form. */
  q: optionalText(100, "Shop search"),
  /** The shop whose plan the form edits. */
  plan: idSchema.optional(),
  /** The currency whose default the form edits. */
  rate: currencySchema.optional(),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  // Anyone but a platform admin gets 404 (the procedures say NOT_FOUND).
  if (!context.user) throw new Response("Not found", { status: 404 });
  const { months, q, plan, rate } = requireParams(request, pageParams, { plan: "Shop", rate: "Currency" });
  return load(request, async () => {
    const [payments, found, planShop] = await Promise.all([
      context.trpc.admin.payments({ months }),
      q ? context.trpc.admin.shops({ q }) : Promise.resolve(null),
      plan ? context.trpc.admin.shop({ shopId: plan }) : Promise.resolve(null),
    ]);
    return { months, payments, found: found ? found.shops.slice(0, 10) : null, planShop, rate: rate ?? null };
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const back = (query = "") => `/admin/payments${query}`;
  try {
    switch (form.get("intent")) {
      case "rate": {
        const input = parseForm(form, commissionRateForm, { beside: ["currency", "percentBp", "fixed"] });
        await context.trpc.admin.setCommissionRate(input);
        return redirectWithToast(back("#defaults"), `The platform's default for ${input.currency} is saved: it applies to the next card payments.`);
      }
      case "plan": {
        const { shopId } = parseForm(form, shopIdSchema, { beside: [] });
        const shop = await context.trpc.admin.shop({ shopId });
        const input = parseForm(form, shopPlanForm(shop.currency), { beside: PLAN_FIELDS });
        await context.trpc.admin.setShopPlan(input);
        return redirectWithToast(back("#plans"), `${shop.name}'s plan is saved: it applies to its next card payments.`);
      }
      case "clear-plan": {
        const { shopId } = parseForm(form, shopIdSchema, { beside: [] });
        const shop = await context.trpc.admin.shop({ shopId });
        await context.trpc.admin.clearShopPlan({ shopId });
        return redirectWithToast(back("#plans"), `${shop.name} is back on the platform's default commission.`);
      }
      default:
        // Not UNKNOWN_INTENT.message: zod rewrites that shared object's `message` into `error` once a schema is built with it.
        return data({ formError: "Unknown action: reload the page and try again.", values: keepValues(form) }, { status: 400 });
    }
  } catch (error) {
    return toResponse(error, request, keepValues(form));
  }
}

/** Platform admins: commission earned, accounts Stripe restricts, disputes across shops, and the commission settings. */
export default function AdminPayments() {
  const { months, payments, found, planShop, rate } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const [params] = useSearchParams();
  const failureFor = (intent: string) => (failure && "values" in failure && failure.values?.intent === intent ? failure : undefined);
  // A refusal of no form on the page (clearing a plan, an unknown action) is said at the top.
  const elsewhere = failure && !failureFor("rate") && !failureFor("plan") ? failure : undefined;
  const editingRate = payments.rates.find((r) => r.currency === rate) ?? null;
  const planOf = planShop ? (payments.plans.find((p) => p.shop.id === planShop.id) ?? null) : null;
  return (
    <main>
      <h1>Payments across shops</h1>
      <FormError failure={elsewhere} />
      <p>
        <Link to="/admin">Shops</Link> · <Link to="/admin/reports">Platform report</Link> · <a href="/admin/jobs">Background jobs (Bull board)</a>
      </p>

      <section aria-labelledby="commission">
        <h2 id="commission">Commission earned</h2>
        <Form method="get" className="inline-form" aria-label="Period">
          <Select
            label="Months"
            name="months"
            defaultValue={String(months)}
            options={MONTHS.map((m) => ({ value: m, label: m === "1" ? "This month" : `The last ${m} months` }))}
          />
          <button type="submit" className="secondary">
            Show
          </button>
        </Form>
        <CommissionTable rows={payments.commission} months={months} />
      </section>

      <section aria-labelledby="restricted">
        <h2 id="restricted">Accounts that need attention</h2>
        <RestrictedTable rows={payments.restricted} />
      </section>

      <section aria-labelledby="disputes">
        <h2 id="disputes">Open disputes</h2>
        <DisputesTable rows={payments.disputes} />
      </section>

      <section aria-labelledby="defaults">
        <h2 id="defaults">Platform default commission</h2>
        <p className="muted">Charged on every card payment of a shop without its own plan, in the shop's currency. Refunds return it in proportion.</p>
        <RatesTable rows={payments.rates} params={params} />
        <RateForm failure={failureFor("rate")} editing={editingRate} />
      </section>

      <section aria-labelledby="plans">
        <h2 id="plans">Shop plans</h2>
        <PlansTable rows={payments.plans} params={params} />
        <h3 id="plan-form">Set a shop's plan</h3>
        <Form method="get" className="inline-form" aria-label="Shop search" action="#plan-form">
          <input type="hidden" name="months" value={months} />
          <div className="field">
            <label htmlFor="f-shop-search">Find a shop</label>
            <input id="f-shop-search" type="search" name="q" defaultValue={params.get("q") ?? ""} placeholder="Name or address" maxLength={100} />
          </div>
          <button type="submit" className="secondary">
            Search
          </button>
        </Form>
        {found ? (
          found.length === 0 ? (
            <p className="empty">No shop matches “{params.get("q")}”.</p>
          ) : (
            <ul aria-label="Shops found">
              {found.map((s) => (
                <li key={s.id}>
                  {s.name} <small className="muted">/shop/{s.slug}</small> ·{" "}
                  <Link to={`?${new URLSearchParams({ months: String(months), q: params.get("q") ?? "", plan: s.id })}#plan-form`}>Set {s.name}'s plan</Link>
                </li>
              ))}
            </ul>
          )
        ) : null}
        {planShop ? <PlanForm key={planShop.id} shop={planShop} plan={planOf} failure={failureFor("plan")} /> : null}
      </section>
    </main>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
