// A local stand-in for the Stripe API endpoints Nearshop uses, for tests and
// offline development (Stripe's servers are out of reach here). It speaks
// Stripe's wire format: form-encoded requests with a Bearer secret key, the
// `Stripe-Account` header of Connect (each object belongs to one account;
// another account's id is "No such ..."), JSON objects and errors shaped
// like Stripe's, strict parameters (scripts/stripe-standin/specs.ts),
// Idempotency-Key replay and Stripe's error for a key reused with other
// parameters, and webhooks signed with Stripe's real scheme (the SDK's own
// signer): platform events to one endpoint, connected accounts' events
// (with `account`) to the Connect endpoint and its own secret. It serves a
// hosted Checkout page and a Connect onboarding page. Test helpers produce
// the states Stripe produces on its own (late webhooks, unpaid sessions,
// expiry, refunds pending / requiring action / failed, disputes, payouts).
//
//   node --import tsx scripts/stripe-standin.ts   (port 12111; STRIPE_STANDIN_WEBHOOK_URL, STRIPE_WEBHOOK_SECRET,
//                                                  STRIPE_STANDIN_CONNECT_WEBHOOK_URL, STRIPE_CONNECT_WEBHOOK_SECRET)
import http from "node:http";
import type { AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";
import Stripe from "stripe";
import { checkMetadata, checkParams, ParamError, parseStripeForm, type Obj, type Spec } from "./stripe-standin/params";
import * as specs from "./stripe-standin/specs";
import { checkoutPage, onboardingPage } from "./stripe-standin/pages";
import { STRIPE_MINIMUM_CHARGE } from "../server/services/payments/minimums";

/** No automatic payout: the account's available balance is not positive. */
export class NothingToPayOut extends Error {
  constructor(
    readonly account: string,
    readonly currency: string,
    readonly balance: number,
  ) {
    super(`No payout: ${account}'s available ${currency} balance is ${balance}; Stripe keeps a negative balance on the account until sales cover it.`);
  }
}

export { parseStripeForm } from "./stripe-standin/params";

const id = (prefix: string) => `${prefix}_test_${randomBytes(12).toString("hex")}`;
const now = () => Math.floor(Date.now() / 1000);
const DAY = 86_400;
/** Stripe's processing fee in the stand-in (an EEA card's 1.5 % + 0.25). */
const stripeFee = (amount: number) => Math.round(amount * 0.015) + 25;
const DISPUTE_FEE = 1500;

type Reply = { status: number; body: unknown };
type Owner = string | null; // a connected account's id, or null: the platform

export type StripeStandin = Awaited<ReturnType<typeof startStripeStandin>>;

export async function startStripeStandin(
  opts: { port?: number; webhookUrl?: string; webhookSecret?: string; connectWebhookUrl?: string; connectWebhookSecret?: string } = {},
) {
  const accounts = new Map<string, Obj>();
  const links = new Map<string, { account: string; refresh_url: string; return_url: string; expires_at: number; used: boolean }>();
  const sessions = new Map<string, Obj>();
  const intents = new Map<string, Obj>();
  const charges = new Map<string, Obj>();
  const refunds = new Map<string, Obj>();
  const fees = new Map<string, Obj>();
  const disputes = new Map<string, Obj>();
  const payouts = new Map<string, Obj>();
  const transactions = new Map<string, Obj>();
  const customers = new Map<string, Obj>();
  const paymentMethods = new Map<string, Obj>();
  const setupIntents = new Map<string, Obj>();
  /** What the next confirmed PaymentIntent does whatever its card (a charge declined for want of funds after an earlier one passed). */
  let nextChargeDeclined: string | null = null;
  /** Which account each object belongs to (null: the platform). */
  const owner = new Map<string, Owner>();
  /** Balance transaction id → the payout that settled it. */
  const settledBy = new Map<string, string>();
  const replies = new Map<string, { fingerprint: string; reply: Reply }>();
  const delivered: { type: string; status: number; account: string | null }[] = [];
  /** What the next refund created through the API turns into at once (Stripe's test cards do this). */
  let nextRefundStatus: "succeeded" | "pending" | "requires_action" | "failed" = "succeeded";
  let base = "";

  const put = (map: Map<string, Obj>, obj: Obj, account: Owner): Obj => {
    map.set(obj.id as string, obj);
    owner.set(obj.id as string, account);
    return obj;
  };
  const mine = (map: Map<string, Obj>, objId: string, account: Owner) => {
    const o = map.get(objId);
    return o && owner.get(objId) === account ? o : undefined;
  };
  const ownedBy = (map: Map<string, Obj>, account: Owner) => [...map.values()].filter((o) => owner.get(o.id as string) === account);

  function signed(payload: string, secret = opts.webhookSecret ?? "") {
    return Stripe.webhooks.generateTestHeaderString({ payload, secret });
  }

  /** An event as Stripe makes it; sent at once unless `send` is false (then `send(event)` later, in any order). */
  async function deliver(type: string, object: Obj, account: Owner = null, send = true) {
    const event = {
      id: id("evt"),
      object: "event",
      api_version: Stripe.API_VERSION,
      created: now(),
      livemode: false,
      type,
      ...(account ? { account } : {}),
      data: { object: structuredClone(object) },
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
    };
    if (send) await sendEvent(event);
    return event;
  }

  async function sendEvent(event: { type: string; account?: string }) {
    const url = event.account ? opts.connectWebhookUrl : opts.webhookUrl;
    const secret = event.account ? opts.connectWebhookSecret : opts.webhookSecret;
    if (!url) return;
    const payload = JSON.stringify(event);
    const res = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Stripe-Signature": signed(payload, secret ?? "") },
      body: payload,
    });
    delivered.push({ type: event.type, status: res.status, account: event.account ?? null });
  }

  function balanceTransaction(
    account: Owner,
    fields: {
      amount: number;
      currency: string;
      fee?: number;
      fee_details?: Obj[];
      type: string;
      source: string | null;
      description?: string;
      reporting_category: string;
      pending?: boolean;
    },
  ) {
    const fee = fields.fee ?? 0;
    return put(
      transactions,
      {
        id: id("txn"),
        object: "balance_transaction",
        amount: fields.amount,
        available_on: now() + (fields.pending ? 2 * DAY : 0),
        balance_type: "payments",
        created: now(),
        currency: fields.currency,
        description: fields.description ?? null,
        exchange_rate: null,
        fee,
        fee_details: fields.fee_details ?? [],
        net: fields.amount - fee,
        reporting_category: fields.reporting_category,
        source: fields.source,
        status: fields.pending ? "pending" : "available",
        type: fields.type,
      },
      account,
    );
  }

  // ---------------------------------------------------------------- money moves

  /** A card charge that succeeds on `account`: the charge, its balance transaction (Stripe's fee and the application fee), the fee object and the PaymentIntent. */
  function chargeCard(account: Owner, f: { amount: number; currency: string; appFee: number | null; metadata: Obj; piId: string; description: string }): Obj {
    const { amount, appFee, piId } = f;
    const chargeId = id("ch");
    const feeObj =
      appFee !== null && account
        ? put(
            fees,
            {
              id: id("fee"),
              object: "application_fee",
              account,
              amount: appFee,
              amount_refunded: 0,
              application: "ca_test_nearshop",
              balance_transaction: null,
              charge: chargeId,
              created: now(),
              currency: f.currency,
              fee_source: { charge: chargeId, type: "charge" },
              livemode: false,
              originating_transaction: null,
              refunded: false,
              refunds: { object: "list", data: [], has_more: false, url: "" },
            },
            null,
          )
        : null;
    if (feeObj) {
      feeObj.balance_transaction = balanceTransaction(null, {
        amount: appFee ?? 0,
        currency: f.currency,
        type: "application_fee",
        source: feeObj.id as string,
        reporting_category: "platform_earning",
        pending: true,
      }).id;
    }
    const sFee = stripeFee(amount);
    const bt = balanceTransaction(account, {
      amount,
      currency: f.currency,
      type: "charge",
      source: chargeId,
      reporting_category: "charge",
      pending: true,
      description: f.description,
      fee: sFee + (appFee ?? 0),
      fee_details: [
        { amount: sFee, application: null, currency: f.currency, description: "Stripe processing fees", type: "stripe_fee" },
        ...(appFee ? [{ amount: appFee, application: "ca_test_nearshop", currency: f.currency, description: "Application fee", type: "application_fee" }] : []),
      ],
    });
    put(
      charges,
      {
        id: chargeId,
        object: "charge",
        amount,
        amount_captured: amount,
        amount_refunded: 0,
        refunded: false,
        disputed: false,
        paid: true,
        status: "succeeded",
        currency: f.currency,
        payment_intent: piId,
        application_fee: feeObj?.id ?? null,
        application_fee_amount: appFee,
        balance_transaction: bt.id,
        metadata: f.metadata,
        created: now(),
      },
      account,
    );
    put(
      intents,
      {
        id: piId,
        object: "payment_intent",
        amount,
        amount_received: amount,
        currency: f.currency,
        status: "succeeded",
        latest_charge: chargeId,
        application_fee_amount: appFee,
        metadata: f.metadata,
      },
      account,
    );
    return intents.get(piId)!;
  }

  function pay(sessionId: string, paymentStatus: "paid" | "unpaid" = "paid") {
    const s = sessions.get(sessionId);
    if (!s) throw new Error(`No such checkout session: ${sessionId}`);
    if (s.status !== "open" && !(s.status === "complete" && s.payment_status === "unpaid" && paymentStatus === "paid")) return s;
    const account = owner.get(sessionId) ?? null;
    const pid = s.payment_intent_data as Obj | undefined;
    if (paymentStatus === "unpaid") {
      Object.assign(s, { status: "complete", payment_status: "unpaid", payment_intent: id("pi") });
      put(
        intents,
        {
          id: s.payment_intent,
          object: "payment_intent",
          amount: s.amount_total,
          amount_received: 0,
          currency: s.currency,
          status: "processing",
          latest_charge: null,
          application_fee_amount: pid?.application_fee_amount ?? null,
          metadata: pid?.metadata ?? {},
        },
        account,
      );
      return s;
    }
    const piId = (s.payment_intent as string | null) ?? id("pi");
    chargeCard(account, {
      amount: Number(s.amount_total),
      currency: String(s.currency),
      appFee: pid?.application_fee_amount === undefined ? null : Number(pid.application_fee_amount),
      metadata: (pid?.metadata as Obj | undefined) ?? {},
      piId,
      description: String(s.client_reference_id ?? ""),
    });
    Object.assign(s, { status: "complete", payment_status: "paid", payment_intent: piId });
    return s;
  }

  function refund(account: Owner, charge: Obj, amount: number, fields: { metadata: Record<string, string>; refundApplicationFee: boolean; reason?: string }) {
    charge.amount_refunded = Number(charge.amount_refunded) + amount;
    charge.refunded = charge.amount_refunded === charge.amount;
    const r = put(
      refunds,
      {
        id: id("re"),
        object: "refund",
        amount,
        currency: charge.currency,
        payment_intent: charge.payment_intent,
        charge: charge.id,
        status: "succeeded",
        metadata: fields.metadata,
        reason: fields.reason ?? null,
        created: now(),
        balance_transaction: null,
        receipt_number: null,
        destination_details: { type: "card" },
      },
      account,
    );
    let feeBack = 0;
    const feeObj = charge.application_fee ? fees.get(String(charge.application_fee)) : undefined;
    if (feeObj && fields.refundApplicationFee) {
      // Stripe returns the fee in proportion to the amount refunded.
      feeBack = Math.min(Number(feeObj.amount) - Number(feeObj.amount_refunded), Math.round((Number(feeObj.amount) * amount) / Number(charge.amount)));
      if (feeBack > 0) {
        const platformBt = balanceTransaction(null, {
          amount: -feeBack,
          currency: String(charge.currency),
          type: "application_fee_refund",
          source: feeObj.id as string,
          reporting_category: "platform_earning_refund",
        });
        (feeObj.refunds as { data: Obj[] }).data.unshift({
          id: id("fr"),
          object: "fee_refund",
          amount: feeBack,
          currency: charge.currency,
          fee: feeObj.id,
          created: now(),
          metadata: {},
          balance_transaction: platformBt.id,
        });
        feeObj.amount_refunded = Number(feeObj.amount_refunded) + feeBack;
        feeObj.refunded = feeObj.amount_refunded === feeObj.amount;
      }
    }
    r.balance_transaction = balanceTransaction(account, {
      amount: -amount,
      currency: String(charge.currency),
      type: "refund",
      source: r.id as string,
      reporting_category: "refund",
      fee: -feeBack,
      fee_details: feeBack
        ? [{ amount: -feeBack, application: "ca_test_nearshop", currency: charge.currency, description: "Application fee refund", type: "application_fee" }]
        : [],
    }).id;
    return r;
  }

  /** A refund's later state, as Stripe reports it: failed returns the money to the charge (and the fee share to the shop's side). */
  async function setRefundStatus(
    refundId: string,
    status: "pending" | "requires_action" | "succeeded" | "failed" | "canceled",
    reason = "expired_or_canceled_card",
  ) {
    const r = refunds.get(refundId);
    if (!r) throw new Error(`No such refund: ${refundId}`);
    if ((status === "failed" || status === "canceled") && r.status !== "failed" && r.status !== "canceled") {
      const charge = charges.get(String(r.charge));
      if (charge) {
        charge.amount_refunded = Number(charge.amount_refunded) - Number(r.amount);
        charge.refunded = false;
      }
      balanceTransaction(owner.get(refundId) ?? null, {
        amount: Number(r.amount),
        currency: String(r.currency),
        type: "refund_failure",
        source: refundId,
        reporting_category: "refund_failure",
      });
      Object.assign(r, { failure_reason: reason });
    }
    Object.assign(r, {
      status,
      ...(status === "requires_action"
        ? {
            next_action: {
              type: "display_details",
              display_details: { email_sent: { email_sent_at: now(), email_sent_to: "customer@example.test" }, expires_at: now() + 7 * DAY },
            },
          }
        : {}),
    });
    // Stripe sends refund.failed and refund.updated for a failure; the latter is returned.
    if (status === "failed") await deliver("refund.failed", r, owner.get(refundId) ?? null);
    return deliver("refund.updated", r, owner.get(refundId) ?? null);
  }

  // ---------------------------------------------------------------- the API

  const fail = (status: number, message: string, code?: string, param?: string, type = "invalid_request_error"): Reply => ({
    status,
    body: {
      error: {
        type,
        message,
        ...(code ? { code } : {}),
        ...(param ? { param } : {}),
        doc_url: code ? `https://docs.stripe.com/error-codes/${code.replace(/_/g, "-")}` : undefined,
      },
    },
  });
  const missing = (kind: string, objId: string) => fail(404, `No such ${kind}: '${objId}'`, "resource_missing", "id");
  const listOf = (items: Obj[], q: Obj, url: string): Reply => {
    const sorted = [...items].sort((a, b) => Number(b.created) - Number(a.created));
    const start = q.starting_after ? sorted.findIndex((o) => o.id === q.starting_after) + 1 : 0;
    const limit = Number(q.limit ?? 10);
    const data = sorted.slice(start, start + limit);
    return { status: 200, body: { object: "list", data, has_more: start + limit < sorted.length, url } };
  };
  const withExpand = (obj: Obj, q: Obj) => {
    const expand = (q.expand as string[] | undefined) ?? [];
    const out = { ...obj };
    if (expand.includes("latest_charge") && obj.latest_charge) out.latest_charge = charges.get(String(obj.latest_charge)) ?? obj.latest_charge;
    if (expand.includes("payment_intent") && typeof obj.payment_intent === "string") out.payment_intent = intents.get(obj.payment_intent) ?? obj.payment_intent;
    if (expand.includes("setup_intent") && typeof obj.setup_intent === "string") out.setup_intent = setupIntents.get(obj.setup_intent) ?? obj.setup_intent;
    return out;
  };

  function handle(method: string, path: string, account: Owner, raw: Obj): Reply {
    const parts = path.split("/").filter(Boolean).slice(1);
    // Object ids (acct_…, cs_…) become ":id"; anything else must name a route.
    const route = `${method} /${parts.map((p, i) => (i > 0 && /^(acct|cs|pi|ch|re|fee|po|du|txn|cus|pm|seti)_[A-Za-z0-9_]+$/.test(p) ? ":id" : p)).join("/")}`;
    const check = (spec: Record<string, Spec>, required: readonly string[] = []) => checkParams(spec, raw, required);
    const platformOnly = () => {
      if (account) throw new ParamError("This request can only be made by the platform, without a Stripe-Account header", "", "platform_api_key_expired");
    };
    switch (route) {
      case "POST /accounts": {
        platformOnly();
        const p = check(specs.accountCreate);
        const a = put(
          accounts,
          {
            id: id("acct"),
            object: "account",
            type: p.type ?? "standard",
            country: p.country ?? "FR",
            email: p.email ?? null,
            default_currency: p.default_currency ?? "eur",
            business_type: p.business_type ?? null,
            charges_enabled: false,
            payouts_enabled: false,
            details_submitted: false,
            created: now(),
            metadata: checkMetadata(p.metadata),
            capabilities: { card_payments: "inactive", transfers: "inactive" },
            requirements: {
              alternatives: [],
              current_deadline: null,
              currently_due: ["business_profile.url", "external_account", "tos_acceptance.date"],
              disabled_reason: "requirements.past_due",
              errors: [],
              eventually_due: ["business_profile.url", "external_account", "tos_acceptance.date"],
              past_due: ["external_account"],
              pending_verification: [],
            },
          },
          null,
        );
        return { status: 200, body: a };
      }
      case "GET /accounts/:id": {
        check(specs.retrieve);
        const a = accounts.get(parts[1]!);
        return a && (!account || account === a.id)
          ? { status: 200, body: a }
          : fail(403, `The provided key does not have access to account '${parts[1]}' (or that account does not exist).`, "account_invalid");
      }
      case "POST /account_links": {
        platformOnly();
        const p = check(specs.accountLinkCreate, ["account", "type"]);
        if (!accounts.has(String(p.account))) return fail(400, `No such account: '${String(p.account)}'`, "resource_missing", "account");
        if (!p.return_url || !p.refresh_url)
          return fail(400, "Missing required param: return_url.", "parameter_missing", p.return_url ? "refresh_url" : "return_url");
        const link = id("link");
        links.set(link, {
          account: String(p.account),
          refresh_url: String(p.refresh_url),
          return_url: String(p.return_url),
          expires_at: now() + 300,
          used: false,
        });
        return { status: 200, body: { object: "account_link", created: now(), expires_at: now() + 300, url: `${base}/connect/${link}` } };
      }
      case "POST /checkout/sessions":
        return createSession(account, check(specs.sessionCreate));
      case "GET /checkout/sessions/:id": {
        const q = check(specs.retrieve);
        const s = mine(sessions, parts[2]!, account);
        if (!s) return missing("checkout.session", parts[2]!);
        if (s.status === "open" && Number(s.expires_at) <= now()) s.status = "expired";
        return { status: 200, body: withExpand(s, q) };
      }
      case "POST /checkout/sessions/:id/expire": {
        check(specs.sessionExpire);
        const s = mine(sessions, parts[2]!, account);
        if (!s) return missing("checkout.session", parts[2]!);
        if (s.status !== "open")
          return fail(
            400,
            `Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${String(s.status)}".`,
            "checkout_session_expired",
          );
        s.status = "expired";
        void deliver("checkout.session.expired", s, account);
        return { status: 200, body: s };
      }
      case "DELETE /customers/:id": {
        const c = mine(customers, parts[1]!, account);
        if (!c) return missing("customer", parts[1]!);
        customers.delete(c.id as string);
        // Its cards go with it (a clone already copied to a connected account stays there).
        for (const pm of paymentMethods.values()) if (pm.customer === c.id) pm.customer = null;
        return { status: 200, body: { id: c.id, object: "customer", deleted: true } };
      }
      case "POST /customers": {
        const p = check(specs.customerCreate);
        const c = put(
          customers,
          {
            id: id("cus"),
            object: "customer",
            email: p.email ?? null,
            name: p.name ?? null,
            description: p.description ?? null,
            metadata: checkMetadata(p.metadata),
            created: now(),
            livemode: false,
          },
          account,
        );
        return { status: 200, body: c };
      }
      case "GET /setup_intents/:id": {
        const q = check(specs.retrieve);
        const seti = mine(setupIntents, parts[1]!, account);
        if (!seti) return missing("setup_intent", parts[1]!);
        const expand = (q.expand as string[] | undefined) ?? [];
        return {
          status: 200,
          body: expand.includes("payment_method") && seti.payment_method ? { ...seti, payment_method: paymentMethods.get(String(seti.payment_method)) } : seti,
        };
      }
      case "POST /payment_methods":
        return clonePaymentMethod(account, check(specs.paymentMethodCreate));
      case "POST /payment_intents":
        return createPaymentIntent(account, check(specs.paymentIntentCreate, ["amount", "currency"]));
      case "GET /payment_intents/:id": {
        const q = check(specs.retrieve);
        const pi = mine(intents, parts[1]!, account);
        return pi ? { status: 200, body: withExpand(pi, q) } : missing("payment_intent", parts[1]!);
      }
      case "POST /refunds":
        return createRefund(account, check(specs.refundCreate));
      case "GET /refunds": {
        const q = check(specs.refundList);
        return listOf(
          ownedBy(refunds, account).filter((r) => (!q.payment_intent || r.payment_intent === q.payment_intent) && (!q.charge || r.charge === q.charge)),
          q,
          "/v1/refunds",
        );
      }
      case "GET /refunds/:id": {
        check(specs.retrieve);
        const r = mine(refunds, parts[1]!, account);
        return r ? { status: 200, body: r } : missing("refund", parts[1]!);
      }
      case "GET /application_fees": {
        platformOnly();
        const q = check(specs.applicationFeeList);
        return listOf(
          [...fees.values()].filter((f) => !q.charge || f.charge === q.charge),
          q,
          "/v1/application_fees",
        );
      }
      case "GET /application_fees/:id": {
        platformOnly();
        check(specs.retrieve);
        const f = fees.get(parts[1]!);
        return f ? { status: 200, body: f } : missing("application_fee", parts[1]!);
      }
      case "GET /balance": {
        check(specs.retrieve);
        const sum = (status: string) => {
          const by = new Map<string, number>();
          for (const t of ownedBy(transactions, account))
            if (t.status === status) by.set(String(t.currency), (by.get(String(t.currency)) ?? 0) + Number(t.net));
          return [...by].map(([currency, amount]) => ({ amount, currency, source_types: { card: amount } }));
        };
        return { status: 200, body: { object: "balance", available: sum("available"), pending: sum("pending"), livemode: false } };
      }
      case "GET /payouts": {
        const q = check(specs.payoutList);
        return listOf(
          ownedBy(payouts, account).filter((p) => !q.status || p.status === q.status),
          q,
          "/v1/payouts",
        );
      }
      case "GET /payouts/:id": {
        check(specs.retrieve);
        const p = mine(payouts, parts[1]!, account);
        return p ? { status: 200, body: p } : missing("payout", parts[1]!);
      }
      case "GET /balance_transactions": {
        const q = check(specs.balanceTransactionList);
        if (q.payout && !mine(payouts, String(q.payout), account)) return missing("payout", String(q.payout));
        const rows = ownedBy(transactions, account).filter(
          (t) =>
            (!q.payout || settledBy.get(t.id as string) === q.payout || (t.type === "payout" && t.source === q.payout)) &&
            (!q.type || t.type === q.type) &&
            (!q.source || t.source === q.source),
        );
        const expanded = ((q.expand as string[] | undefined) ?? []).includes("data.source")
          ? rows.map((t) => ({ ...t, source: [charges, refunds, disputes, payouts, fees].map((m) => m.get(String(t.source))).find(Boolean) ?? t.source }))
          : rows;
        return listOf(expanded, q, "/v1/balance_transactions");
      }
      case "GET /disputes": {
        const q = check(specs.disputeList);
        return listOf(
          ownedBy(disputes, account).filter((d) => (!q.payment_intent || d.payment_intent === q.payment_intent) && (!q.charge || d.charge === q.charge)),
          q,
          "/v1/disputes",
        );
      }
      case "GET /disputes/:id": {
        check(specs.retrieve);
        const d = mine(disputes, parts[1]!, account);
        return d ? { status: 200, body: d } : missing("dispute", parts[1]!);
      }
    }
    return fail(404, `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`);
  }

  /** A Checkout Session as Stripe returns it: the fields every mode shares, then the mode's own. */
  function newSession(account: Owner, p: Obj, at: { created: number; expiresAt: number }, own: Obj): Obj {
    const sid = (own.id as string | undefined) ?? id("cs");
    return put(
      sessions,
      {
        id: sid,
        object: "checkout.session",
        status: "open",
        client_reference_id: p.client_reference_id ?? null,
        customer: p.customer ?? null,
        customer_email: p.customer_email ?? null,
        custom_text: {
          after_submit: null,
          shipping_address: null,
          submit: (p.custom_text as Obj | undefined)?.submit ?? null,
          terms_of_service_acceptance: null,
        },
        metadata: p.metadata ?? {},
        payment_intent: null,
        success_url: p.success_url,
        cancel_url: p.cancel_url ?? null,
        locale: p.locale ?? null,
        created: at.created,
        expires_at: at.expiresAt,
        url: `${base}/pay/${sid}`,
        livemode: false,
        ...own,
      },
      account,
    );
  }

  function createSession(account: Owner, p: Obj): Reply {
    if (p.mode === "setup") return createSetupSession(account, p);
    if (p.mode !== "payment") return fail(400, "The stand-in takes mode=payment or mode=setup (what Nearshop uses).", "parameter_invalid_string", "mode");
    if (p.setup_intent_data) return fail(400, "You can only pass `setup_intent_data` in `setup` mode.", "parameter_invalid_string", "setup_intent_data");
    if (p.customer && !mine(customers, String(p.customer), account)) return missing("customer", String(p.customer));
    const items = (p.line_items as Obj[] | undefined) ?? [];
    if (!items.length) return fail(400, "You must specify `line_items` in `payment` mode.", "parameter_missing", "line_items");
    if (!p.success_url) return fail(400, "Missing required param: success_url.", "parameter_missing", "success_url");
    const currency = String((items[0]!.price_data as Obj | undefined)?.currency ?? "");
    if (!currency) return fail(400, "Missing required param: line_items[0][price_data].", "parameter_missing", "line_items[0][price_data]");
    if (items.some((li) => (li.price_data as Obj).currency !== currency))
      return fail(400, "All line items must have the same currency.", "parameter_invalid_string", "line_items");
    const amount = items.reduce((a, li) => a + Number((li.price_data as Obj).unit_amount ?? 0) * Number(li.quantity), 0);
    const minimum = STRIPE_MINIMUM_CHARGE[currency.toUpperCase()];
    if (minimum === undefined) return fail(400, `Invalid currency: ${currency}.`, "parameter_invalid_string", "line_items[0][price_data][currency]");
    if (amount < minimum)
      return fail(
        400,
        `The Checkout Session's total amount due must add up to at least ${minimum} ${currency} (minor units).`,
        "amount_too_small",
        "line_items",
      );
    if (amount > 99_999_999) return fail(400, "The Checkout Session's total amount due must be no more than 99999999.", "amount_too_large", "line_items");
    const created = now();
    const expiresAt = p.expires_at === undefined ? created + DAY : Number(p.expires_at);
    if (expiresAt < created + 30 * 60)
      return fail(400, "The `expires_at` timestamp must be at least 30 minutes from Checkout Session creation.", "parameter_invalid_integer", "expires_at");
    if (expiresAt > created + DAY)
      return fail(400, "The `expires_at` timestamp must be less than 24 hours from Checkout Session creation.", "parameter_invalid_integer", "expires_at");
    const pid = p.payment_intent_data as Obj | undefined;
    if (pid?.application_fee_amount !== undefined) {
      if (!account)
        return fail(
          400,
          "Can only apply an application_fee_amount when the PaymentIntent is attempting a direct payment (using an OAuth key or Stripe-Account header) or destination payment (using `transfer_data[destination]`).",
          "parameter_invalid_integer",
          "payment_intent_data[application_fee_amount]",
        );
      if (Number(pid.application_fee_amount) > amount)
        return fail(
          400,
          "The application fee amount cannot be greater than the amount of the payment.",
          "parameter_invalid_integer",
          "payment_intent_data[application_fee_amount]",
        );
    }
    if (account && !accounts.get(account)?.charges_enabled) {
      return fail(400, "Your destination account needs to have at least one of the following capabilities enabled: card_payments.", "account_invalid");
    }
    const session = newSession(
      account,
      p,
      { created, expiresAt },
      {
        mode: "payment",
        payment_status: "unpaid",
        amount_total: amount,
        amount_subtotal: amount,
        currency,
        allowed_payment_method_types: p.allowed_payment_method_types ?? null,
        payment_intent_data: pid,
      },
    );
    return { status: 200, body: session };
  }

  /**
   * Checkout in setup mode: the customer's card is kept on a Customer
   * (no money moves). Stripe makes the SetupIntent with the session; it
   * succeeds, with the card as its payment_method, when the page is
   * submitted.
   */
  function createSetupSession(account: Owner, p: Obj): Reply {
    if (p.line_items) return fail(400, "You can not pass `line_items` in `setup` mode.", "parameter_invalid_string", "line_items");
    if (p.payment_intent_data)
      return fail(400, "You can only pass `payment_intent_data` in `payment` mode.", "parameter_invalid_string", "payment_intent_data");
    if (!p.allowed_payment_method_types)
      return fail(400, "`currency` is required in `setup` mode when `allowed_payment_method_types` is not set.", "parameter_missing", "currency");
    if (!p.success_url) return fail(400, "Missing required param: success_url.", "parameter_missing", "success_url");
    if (p.customer && !mine(customers, String(p.customer), account)) return missing("customer", String(p.customer));
    const created = now();
    const expiresAt = p.expires_at === undefined ? created + DAY : Number(p.expires_at);
    if (expiresAt < created + 30 * 60 || expiresAt > created + DAY)
      return fail(
        400,
        "The `expires_at` timestamp must be between 30 minutes and 24 hours from Checkout Session creation.",
        "parameter_invalid_integer",
        "expires_at",
      );
    const setupData = (p.setup_intent_data as Obj | undefined) ?? {};
    const seti = put(
      setupIntents,
      {
        id: id("seti"),
        object: "setup_intent",
        status: "requires_payment_method",
        customer: p.customer ?? null,
        payment_method: null,
        usage: "off_session",
        description: setupData.description ?? null,
        metadata: setupData.metadata ?? {},
        created,
        livemode: false,
      },
      account,
    );
    const session = newSession(
      account,
      p,
      { created, expiresAt },
      {
        mode: "setup",
        payment_status: "no_payment_required",
        amount_total: null,
        amount_subtotal: null,
        currency: null,
        allowed_payment_method_types: p.allowed_payment_method_types,
        setup_intent: seti.id,
      },
    );
    return { status: 200, body: session };
  }

  /** Stripe's test cards the setup page offers, and what a charge on each does. */
  const TEST_CARDS = {
    "4242424242424242": { last4: "4242", brand: "visa", does: "succeeds" },
    "4000000000000341": { last4: "0341", brand: "visa", does: "declines" },
    "4000002760003184": { last4: "3184", brand: "visa", does: "authenticates" },
  } as const;
  type TestCard = keyof typeof TEST_CARDS;
  const cardOf = new Map<string, TestCard>();

  /** The setup page submitted with a test card: the card is kept on the session's customer and the session is complete. */
  function completeSetup(sessionId: string, number: TestCard = "4242424242424242") {
    const s = sessions.get(sessionId);
    if (!s || s.mode !== "setup") throw new Error(`No such setup session: ${sessionId}`);
    if (s.status !== "open") return s;
    const account = owner.get(sessionId) ?? null;
    const card = TEST_CARDS[number];
    const pm = put(
      paymentMethods,
      {
        id: id("pm"),
        object: "payment_method",
        type: "card",
        card: { brand: card.brand, last4: card.last4, exp_month: 12, exp_year: 2034, country: "FR", funding: "credit" },
        billing_details: { address: null, email: s.customer_email ?? null, name: null, phone: null },
        customer: s.customer ?? null,
        created: now(),
        livemode: false,
        metadata: {},
      },
      account,
    );
    cardOf.set(pm.id as string, number);
    Object.assign(setupIntents.get(String(s.setup_intent))!, { status: "succeeded", payment_method: pm.id });
    Object.assign(s, { status: "complete" });
    return s;
  }

  /** PaymentMethod cloning (Connect): the platform customer's card, copied onto a connected account. */
  function clonePaymentMethod(account: Owner, p: Obj): Reply {
    if (!p.payment_method)
      return fail(400, "The stand-in only clones payment methods (what Nearshop uses): pass payment_method.", "parameter_missing", "payment_method");
    if (!account)
      return fail(400, "Cloning a PaymentMethod needs the Stripe-Account header of the account to copy it to.", "parameter_invalid_string", "payment_method");
    const source = mine(paymentMethods, String(p.payment_method), null);
    if (!source) return missing("payment_method", String(p.payment_method));
    if (source.customer && !p.customer)
      return fail(400, "The payment method you provided is attached to a customer: pass that customer to clone it.", "parameter_missing", "customer");
    if (p.customer && (!mine(customers, String(p.customer), null) || source.customer !== p.customer))
      return fail(400, `The payment method you provided does not belong to the customer '${String(p.customer)}'.`, "resource_missing", "customer");
    const pm = put(paymentMethods, { ...structuredClone(source), id: id("pm"), customer: null, created: now(), metadata: checkMetadata(p.metadata) }, account);
    cardOf.set(pm.id as string, cardOf.get(source.id as string) ?? "4242424242424242");
    return { status: 200, body: pm };
  }

  /** A PaymentIntent made and, with confirm=true, confirmed at once with its card (the result the card's number gives). */
  function createPaymentIntent(account: Owner, p: Obj): Reply {
    const currency = String(p.currency);
    const amount = Number(p.amount);
    const minimum = STRIPE_MINIMUM_CHARGE[currency.toUpperCase()];
    if (minimum === undefined) return fail(400, `Invalid currency: ${currency}.`, "parameter_invalid_string", "currency");
    if (amount < minimum) return fail(400, `Amount must be at least ${minimum} ${currency} (minor units).`, "amount_too_small", "amount");
    if (account && !accounts.get(account)?.charges_enabled)
      return fail(400, "Your destination account needs to have at least one of the following capabilities enabled: card_payments.", "account_invalid");
    const appFee = p.application_fee_amount === undefined ? null : Number(p.application_fee_amount);
    if (appFee !== null && !account)
      return fail(
        400,
        "Can only apply an application_fee_amount when the PaymentIntent is attempting a direct payment (using an OAuth key or Stripe-Account header) or destination payment (using `transfer_data[destination]`).",
        "parameter_invalid_integer",
        "application_fee_amount",
      );
    if (appFee !== null && appFee > amount)
      return fail(400, "The application fee amount cannot be greater than the amount of the payment.", "parameter_invalid_integer", "application_fee_amount");
    if (p.error_on_requires_action !== undefined && p.confirm !== true)
      return fail(400, "error_on_requires_action can only be used when confirm=true.", "parameter_invalid_boolean", "error_on_requires_action");
    if (p.customer && !mine(customers, String(p.customer), account)) return missing("customer", String(p.customer));
    const pm = p.payment_method ? mine(paymentMethods, String(p.payment_method), account) : undefined;
    if (p.payment_method && !pm) return missing("payment_method", String(p.payment_method));
    const metadata = checkMetadata(p.metadata);
    const piId = id("pi");
    const base_ = {
      id: piId,
      object: "payment_intent",
      amount,
      amount_received: 0,
      currency,
      customer: p.customer ?? null,
      description: p.description ?? null,
      payment_method: pm?.id ?? null,
      allowed_payment_method_types: p.allowed_payment_method_types ?? ["card"],
      application_fee_amount: appFee,
      latest_charge: null,
      last_payment_error: null,
      next_action: null,
      metadata,
      created: now(),
      livemode: false,
    };
    if (p.confirm !== true) return { status: 200, body: put(intents, { ...base_, status: pm ? "requires_confirmation" : "requires_payment_method" }, account) };
    if (!pm)
      return fail(
        400,
        "You cannot confirm this PaymentIntent because it's missing a payment method. To confirm the PaymentIntent with a PaymentMethod, provide payment_method.",
        "payment_intent_unexpected_state",
      );
    const does = nextChargeDeclined ? "declines" : TEST_CARDS[cardOf.get(pm.id as string) ?? "4242424242424242"].does;
    if (does === "authenticates" && p.error_on_requires_action !== true) {
      const pi = put(
        intents,
        { ...base_, status: "requires_action", next_action: { type: "use_stripe_sdk", use_stripe_sdk: { type: "three_d_secure_redirect" } } },
        account,
      );
      return { status: 200, body: pi };
    }
    if (does !== "succeeds") {
      const declineCode = nextChargeDeclined ?? "generic_decline";
      nextChargeDeclined = null;
      const code = does === "authenticates" ? "authentication_required" : "card_declined";
      const message = does === "authenticates" ? "Your card was declined. This transaction requires authentication." : "Your card was declined.";
      const error = { type: "card_error", code, ...(code === "card_declined" ? { decline_code: declineCode } : {}), message };
      const pi = put(intents, { ...base_, status: "requires_payment_method", payment_method: null, last_payment_error: error }, account);
      void deliver("payment_intent.payment_failed", pi, account);
      return {
        status: 402,
        body: { error: { ...error, payment_intent: pi, doc_url: `https://docs.stripe.com/error-codes/${code.replace(/_/g, "-")}` } },
      };
    }
    const charged = chargeCard(account, { amount, currency, appFee, metadata, piId, description: String(p.description ?? "") });
    const pi: Obj = Object.assign(charged, { ...base_, amount_received: amount, status: "succeeded", latest_charge: charged.latest_charge });
    void deliver("payment_intent.succeeded", pi, account);
    return { status: 200, body: pi };
  }

  function createRefund(account: Owner, p: Obj): Reply {
    const pi = p.payment_intent ? mine(intents, String(p.payment_intent), account) : undefined;
    const charge = pi ? charges.get(String(pi.latest_charge)) : p.charge ? mine(charges, String(p.charge), account) : undefined;
    if (!p.payment_intent && !p.charge)
      return fail(400, "One of the following params should be provided for this request: payment_intent or charge.", "parameter_missing", "payment_intent");
    if (!charge) return p.payment_intent ? missing("payment_intent", String(p.payment_intent)) : missing("charge", String(p.charge));
    if (p.refund_application_fee === true && !charge.application_fee)
      return fail(400, "This charge has no application fee to refund.", "parameter_invalid_boolean", "refund_application_fee");
    if (charge.disputed && disputes.size && [...disputes.values()].some((d) => d.charge === charge.id && !["won", "lost"].includes(String(d.status)))) {
      return fail(400, `Charge ${String(charge.id)} has been disputed.`, "charge_disputed", "charge");
    }
    const left = Number(charge.amount) - Number(charge.amount_refunded);
    const amount = p.amount === undefined ? left : Number(p.amount);
    if (left === 0) return fail(400, `Charge ${String(charge.id)} has already been refunded.`, "charge_already_refunded", "charge");
    if (amount > left) return fail(400, `Refund amount (${amount}) is greater than unrefunded amount on charge (${left})`, "amount_too_large", "amount");
    const r = refund(account, charge, amount, {
      metadata: checkMetadata(p.metadata),
      refundApplicationFee: p.refund_application_fee === true,
      reason: p.reason as string | undefined,
    });
    if (nextRefundStatus !== "succeeded") {
      const status = nextRefundStatus;
      nextRefundStatus = "succeeded";
      if (status === "failed") void setRefundStatus(r.id as string, "failed");
      else
        Object.assign(r, {
          status,
          ...(status === "requires_action"
            ? {
                next_action: {
                  type: "display_details",
                  display_details: { email_sent: { email_sent_at: now(), email_sent_to: "customer@example.test" }, expires_at: now() + 7 * DAY },
                },
              }
            : {}),
        });
    }
    void deliver("refund.created", r, account);
    return { status: 200, body: r };
  }

  async function onboardingPost(link: string, outcome: string, res: http.ServerResponse) {
    const l = links.get(link);
    if (!l || l.used || l.expires_at < now()) {
      res.writeHead(303, { Location: l?.refresh_url ?? "/" }).end();
      return;
    }
    l.used = true;
    const a = accounts.get(l.account)!;
    if (outcome === "complete") enableAccount(a);
    else a.details_submitted = false;
    await deliver("account.updated", a, a.id as string);
    res.writeHead(303, { Location: l.return_url }).end();
  }

  function enableAccount(a: Obj) {
    Object.assign(a, {
      details_submitted: true,
      charges_enabled: true,
      payouts_enabled: true,
      capabilities: { card_payments: "active", transfers: "active" },
      requirements: {
        alternatives: [],
        current_deadline: null,
        currently_due: [],
        disabled_reason: null,
        errors: [],
        eventually_due: [],
        past_due: [],
        pending_verification: [],
      },
    });
  }

  // The helpers below, for the test-control routes (set once they exist).
  let controls: {
    openDispute(pi: string, o: { dueInDays?: number }): Promise<{ data: { object: Obj } }>;
    settle(a: string): void;
    payout(a: string, c?: string): Promise<Obj>;
  } | null = null;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const url = new URL(req.url ?? "/", base);
      const body = Buffer.concat(chunks).toString("utf8");
      // The hosted checkout page: a browser pays or cancels here.
      const payPage = /^\/pay\/([^/]+)(\/pay)?$/.exec(url.pathname);
      if (payPage) {
        const s = sessions.get(payPage[1]!);
        if (!s) {
          res.writeHead(404).end("No such checkout session");
          return;
        }
        if (req.method === "POST" && payPage[2] && s.status === "open" && s.mode === "setup") {
          const number = new URLSearchParams(body).get("card") ?? "";
          if (!(number in TEST_CARDS)) {
            res.writeHead(400, { "Content-Type": "text/plain" }).end("Choose one of the test cards");
            return;
          }
          completeSetup(s.id as string, number as TestCard);
          await deliver("checkout.session.completed", s, owner.get(s.id as string) ?? null);
          res.writeHead(303, { Location: String(s.success_url).replace("{CHECKOUT_SESSION_ID}", String(s.id)) }).end();
          return;
        }
        if (req.method === "POST" && payPage[2] && s.status === "open") {
          pay(s.id as string);
          await deliver("checkout.session.completed", s, owner.get(s.id as string) ?? null);
          res.writeHead(303, { Location: String(s.success_url).replace("{CHECKOUT_SESSION_ID}", String(s.id)) }).end();
          return;
        }
        res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end(checkoutPage(s));
        return;
      }
      // What Stripe's dashboard or the Stripe CLI's `trigger` would make
      // happen, for tests in another process (the browser tests): a dispute
      // on an order's payment, or a payout of its account's balance.
      const control = /^\/_test\/(dispute|payout)$/.exec(url.pathname);
      if (control && req.method === "POST") {
        const orderId = new URLSearchParams(body).get("order_id") ?? "";
        const session = [...sessions.values()].find((x) => (x.metadata as { orderId?: string }).orderId === orderId && x.payment_intent);
        if (!session || !controls) {
          res.writeHead(404, { "Content-Type": "application/json" }).end(JSON.stringify({ error: `no paid session for order ${orderId}` }));
          return;
        }
        const acct = owner.get(session.id as string) ?? "";
        if (control[1] === "payout") controls.settle(acct);
        const made =
          control[1] === "dispute"
            ? (await controls.openDispute(String(session.payment_intent), { dueInDays: Number(new URLSearchParams(body).get("due_in_days") ?? 7) })).data.object
            : await controls.payout(acct, String(session.currency)).catch((e: unknown) => (e instanceof NothingToPayOut ? e : Promise.reject(e)));
        if (made instanceof NothingToPayOut) {
          res.writeHead(409, { "Content-Type": "application/json" }).end(JSON.stringify({ error: made.message }));
          return;
        }
        res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(made));
        return;
      }
      const connectPage = /^\/connect\/([^/]+)$/.exec(url.pathname);
      if (connectPage) {
        const l = links.get(connectPage[1]!);
        if (req.method === "POST") {
          await onboardingPost(connectPage[1]!, new URLSearchParams(body).get("outcome") ?? "", res);
          return;
        }
        if (!l || l.used || l.expires_at < now()) {
          res.writeHead(303, { Location: l?.refresh_url ?? "/" }).end();
          return;
        }
        res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end(onboardingPage(connectPage[1]!, accounts.get(l.account)!));
        return;
      }
      const auth = req.headers.authorization ?? "";
      if (!/^Bearer sk_(test|live)_/.test(auth)) {
        res
          .writeHead(401, { "Content-Type": "application/json" })
          .end(JSON.stringify({ error: { type: "invalid_request_error", message: "Invalid API Key provided" } }));
        return;
      }
      const header = req.headers["stripe-account"];
      const account = typeof header === "string" && header ? header : null;
      let reply: Reply;
      if (account && !accounts.has(account)) {
        reply = fail(
          403,
          `The provided key does not have access to account '${account}' (or that account does not exist). Application access may have been revoked.`,
          "account_invalid",
        );
      } else {
        const key = req.headers["idempotency-key"];
        const method = req.method ?? "GET";
        const replayKey = typeof key === "string" && method === "POST" ? `${account ?? "platform"} ${key}` : null;
        const fingerprint = `${method} ${url.pathname} ${body}`;
        const seen = replayKey ? replies.get(replayKey) : undefined;
        if (seen && seen.fingerprint !== fingerprint) {
          reply = fail(
            400,
            `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${String(key)}' if you meant to execute a different request.`,
            undefined,
            undefined,
            "idempotency_error",
          );
        } else if (seen) {
          reply = seen.reply;
        } else {
          try {
            reply = handle(method, url.pathname, account, method === "GET" ? parseStripeForm(url.search.slice(1)) : parseStripeForm(body));
          } catch (e) {
            if (!(e instanceof ParamError)) throw e;
            reply = fail(400, e.message, e.code, e.param || undefined);
          }
          if (replayKey && reply.status < 500) replies.set(replayKey, { fingerprint, reply });
        }
      }
      res.writeHead(reply.status, { "Content-Type": "application/json", "Request-Id": id("req") }).end(JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const chargeOf = (piOrCharge: string) => charges.get(piOrCharge) ?? charges.get(String(intents.get(piOrCharge)?.latest_charge));

  const api = {
    url: base,
    accounts,
    sessions,
    intents,
    charges,
    refunds,
    fees,
    disputes,
    payouts,
    transactions,
    delivered,
    deliver,
    sendEvent,
    signed,
    setRefundStatus,
    /** A connected account that has finished onboarding (tests that are not about onboarding). */
    async connectedAccount(email = "shop@example.test") {
      const a = put(
        accounts,
        {
          id: id("acct"),
          object: "account",
          type: "standard",
          country: "FR",
          email,
          default_currency: "eur",
          charges_enabled: false,
          payouts_enabled: false,
          details_submitted: false,
          created: now(),
          metadata: {},
        },
        null,
      );
      enableAccount(a);
      return a;
    },
    /** Stripe takes the account's card payments away until it has more information (account.updated). */
    restrictAccount(accountId: string, due = ["individual.verification.document"], deadlineDays = 7, send = true) {
      const a = accounts.get(accountId)!;
      Object.assign(a, {
        charges_enabled: false,
        payouts_enabled: false,
        requirements: {
          alternatives: [],
          current_deadline: now() + deadlineDays * DAY,
          currently_due: due,
          disabled_reason: "requirements.past_due",
          errors: [],
          eventually_due: due,
          past_due: due,
          pending_verification: [],
        },
      });
      return deliver("account.updated", a, accountId, send);
    },
    /** Pays a session as a customer would on the hosted page; the webhook is sent unless `send` is false (complete before its webhook). */
    async payAndNotify(sessionId: string, send = true) {
      const s = pay(sessionId);
      return deliver("checkout.session.completed", s, owner.get(sessionId) ?? null, send);
    },
    /** Completed with a delayed payment method: complete but unpaid, then async_payment_succeeded or _failed. */
    async completeUnpaid(sessionId: string) {
      const s = pay(sessionId, "unpaid");
      return deliver("checkout.session.completed", s, owner.get(sessionId) ?? null);
    },
    async asyncPayment(sessionId: string, outcome: "succeeded" | "failed") {
      const s = sessions.get(sessionId)!;
      if (outcome === "succeeded") pay(sessionId, "paid");
      else Object.assign(s, { payment_status: "unpaid" });
      return deliver(`checkout.session.async_payment_${outcome}`, s, owner.get(sessionId) ?? null);
    },
    customers,
    paymentMethods,
    setupIntents,
    /** The setup page submitted with one of Stripe's test cards; checkout.session.completed is sent unless `send` is false. */
    async completeSetupAndNotify(sessionId: string, card: TestCard = "4242424242424242", send = true) {
      const s = completeSetup(sessionId, card);
      return deliver("checkout.session.completed", s, owner.get(sessionId) ?? null, send);
    },
    /** The next confirmed PaymentIntent is declined with this decline code, whatever its card (e.g. insufficient_funds). */
    declineNextCharge(declineCode = "insufficient_funds") {
      nextChargeDeclined = declineCode;
    },
    /** The session passes its expires_at (checkout.session.expired). */
    async expireSession(sessionId: string) {
      const s = sessions.get(sessionId)!;
      if (s.status === "open") s.status = "expired";
      return deliver("checkout.session.expired", s, owner.get(sessionId) ?? null);
    },
    /** The next refund created through the API is pending, requires action or fails (Stripe's test cards). */
    nextRefund(status: "pending" | "requires_action" | "failed") {
      nextRefundStatus = status;
    },
    /** A refund made by the shop in its own Stripe dashboard (refund.created, charge.refunded on the account). */
    async dashboardRefund(paymentIntent: string, amount: number, refundApplicationFee = true) {
      const charge = chargeOf(paymentIntent)!;
      const account = owner.get(charge.id as string) ?? null;
      const r = refund(account, charge, amount, { metadata: {}, refundApplicationFee });
      return { refund: r, event: await deliver("refund.created", r, account), charge: await deliver("charge.refunded", charge, account) };
    },
    /** A shop's former version of failRefund, kept for the tests that use it. */
    failRefund: (refundId: string, reason = "expired_or_canceled_card") => setRefundStatus(refundId, "failed", reason),
    /** A chargeback: charge.dispute.created, the amount and a fee taken from the account's balance. */
    async openDispute(paymentIntent: string, { reason = "fraudulent", dueInDays = 7, send = true } = {}) {
      const charge = chargeOf(paymentIntent)!;
      const account = owner.get(charge.id as string) ?? null;
      charge.disputed = true;
      const d = put(
        disputes,
        {
          id: id("du"),
          object: "dispute",
          amount: charge.amount,
          charge: charge.id,
          currency: charge.currency,
          payment_intent: charge.payment_intent,
          reason,
          status: "needs_response",
          created: now(),
          livemode: false,
          metadata: {},
          is_charge_refundable: false,
          enhanced_eligibility_types: [],
          evidence_details: { due_by: now() + dueInDays * DAY, has_evidence: false, past_due: false, submission_count: 0 },
          balance_transactions: [] as Obj[],
        },
        account,
      );
      (d.balance_transactions as Obj[]).push(
        balanceTransaction(account, {
          amount: -Number(charge.amount),
          currency: String(charge.currency),
          type: "adjustment",
          source: d.id as string,
          reporting_category: "dispute",
          fee: DISPUTE_FEE,
          fee_details: [{ amount: DISPUTE_FEE, application: null, currency: charge.currency, description: "Dispute fee", type: "stripe_fee" }],
        }),
      );
      return deliver("charge.dispute.created", d, account, send);
    },
    /** Stripe closes the dispute: won gives the amount back (charge.dispute.closed). */
    async closeDispute(disputeId: string, outcome: "won" | "lost", send = true) {
      const d = disputes.get(disputeId)!;
      const account = owner.get(disputeId) ?? null;
      d.status = outcome;
      if (outcome === "won") {
        (d.balance_transactions as Obj[]).push(
          balanceTransaction(account, {
            amount: Number(d.amount),
            currency: String(d.currency),
            type: "adjustment",
            source: disputeId,
            reporting_category: "dispute_reversal",
          }),
        );
      }
      return deliver("charge.dispute.closed", d, account, send);
    },
    /** The pending part of an account's balance becomes available (what Stripe does after the payout delay). */
    settle(accountId: string) {
      for (const t of ownedBy(transactions, accountId)) if (t.status === "pending") Object.assign(t, { status: "available", available_on: now() });
    },
    /** An automatic payout of the account's available balance in one currency; it settles the transactions not yet paid out. */
    async payout(accountId: string, currency = "eur") {
      const settled = ownedBy(transactions, accountId).filter(
        (t) => t.status === "available" && t.currency === currency && !settledBy.has(t.id as string) && t.type !== "payout" && t.type !== "payout_failure",
      );
      const amount = settled.reduce((a, t) => a + Number(t.net), 0);
      // Stripe pays out only a positive available balance: after a dispute or
      // refunds larger than the sales, the negative balance stays on the
      // account (later sales cover it) and no payout is made.
      if (amount <= 0) throw new NothingToPayOut(accountId, currency, amount);
      const po = put(
        payouts,
        {
          id: id("po"),
          object: "payout",
          amount,
          arrival_date: now() + 2 * DAY,
          automatic: true,
          balance_transaction: null,
          created: now(),
          currency,
          description: "STRIPE PAYOUT",
          destination: "ba_test_shop",
          failure_balance_transaction: null,
          failure_code: null,
          failure_message: null,
          livemode: false,
          metadata: {},
          method: "standard",
          original_payout: null,
          reconciliation_status: "completed",
          reversed_by: null,
          source_type: "card",
          statement_descriptor: null,
          status: "paid",
          type: "bank_account",
          application_fee: null,
          application_fee_amount: null,
          trace_id: null,
          payout_method: null,
        },
        accountId,
      );
      for (const t of settled) settledBy.set(t.id as string, po.id as string);
      po.balance_transaction = balanceTransaction(accountId, {
        amount: -amount,
        currency,
        type: "payout",
        source: po.id as string,
        reporting_category: "payout",
      }).id;
      await deliver("payout.paid", po, accountId);
      return po;
    },
    /** The bank returns a payout (payout.failed): the money is back in the balance. */
    async failPayout(payoutId: string, code = "account_closed", send = true) {
      const po = payouts.get(payoutId)!;
      const account = owner.get(payoutId) ?? null;
      Object.assign(po, { status: "failed", failure_code: code, failure_message: "The bank account has been closed." });
      po.failure_balance_transaction = balanceTransaction(account, {
        amount: Number(po.amount),
        currency: String(po.currency),
        type: "payout_failure",
        source: payoutId,
        reporting_category: "payout_reversal",
      }).id;
      return deliver("payout.failed", po, account, send);
    },
    /** Idempotency keys live about 24 hours at Stripe: forget them all, as if a day passed. */
    forgetIdempotencyKeys() {
      replies.clear();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  controls = api;
  return api;
}

if (process.argv[1]?.endsWith("stripe-standin.ts")) {
  const s = await startStripeStandin({
    port: Number(process.env.STRIPE_STANDIN_PORT ?? 12111),
    webhookUrl: process.env.STRIPE_STANDIN_WEBHOOK_URL ?? "http://localhost:3000/webhooks/stripe",
    webhookSecret: process.env.STRIPE_WEBHOOK_SECRET,
    connectWebhookUrl: process.env.STRIPE_STANDIN_CONNECT_WEBHOOK_URL ?? "http://localhost:3000/webhooks/stripe-connect",
    connectWebhookSecret: process.env.STRIPE_CONNECT_WEBHOOK_SECRET,
  });
  console.log(`Stripe stand-in on ${s.url}; set STRIPE_API_URL=${s.url}`);
}
