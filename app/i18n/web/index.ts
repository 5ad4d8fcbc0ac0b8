import type { Locale } from "../index";
import { common } from "./common";
import { office } from "./office";
import { catalog } from "./catalog";
import { stock } from "./stock";
import { orders } from "./orders";
import { customers } from "./customers";
import { till } from "./till";
import { staff } from "./staff";
import { settings } from "./settings";
import { payments } from "./payments";
import { reports } from "./reports";
import { store } from "./store";
import { account } from "./account";

/**
 * Every web message, by language. One file per area (its English and French
 * side by side), merged here: add an area with one line in each list.
 */
const areas = [common, office, catalog, stock, orders, customers, till, staff, settings, payments, reports, store, account] as const;

type Area = (typeof areas)[number];
export type WebKey = Area extends infer A ? (A extends { en: Record<infer K, string> } ? K : never) : never;

function merge(locale: Locale): Record<WebKey, string> {
  return Object.assign(Object.create(null) as Record<WebKey, string>, ...areas.map((a) => a[locale]));
}

export const webCatalogs: Record<Locale, Record<WebKey, string>> = { en: merge("en"), fr: merge("fr") };
