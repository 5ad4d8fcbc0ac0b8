/**
 * Stripe's minimum charge per currency, in minor units (Stripe's
 * "Minimum and maximum charge amounts" table; amounts are in the
 * currency's smallest unit as the API takes them). A card payment below
 * it is refused before Stripe is called. A currency not listed here is
 * not offered for card payment: Stripe would refuse it, or we do not
 * know its minimum.
 */
export const STRIPE_MINIMUM_CHARGE: Readonly<Record<string, number>> = {
  EUR: 50,
  USD: 50,
  GBP: 30,
  CHF: 50,
  CAD: 50,
  AUD: 50,
  NZD: 50,
  SGD: 50,
  DKK: 250,
  NOK: 300,
  SEK: 300,
  PLN: 200,
  CZK: 1500,
  RON: 200,
  BGN: 100,
  HUF: 17500,
  JPY: 50,
  MXN: 1000,
  HKD: 400,
  AED: 200,
};

/** Stripe's largest amount for one charge (eight digits in minor units). */
export const STRIPE_MAXIMUM_CHARGE = 99_999_999;

export function stripeMinimum(currency: string): number | null {
  return STRIPE_MINIMUM_CHARGE[currency.toUpperCase()] ?? null;
}
