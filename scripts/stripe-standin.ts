// A local stand-in for the few Stripe API endpoints Nearshop uses, for tests
// and offline development (Stripe's servers are out of reach here). It
// speaks Stripe's wire format: form-encoded requests with a Bearer secret
// key, JSON objects and errors shaped like Stripe's, Idempotency-Key
// replay, and webhooks signed with Stripe's real scheme (the SDK's own
// signer). It also serves a tiny hosted-checkout page where a browser can
// pay or cancel.
//
//   node --import tsx scripts/stripe-standin.ts   (port 12111; STRIPE_STANDIN_WEBHOOK_URL, STRIPE_WEBHOOK_SECRET)
import http from "node:http";
import type { AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";
import Stripe from "stripe";

type Obj = Record<string, unknown>;

/** Stripe's form encoding: a[b][0][c]=1 → { a: { b: [{ c: "1" }] } }. */
export function parseStripeForm(body: string): Obj {
  const root: Obj = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const path = key.replace(/\]/g, "").split("[");
    let node: Obj | unknown[] = root;
    path.forEach((part, i) => {
      const last = i === path.length - 1;
      const nextIsIndex = !last && /^\d+$/.test(path[i + 1]!);
      const holder = node as Record<string, unknown>;
      if (last) holder[part] = value;
      else {
        holder[part] ??= nextIsIndex ? [] : {};
        node = holder[part] as Obj;
      }
    });
  }
  return root;
}

const id = (prefix: string) => `${prefix}_test_${randomBytes(12).toString("hex")}`;
const now = () => Math.floor(Date.now() / 1000);

export type StripeStandin = Awaited<ReturnType<typeof startStripeStandin>>;

export async function startStripeStandin(opts: { port?: number; webhookUrl?: string; webhookSecret?: string } = {}) {
  const sessions = new Map<string, Obj>();
  const intents = new Map<string, Obj>();
  const charges = new Map<string, Obj>();
  const refunds = new Map<string, Obj>();
  const replies = new Map<string, { status: number; body: unknown }>();
  const delivered: { type: string; status: number }[] = [];
  let base = "";

  function signed(payload: string) {
    return Stripe.webhooks.generateTestHeaderString({ payload, secret: opts.webhookSecret ?? "" });
  }

  /** Sends a webhook event the way Stripe does (JSON body, Stripe-Signature header). */
  async function deliver(type: string, object: Obj) {
    const event = { id: id("evt"), object: "event", api_version: "2025-01-01", created: now(), livemode: false, type, data: { object }, pending_webhooks: 1, request: { id: null, idempotency_key: null } };
    if (!opts.webhookUrl) return event;
    const payload = JSON.stringify(event);
    const res = await fetch(opts.webhookUrl, { method: "POST", headers: { "Content-Type": "application/json", "Stripe-Signature": signed(payload) }, body: payload });
    delivered.push({ type, status: res.status });
    return event;
  }

  function pay(sessionId: string) {
    const s = sessions.get(sessionId);
    if (!s) throw new Error(`No such checkout session: ${sessionId}`);
    if (s.payment_status === "paid") return s;
    const charge = { id: id("ch"), object: "charge", amount: s.amount_total, amount_refunded: 0, refunded: false };
    charges.set(charge.id, charge);
    const pi = {
      id: id("pi"), object: "payment_intent", amount: s.amount_total, amount_received: s.amount_total, currency: s.currency,
      status: "succeeded", latest_charge: charge.id, metadata: (s.payment_intent_data as Obj | undefined)?.metadata ?? {},
    };
    intents.set(pi.id, pi);
    Object.assign(s, { status: "complete", payment_status: "paid", payment_intent: pi.id });
    return s;
  }

  const error = (status: number, message: string, code?: string) => ({ status, body: { error: { type: "invalid_request_error", message, code } } });

  function handle(method: string, url: URL, form: Obj): { status: number; body: unknown } {
    const parts = url.pathname.split("/").filter(Boolean);
    if (method === "POST" && url.pathname === "/v1/checkout/sessions") {
      const items = (form.line_items as Obj[] | undefined) ?? [];
      if (!items.length) return error(400, "Missing required param: line_items.", "parameter_missing");
      if (!form.success_url) return error(400, "Missing required param: success_url.", "parameter_missing");
      const amount = items.reduce((a, li) => a + Number((li.price_data as Obj).unit_amount) * Number(li.quantity ?? 1), 0);
      const sid = id("cs");
      const session = {
        id: sid, object: "checkout.session", mode: form.mode, status: "open", payment_status: "unpaid", amount_total: amount,
        currency: (items[0]!.price_data as Obj).currency, client_reference_id: form.client_reference_id ?? null,
        customer_email: form.customer_email ?? null, metadata: form.metadata ?? {}, payment_intent: null,
        payment_intent_data: form.payment_intent_data, success_url: form.success_url, cancel_url: form.cancel_url ?? null,
        expires_at: Number(form.expires_at ?? now() + 86400), url: `${base}/pay/${sid}`, livemode: false,
      };
      sessions.set(sid, session);
      return { status: 200, body: session };
    }
    if (method === "GET" && parts[0] === "v1" && parts[1] === "checkout" && parts[2] === "sessions" && parts[3]) {
      const s = sessions.get(parts[3]);
      return s ? { status: 200, body: s } : error(404, `No such checkout.session: '${parts[3]}'`, "resource_missing");
    }
    if (method === "GET" && parts[0] === "v1" && parts[1] === "payment_intents" && parts[2]) {
      const pi = intents.get(parts[2]);
      if (!pi) return error(404, `No such payment_intent: '${parts[2]}'`, "resource_missing");
      const expand = [...url.searchParams.entries()].filter(([k]) => k.startsWith("expand")).map(([, v]) => v);
      return { status: 200, body: expand.includes("latest_charge") ? { ...pi, latest_charge: charges.get(pi.latest_charge as string) } : pi };
    }
    if (method === "POST" && url.pathname === "/v1/refunds") {
      const pi = intents.get(String(form.payment_intent ?? ""));
      if (!pi) return error(400, `No such payment_intent: '${String(form.payment_intent)}'`, "resource_missing");
      const charge = charges.get(pi.latest_charge as string)!;
      const left = Number(charge.amount) - Number(charge.amount_refunded);
      const amount = form.amount === undefined ? left : Number(form.amount);
      if (!(amount > 0) || amount > left) {
        return error(400, `Refund amount (${amount}) is greater than unrefunded amount on charge (${left})`, "amount_too_large");
      }
      charge.amount_refunded = Number(charge.amount_refunded) + amount;
      charge.refunded = charge.amount_refunded === charge.amount;
      const refund = { id: id("re"), object: "refund", amount, currency: pi.currency, payment_intent: pi.id, charge: charge.id, status: "succeeded", metadata: form.metadata ?? {}, created: now() };
      refunds.set(refund.id, refund);
      return { status: 200, body: refund };
    }
    return error(404, `Unrecognized request URL (${method}: ${url.pathname}).`);
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const url = new URL(req.url ?? "/", base);
      const body = Buffer.concat(chunks).toString("utf8");
      // The hosted checkout page: a browser pays or cancels here.
      const pay_ = /^\/pay\/([^/]+)(\/pay)?$/.exec(url.pathname);
      if (pay_) {
        const s = sessions.get(pay_[1]!);
        if (!s) {
          res.writeHead(404).end("No such checkout session");
          return;
        }
        if (req.method === "POST" && pay_[2]) {
          const was = s.payment_status;
          pay(s.id as string);
          if (was !== "paid") await deliver("checkout.session.completed", s);
          res.writeHead(303, { Location: String(s.success_url).replace("{CHECKOUT_SESSION_ID}", String(s.id)) }).end();
          return;
        }
        const amount = (Number(s.amount_total) / 100).toFixed(2);
        res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end(`<!doctype html><html lang="en"><title>Pay (Stripe stand-in)</title>
<body style="font-family:sans-serif;max-width:30rem;margin:3rem auto"><h1>Stripe test checkout (local stand-in)</h1>
<p>Amount: <strong>${amount} ${String(s.currency).toUpperCase()}</strong></p>
<form method="post" action="/pay/${s.id}/pay"><button type="submit">Pay</button></form>
<p><a href="${String(s.cancel_url ?? "/")}">Cancel and go back</a></p></body></html>`);
        return;
      }
      const auth = req.headers.authorization ?? "";
      if (!/^Bearer sk_(test|live)_/.test(auth)) {
        res.writeHead(401, { "Content-Type": "application/json" }).end(JSON.stringify({ error: { type: "invalid_request_error", message: "Invalid API Key provided" } }));
        return;
      }
      const key = req.headers["idempotency-key"];
      const replayKey = typeof key === "string" ? `${req.method} ${url.pathname} ${key}` : null;
      const reply = (replayKey && replies.get(replayKey)) || handle(req.method ?? "GET", url, parseStripeForm(body));
      if (replayKey && reply.status < 500) replies.set(replayKey, reply);
      res.writeHead(reply.status, { "Content-Type": "application/json", "Request-Id": id("req") }).end(JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    sessions,
    intents,
    refunds,
    delivered,
    /** Pays a session as a customer would on the hosted page, and sends the webhook. */
    async payAndNotify(sessionId: string) {
      const s = pay(sessionId);
      return deliver("checkout.session.completed", s);
    },
    /**
     * A refund that Stripe later cannot pay out (as with the test card
     * 4000 0000 0000 5126): the money goes back to the charge and
     * `refund.updated` is sent with status failed.
     */
    async failRefund(refundId: string, reason = "expired_or_canceled_card") {
      const refund = refunds.get(refundId);
      if (!refund) throw new Error(`No such refund: ${refundId}`);
      const charge = charges.get(String(refund.charge));
      if (charge) {
        charge.amount_refunded = Number(charge.amount_refunded) - Number(refund.amount);
        charge.refunded = false;
      }
      Object.assign(refund, { status: "failed", failure_reason: reason });
      return deliver("refund.updated", refund);
    },
    deliver,
    signed,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

if (process.argv[1]?.endsWith("stripe-standin.ts")) {
  const s = await startStripeStandin({
    port: Number(process.env.STRIPE_STANDIN_PORT ?? 12111),
    webhookUrl: process.env.STRIPE_STANDIN_WEBHOOK_URL ?? "http://localhost:3000/webhooks/stripe",
    webhookSecret: process.env.STRIPE_WEBHOOK_SECRET,
  });
  console.log(`Stripe stand-in on ${s.url}; set STRIPE_API_URL=${s.url}`);
}
