import type { Locale } from "../index";
import { common } from "./common";
import { store } from "./store";
import { account } from "./account";

/**
 * Every web message, by language. One file per area (its English and French
 * side by side), merged here: add an area with one line in each list.
 */
const areas = [common, store, account] as const;

type Area = (typeof areas)[number];
export type WebKey = Area extends infer A ? (A extends { en: Record<infer K, string> } ? K : never) : never;

function merge(locale: Locale): Record<WebKey, string> {
  return Object.assign(Object.create(null) as Record<WebKey, string>, ...areas.map((a) => a[locale]));
}

export const webCatalogs: Record<Locale, Record<WebKey, string>> = { en: merge("en"), fr: merge("fr") };
