// The parameters the stand-in accepts per endpoint: a subset of the
// `stripe` package's generated params types (node_modules/stripe/esm/
// resources/*.d.ts), each name and enum copied from there. Anything else
// is refused with Stripe's "Received unknown parameter" error, so a typo
// or a parameter our code was never checked with fails in tests.
import type { Spec } from "./params";

const expand: Spec = { arr: "string", max: 20 };
const list = { limit: { int: { min: 1, max: 100 } }, starting_after: "id", ending_before: "id", expand } satisfies Record<string, Spec>;

/** AccountCreateParams (type, country, email, default_currency, business_type, metadata, expand). */
export const accountCreate: Record<string, Spec> = {
  type: { enum: ["custom", "express", "standard"] },
  country: "string",
  email: "string",
  default_currency: "currency",
  business_type: { enum: ["company", "government_entity", "individual", "non_profit"] },
  metadata: "metadata",
  expand,
};

/** AccountLinkCreateParams. */
export const accountLinkCreate: Record<string, Spec> = {
  account: "id",
  type: { enum: ["account_onboarding", "account_update"] },
  collect: { enum: ["currently_due", "eventually_due"] },
  refresh_url: "url",
  return_url: "url",
  expand,
};

/** Checkout.SessionCreateParams, the part a one-time card payment uses. */
export const sessionCreate: Record<string, Spec> = {
  mode: { enum: ["payment", "setup", "subscription"] },
  allowed_payment_method_types: { arr: { enum: ["card", "sepa_debit", "ideal", "bancontact", "paypal", "klarna", "link"] }, max: 20 },
  line_items: {
    arr: {
      obj: {
        quantity: { int: { min: 1, max: 999_999 } },
        price_data: {
          obj: {
            currency: "currency",
            unit_amount: { int: { min: 0, max: 99_999_999 } },
            product_data: { obj: { name: "string", description: "string", metadata: "metadata" }, required: ["name"] },
            tax_behavior: { enum: ["exclusive", "inclusive", "unspecified"] },
          },
          required: ["currency", "product_data"],
        },
      },
      required: ["quantity"],
    },
    max: 100,
  },
  client_reference_id: "string",
  customer: "id",
  customer_email: "string",
  custom_text: { obj: { submit: { obj: { message: "string" }, required: ["message"] } } },
  locale: { enum: ["auto", "en", "en-GB", "fr", "fr-CA", "de", "es", "it", "nl"] },
  metadata: "metadata",
  payment_intent_data: {
    obj: {
      application_fee_amount: { int: { min: 0, max: 99_999_999 } },
      description: "string",
      metadata: "metadata",
      receipt_email: "string",
      statement_descriptor_suffix: "string",
    },
  },
  setup_intent_data: { obj: { description: "string", metadata: "metadata" } },
  success_url: "url",
  cancel_url: "url",
  expires_at: "timestamp",
  expand,
};

/** CustomerCreateParams, the part a card kept for one checkout across shops uses. */
export const customerCreate: Record<string, Spec> = { email: "string", name: "string", description: "string", metadata: "metadata", expand };

/** PaymentMethodCreateParams for Connect's cloning: a platform customer's card copied to a connected account. */
export const paymentMethodCreate: Record<string, Spec> = { customer: "id", payment_method: "id", metadata: "metadata", expand };

/** PaymentIntentCreateParams, the part a confirmed card charge on a connected account uses. */
export const paymentIntentCreate: Record<string, Spec> = {
  amount: { int: { min: 1, max: 99_999_999 } },
  currency: "currency",
  allowed_payment_method_types: { arr: { enum: ["card", "sepa_debit", "ideal", "bancontact", "paypal", "klarna", "link"] }, max: 20 },
  application_fee_amount: { int: { min: 0, max: 99_999_999 } },
  confirm: "bool",
  customer: "id",
  description: "string",
  error_on_requires_action: "bool",
  metadata: "metadata",
  off_session: "bool",
  payment_method: "id",
  receipt_email: "string",
  return_url: "url",
  statement_descriptor_suffix: "string",
  expand,
};

export const sessionExpire: Record<string, Spec> = { expand };

/** RefundCreateParams. */
export const refundCreate: Record<string, Spec> = {
  amount: { int: { min: 1, max: 99_999_999 } },
  charge: "id",
  payment_intent: "id",
  metadata: "metadata",
  reason: { enum: ["duplicate", "fraudulent", "requested_by_customer"] },
  refund_application_fee: "bool",
  reverse_transfer: "bool",
  expand,
};

export const retrieve: Record<string, Spec> = { expand };
export const refundList: Record<string, Spec> = { ...list, charge: "id", payment_intent: "id", created: "int" };
export const payoutList: Record<string, Spec> = {
  ...list,
  status: { enum: ["pending", "paid", "failed", "canceled", "in_transit"] },
  arrival_date: "int",
  created: "int",
};
export const balanceTransactionList: Record<string, Spec> = { ...list, payout: "id", source: "id", type: "string", currency: "currency", created: "int" };
export const disputeList: Record<string, Spec> = { ...list, charge: "id", payment_intent: "id", created: "int" };
export const applicationFeeList: Record<string, Spec> = { ...list, charge: "id", created: "int" };
