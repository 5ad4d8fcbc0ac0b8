/**
 * What an SMS costs: GSM-7 (160 characters, 153 per part once split) when
 * every character is in the GSM 03.38 alphabet, else UCS-2 (70, 67 per part,
 * counted in UTF-16 units). French mostly fits GSM-7: é è à ù É Ç are in it;
 * ç â ê î ô û ë ï œ ° « » ’ and typographic spaces are not, and one of them
 * turns the whole text into UCS-2 (docs/decisions/0033-i18n-messages.md).
 */
const GSM7_BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
/** Sent as escape + character: each counts twice. */
const GSM7_EXTENDED = "\f^{}\\[~]|€";
const BASIC = new Set(GSM7_BASIC);
const EXTENDED = new Set(GSM7_EXTENDED);

export type SmsCost = { encoding: "GSM-7" | "UCS-2"; units: number; segments: number };

export function smsCost(text: string): SmsCost {
  let units = 0;
  for (const ch of text) {
    if (BASIC.has(ch)) units += 1;
    else if (EXTENDED.has(ch)) units += 2;
    else {
      const utf16 = text.length;
      return { encoding: "UCS-2", units: utf16, segments: utf16 <= 70 ? 1 : Math.ceil(utf16 / 67) };
    }
  }
  return { encoding: "GSM-7", units, segments: units <= 160 ? 1 : Math.ceil(units / 153) };
}

/**
 * Typography that `Intl` and people add but an SMS need not carry (narrow
 * and no-break spaces in "14:00 – 14:30" or "1,40 €", curly quotes, dashes),
 * replaced by their GSM-7 look-alikes so one of them does not halve the room.
 */
export function plainSmsText(text: string): string {
  return text
    .replace(/[\u00a0\u2000-\u200a\u202f\u205f]/g, " ")
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/[\u201c\u201d\u00ab\u00bb]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, "-")
    .replace(/\u2026/g, "...");
}

/** A customer's SMS stays within two parts when it can (see smsBody). */
export const SMS_MAX_SEGMENTS = 2;
