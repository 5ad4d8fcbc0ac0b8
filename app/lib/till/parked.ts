import { z } from "zod";
import { TaxClass } from "../../../server/db/generated/enums";
import type { Parked } from "./reducer";
import { intlLocale, type Locale } from "../../i18n";
import { translator } from "../../i18n/web/translate";

/**
 * Parked sales as a till keeps them (the register in IndexedDB, the back
 * office's till in localStorage): read back through this schema, so a
 * copy another version wrote, or someone edited, is dropped rather than
 * put in a cart.
 */
const LineSchema = z.object({
  variantId: z.string().min(1).max(100),
  productId: z.string().max(100).optional(),
  title: z.string().max(500),
  variantTitle: z.string().max(500),
  sku: z.string().max(200),
  unitPrice: z.number().int().min(0).max(1e12),
  quantity: z.number().int().min(1).max(9999),
  available: z.number().int().min(-1e9).max(1e9),
  taxClass: z.enum(TaxClass),
  custom: z.boolean().optional(),
  discountKind: z.enum(["percent", "amount"]).optional(),
  discountText: z.string().max(50).optional(),
  note: z.string().max(200).optional(),
});
export const ParkedSchema = z.object({
  id: z.string().min(1).max(100),
  lines: z.array(LineSchema).min(1).max(500),
  discountKind: z.enum(["percent", "amount"]),
  discountText: z.string().max(50),
  customer: z
    .object({ id: z.string().min(1).max(100), name: z.string().max(200), email: z.string().max(254).nullable(), phone: z.string().max(40).nullable() })
    .nullable()
    .optional(),
  total: z.number().int().min(0).max(1e12),
  parkedAt: z
    .string()
    .max(40)
    .refine((t) => !Number.isNaN(Date.parse(t))),
  by: z.string().max(200),
});

/** The parked sales that read as such; anything else is left out. */
export function readParked(values: unknown): Parked[] {
  if (!Array.isArray(values)) return [];
  return values.flatMap((v) => {
    const parsed = ParkedSchema.safeParse(v);
    return parsed.success ? [parsed.data] : [];
  });
}

const key = (shopId: string) => `nearshop:parked:${shopId}`;

/** The back office's till: parked sales per shop in this browser's localStorage. */
export function loadParkedLocal(shopId: string): Parked[] {
  try {
    return readParked(JSON.parse(window.localStorage.getItem(key(shopId)) ?? "[]"));
  } catch {
    return [];
  }
}

export function saveParkedLocal(shopId: string, parked: Parked[]) {
  try {
    if (parked.length) window.localStorage.setItem(key(shopId), JSON.stringify(parked));
    else window.localStorage.removeItem(key(shopId));
  } catch {
    // Storage full or refused (private mode): the list lives as long as the page.
  }
}

/** "3 items, €12.40, 14:05 by Ann": a parked sale as the list names it. */
export function parkedLabel(p: Parked, money: (n: number) => string, timeZone: string, locale: Locale = "en") {
  const items = p.lines.reduce((n, l) => n + l.quantity, 0);
  const time = new Intl.DateTimeFormat(intlLocale(locale), { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(new Date(p.parkedAt));
  return translator(locale)("till.parked.label", { count: items, total: money(p.total), time, by: p.by });
}
