import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js/max";

/**
 * A phone number as a customer types it, read in the shop's country unless
 * it starts with + (libphonenumber-js, full metadata), as E.164; null when it
 * is not a mobile-capable number there (a fixed line cannot get an SMS).
 */
export function mobileE164(raw: string, country: string): string | null {
  if (raw.length > 40) return null;
  const parsed = parsePhoneNumberFromString(raw, { defaultCountry: country.toUpperCase() as CountryCode, extract: false });
  if (!parsed?.isValid()) return null;
  const type = parsed.getType();
  // Unknown types (some countries do not tell mobile from fixed) are given the benefit of the doubt.
  if (type && !["MOBILE", "FIXED_LINE_OR_MOBILE", "PERSONAL_NUMBER"].includes(type)) return null;
  return parsed.number;
}
