import { TYPE, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";

/**
 * A message's shape for the catalogue tests: each placeholder with its kind,
 * each tag, and for a select or plural the cases it offers
 * ("count:plural(one|other)"). Two languages' texts of one key must match.
 */
export function icuShape(elements: MessageFormatElement[], out = new Set<string>()): Set<string> {
  for (const el of elements) {
    if (el.type === TYPE.argument || el.type === TYPE.number || el.type === TYPE.date || el.type === TYPE.time) out.add(`${el.value}:${TYPE[el.type]}`);
    if (el.type === TYPE.select || el.type === TYPE.plural) {
      out.add(`${el.value}:${TYPE[el.type]}(${Object.keys(el.options).sort().join("|")})`);
      for (const option of Object.values(el.options)) icuShape(option.value, out);
    }
    if (el.type === TYPE.tag) {
      out.add(`<${el.value}>`);
      icuShape(el.children, out);
    }
  }
  return out;
}
