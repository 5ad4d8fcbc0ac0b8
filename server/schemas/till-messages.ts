import type { Locale } from "../../app/i18n";
import type { WebKey } from "../../app/i18n/web";
import { translate } from "../../app/i18n/web/translate";
import type { FieldErrors } from "../services/errors";

/**
 * What a till's input lacks, said in the caller's language: per field (and,
 * where one field fails in more than one way, per zod issue code), the
 * catalogue key of the sentence the till shows. The schemas keep their
 * English messages for everyone else.
 */
export type InputKeys = Record<string, WebKey>;

export const LOOKUP_KEYS: InputKeys = {
  "q:too_small": "till.input.searchEmpty",
  q: "till.input.searchLong",
  locationId: "till.input.location",
};
export const CUSTOMER_SEARCH_KEYS: InputKeys = { q: "till.input.searchLong" };
export const CUSTOMER_ADD_KEYS: InputKeys = {
  "name:too_small": "till.customer.noName",
  name: "till.input.nameLong",
  // The refinement asking for an email or a phone is reported on `email`.
  "email:custom": "till.customer.noContact",
  email: "till.input.email",
  phone: "till.input.phone",
};

type Issue = { path: readonly PropertyKey[]; code: string };

/** Each failing field's sentence in `locale`, or undefined when a field has no key here (its own message stands). */
export function inputMessages(locale: Locale, issues: readonly Issue[], keys: InputKeys): FieldErrors | undefined {
  const out: FieldErrors = {};
  for (const issue of issues) {
    const field = issue.path.map(String).join(".") || "form";
    const key = Object.hasOwn(keys, `${field}:${issue.code}`) ? keys[`${field}:${issue.code}`] : Object.hasOwn(keys, field) ? keys[field] : undefined;
    if (!key) return undefined;
    out[field] ??= translate(locale, key);
  }
  return Object.keys(out).length ? out : undefined;
}
