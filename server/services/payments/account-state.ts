/**
 * A connected Stripe account's state in words for the shop (pure: the
 * Payments page and the tests share it). Field names Stripe lists as due
 * are turned into what a person would call them where we know the name.
 */
export type AccountRow = {
  accountId: string;
  chargesEnabled: boolean;
  payoutsEnabled: boolean;
  detailsSubmitted: boolean;
  currentlyDue: string[];
  pastDue: string[];
  currentDeadline: Date | string | null;
  disabledReason: string | null;
};

const FIELD_NAMES: Record<string, string> = {
  external_account: "a bank account for payouts",
  "business_profile.url": "the shop's website or a description of what it sells",
  "business_profile.mcc": "the kind of business",
  "tos_acceptance.date": "acceptance of Stripe's terms",
  "tos_acceptance.ip": "acceptance of Stripe's terms",
  "individual.verification.document": "an identity document",
  "individual.id_number": "an identity number",
  "company.tax_id": "the company's tax number",
  "representative.verification.document": "the representative's identity document",
};

export function fieldInWords(field: string): string {
  return FIELD_NAMES[field] ?? field.replace(/[._]/g, " ");
}

export type AccountWords = {
  status: "not_connected" | "incomplete" | "restricted" | "active";
  headline: string;
  lines: string[];
  due: string[];
  deadline: Date | null;
};

export function describeAccount(row: AccountRow | null): AccountWords {
  if (!row) {
    return { status: "not_connected", headline: "No Stripe account connected: customers cannot pay by card online yet.", lines: [], due: [], deadline: null };
  }
  const due = [...new Set([...row.pastDue, ...row.currentlyDue].map(fieldInWords))];
  const deadline = row.currentDeadline ? new Date(row.currentDeadline) : null;
  const lines = [
    row.detailsSubmitted ? "Details submitted to Stripe." : "Details not submitted to Stripe yet.",
    row.chargesEnabled ? "Card payments: on. Customers can pay by card." : "Card payments: off. Customers are not offered card payment.",
    row.payoutsEnabled
      ? "Payouts: on. Stripe pays your balance into your bank account."
      : "Payouts: off. Stripe holds your balance until it has what it needs.",
  ];
  const status = row.chargesEnabled && row.payoutsEnabled ? (due.length ? "restricted" : "active") : row.detailsSubmitted ? "restricted" : "incomplete";
  const headline = {
    active: "Your Stripe account is connected and taking card payments.",
    restricted: "Stripe needs more information about your account.",
    incomplete: "Finish connecting your Stripe account to take card payments.",
    not_connected: "",
  }[status];
  return { status, headline, lines, due, deadline };
}
