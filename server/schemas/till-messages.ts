import type { Locale } from "../../app/i18n";
import type { WebKey } from "../../app/i18n/web";
import { translate } from "../../app/i18n/web/translate";
import type { FieldErrors } from "../services/errors";

/**
 * What a till's input lacks, said in the caller's language: per field and
 * zod issue code ("name:too_small"), the catalogue key of the sentence the
 * till shows, in English the schema's own words. An issue not listed here
 * (a wrong type: hostile input, not a person typing) keeps the schema's
 * English message.
 */
export type InputKeys = Record<string, WebKey>;

export const LOOKUP_KEYS: InputKeys = {
  "q:too_small": "till.input.searchEmpty",
  "q:too_big": "till.input.searchLong",
};
export const CUSTOMER_SEARCH_KEYS: InputKeys = { "q:too_big": "till.input.searchLong" };
export const CUSTOMER_ADD_KEYS: InputKeys = {
  "name:too_small": "till.input.name",
  "name:too_big": "till.input.nameLong",
  // The refinement asking for an email or a phone is reported on `email`.
  "email:custom": "till.customer.noContact",
  "email:invalid_format": "till.input.email",
  "email:too_big": "till.input.emailLong",
  "phone:invalid_format": "till.input.phone",
};

type Issue = { path: readonly PropertyKey[]; code: string; message: string };

/** Each failing field's sentence in `locale` (the first issue of a field wins, as in fieldErrorsOf). */
export function inputMessages(locale: Locale, issues: readonly Issue[], keys: InputKeys): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of issues) {
    const field = issue.path.map(String).join(".") || "form";
    const id = `${field}:${issue.code}`;
    out[field] ??= Object.hasOwn(keys, id) ? translate(locale, keys[id]!) : issue.message;
  }
  return out;
}
