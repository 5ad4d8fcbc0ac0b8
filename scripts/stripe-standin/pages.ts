// The two pages a browser sees at Stripe: Checkout (pay or cancel) and
// Connect onboarding (submit the account's details). Plain HTML; the
// stand-in says on each page that it is a stand-in.
import type { Obj } from "./params";

const esc = (s: unknown) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const page = (
  title: string,
  body: string,
) => `<!doctype html><html lang="en"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(title)}</title>
<body style="font-family:sans-serif;max-width:30rem;margin:3rem auto;padding:0 1rem">${body}</body></html>`;

export function checkoutPage(s: Obj) {
  if (s.mode === "setup") return setupPage(s);
  const amount = (Number(s.amount_total) / 100).toFixed(2);
  return page(
    "Pay (Stripe stand-in)",
    `<h1>Stripe test checkout (local stand-in)</h1>
<p>Amount: <strong>${amount} ${esc(String(s.currency).toUpperCase())}</strong></p>
${s.status === "open" ? `<form method="post" action="/pay/${esc(s.id)}/pay"><button type="submit">Pay</button></form>` : `<p>This checkout session is ${esc(s.status)}.</p>`}
<p><a href="${esc(s.cancel_url ?? "/")}">Cancel and go back</a></p>`,
  );
}

export function onboardingPage(link: string, account: Obj) {
  return page(
    "Connect your account (Stripe stand-in)",
    `<h1>Stripe Connect onboarding (local stand-in)</h1>
<p>Account <code>${esc(account.id)}</code>${account.email ? ` for ${esc(account.email)}` : ""}.</p>
<form method="post" action="/connect/${esc(link)}"><input type="hidden" name="outcome" value="complete"><button type="submit">Submit test details</button></form>
<form method="post" action="/connect/${esc(link)}" style="margin-top:1rem"><input type="hidden" name="outcome" value="later"><button type="submit">Save and finish later</button></form>`,
  );
}

/** Checkout in setup mode: a card is kept for later payments; the submit message is the one the merchant set. */
function setupPage(s: Obj) {
  const message = ((s.custom_text as Obj | null)?.submit as Obj | null)?.message;
  const card = (value: string, label: string, checked = false) =>
    `<label style="display:block;margin:.4rem 0"><input type="radio" name="card" value="${value}"${checked ? " checked" : ""}> ${esc(label)}</label>`;
  return page(
    "Save your card (Stripe stand-in)",
    `<h1>Stripe test checkout: save a card (local stand-in)</h1>
${
  s.status === "open"
    ? `<form method="post" action="/pay/${esc(s.id)}/pay"><fieldset><legend>Test card</legend>
${card("4242424242424242", "4242 4242 4242 4242 (payments succeed)", true)}
${card("4000000000000341", "4000 0000 0000 0341 (saved, then payments are declined)")}
${card("4000002760003184", "4000 0027 6000 3184 (every payment asks for authentication)")}
</fieldset>${message ? `<p>${esc(message)}</p>` : ""}<button type="submit">Save card</button></form>`
    : `<p>This checkout session is ${esc(s.status)}.</p>`
}
<p><a href="${esc(s.cancel_url ?? "/")}">Cancel and go back</a></p>`,
  );
}
