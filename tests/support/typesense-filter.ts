// The filter_by language of Typesense (server v30), as its documentation and
// source (src/filter.cpp, StringUtils::split_to_values) define it, for the
// strict local stand-in: parse like the server, refuse what it refuses with
// its messages, and evaluate a parsed filter on a stored document.

export type FieldSchema = {
  name: string;
  type: string;
  facet?: boolean;
  index?: boolean;
  optional?: boolean;
  sort?: boolean;
  infix?: boolean;
  locale?: string;
  stem?: boolean;
};

type Comparator = "=" | "!=" | ":" | ">" | ">=" | "<" | "<=";
export type Clause =
  | { kind: "string"; field: string; exact: boolean; negate: boolean; values: { tokens: string[]; prefix: boolean }[] }
  | { kind: "number"; field: string; comparisons: { op: Comparator; value: number }[]; ranges: [number, number][]; negate: boolean }
  | { kind: "bool"; field: string; value: boolean; negate: boolean }
  | { kind: "geo"; field: string; lat: number; lng: number; meters: number }
  | { kind: "id"; values: string[]; negate: boolean };
export type FilterNode = { op: "&&" | "||"; left: FilterNode; right: FilterNode } | { clause: Clause };

export class TypesenseError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
const bad = (message: string) => new TypesenseError(400, message);

/** Typesense's tokenizer, close enough for filters and search: letters and digits, lower-cased, split on the rest. */
export function tokens(text: string, separators = ""): string[] {
  const sep = separators ? `[${separators.replace(/[\]\\^-]/g, "\\$&")}]` : "";
  const spaced = sep ? text.replace(new RegExp(sep, "g"), " ") : text;
  return spaced
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .split(/\s+/)
    .map((w) => w.replace(/[^\p{L}\p{N}]/gu, ""))
    .filter(Boolean);
}

/** Values of a list or a single value, split as StringUtils::split_to_values does (backticks, an escaped tick keeps its backslash). */
export function splitValues(text: string): string[] {
  const out: string[] = [];
  let inside = false;
  let buffer = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    const escapedTick = i !== 0 && c === "`" && text[i - 1] === "\\";
    if (c === "`") {
      if (escapedTick) buffer += c;
      else if (inside && buffer !== "") inside = false;
      else inside = true;
    } else if (c === "," && !inside) {
      out.push(buffer.trim());
      buffer = "";
    } else buffer += c;
  }
  if (buffer !== "") out.push(buffer.trim());
  return out;
}

/** Splits an expression at top-level && / || (outside backticks, brackets and parentheses), left to right. */
function parseExpression(text: string, schema: Map<string, FieldSchema>): FilterNode {
  const s = text.trim();
  if (!s) throw bad("Could not parse the filter query.");
  let depth = 0;
  let tick = false;
  let lastOp = -1;
  let lastOpText: "&&" | "||" = "&&";
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === "`" && s[i - 1] !== "\\") tick = !tick;
    if (tick) continue;
    if (c === "(" || c === "[") depth++;
    else if (c === ")" || c === "]") depth--;
    else if (depth === 0 && (s.startsWith("&&", i) || s.startsWith("||", i))) {
      lastOp = i;
      lastOpText = s.slice(i, i + 2) as "&&" | "||";
      i++;
    }
  }
  if (depth !== 0 || tick) throw bad("Could not parse the filter query: unbalanced parentheses or backticks.");
  if (lastOp >= 0) return { op: lastOpText, left: parseExpression(s.slice(0, lastOp), schema), right: parseExpression(s.slice(lastOp + 2), schema) };
  if (s.startsWith("(") && s.endsWith(")") && !/^\(\s*-?\d/.test(s)) return parseExpression(s.slice(1, -1), schema);
  return { clause: parseClause(s, schema) };
}

export function parseFilter(text: string, schema: FieldSchema[]): FilterNode {
  return parseExpression(text, new Map(schema.map((f) => [f.name, f])));
}

const NUMBER = /^-?\d+(\.\d+)?$/;

function parseClause(text: string, schema: Map<string, FieldSchema>): Clause {
  const colon = text.indexOf(":");
  if (colon <= 0) throw bad("Could not parse the filter query.");
  const name = text.slice(0, colon).trim();
  let rest = text.slice(colon + 1).trim();
  if (name === "id") {
    let negate = false;
    if (rest.startsWith("!=")) {
      negate = true;
      rest = rest.slice(2);
    } else if (rest.startsWith("=")) rest = rest.slice(1);
    const values = listValues(rest.trim());
    if (!values.length || values.some((v) => !v)) throw bad("Error with filter field `id`: Filter value cannot be empty.");
    return { kind: "id", values, negate };
  }
  const field = schema.get(name);
  if (!field) throw bad(`Could not find a filter field named \`${name}\` in the schema.`);
  if (field.index === false) throw bad(`Cannot filter on non-indexed field \`${name}\`.`);
  if (field.type === "geopoint") {
    const m = /^\(\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*,\s*(\d+(?:\.\d+)?)\s*(km|mi)\s*\)$/.exec(rest);
    if (!m) throw bad(`Value of filter field \`${name}\`: must be in the \`(-44.50, 170.29, 0.75 km)\` or (56.33, -65.97, 23.82, -127.82) format.`);
    const lat = Number(m[1]);
    const lng = Number(m[2]);
    const radius = Number(m[3]);
    if (Math.abs(lat) > 90 || Math.abs(lng) > 180) throw bad(`Value of filter field \`${name}\`: latitude or longitude out of range.`);
    return { kind: "geo", field: name, lat, lng, meters: radius * (m[4] === "mi" ? 1609.34 : 1000) };
  }
  let op: Comparator = ":";
  for (const candidate of ["!=", ">=", "<=", "=", ">", "<"] as const)
    if (rest.startsWith(candidate)) {
      op = candidate;
      rest = rest.slice(candidate.length).trim();
      break;
    }
  const base = field.type.replace("[]", "");
  if (base === "bool") {
    if (rest !== "true" && rest !== "false") throw bad(`Value of filter field \`${name}\` must be \`true\` or \`false\`.`);
    return { kind: "bool", field: name, value: rest === "true", negate: op === "!=" };
  }
  if (base === "int32" || base === "int64" || base === "float") {
    const values = listValues(rest);
    const comparisons: { op: Comparator; value: number }[] = [];
    const ranges: [number, number][] = [];
    for (const v of values) {
      const range = /^(-?\d+(?:\.\d+)?)\s*\.\.\s*(-?\d+(?:\.\d+)?)$/.exec(v);
      if (range) ranges.push([Number(range[1]), Number(range[2])]);
      else if (NUMBER.test(v)) {
        if (base === "int32" && (Number(v) > 2147483647 || Number(v) < -2147483648)) throw bad(`Error with filter field \`${name}\`: Not an int32.`);
        comparisons.push({ op, value: Number(v) });
      } else throw bad(`Error with filter field \`${name}\`: Not an ${base}.`);
    }
    return { kind: "number", field: name, comparisons, ranges, negate: op === "!=" };
  }
  if (base !== "string") throw bad(`Cannot filter on field \`${name}\` of type ${field.type}.`);
  if (op !== ":" && op !== "=" && op !== "!=") throw bad(`Error with filter field \`${name}\`: a string filter takes \`:\`, \`:=\` or \`:!=\`.`);
  const parsed = listValues(rest).map((raw) => {
    const prefix = raw.length > 1 && raw.endsWith("*");
    const t = tokens(prefix ? raw.slice(0, -1) : raw);
    if (!t.length) throw bad(`Error with filter field \`${name}\`: Filter value cannot be empty.`);
    return { tokens: t, prefix };
  });
  if (!parsed.length) throw bad(`Error with filter field \`${name}\`: Filter value cannot be empty.`);
  return { kind: "string", field: name, exact: op !== ":", negate: op === "!=", values: parsed };
}

function listValues(text: string): string[] {
  const t = text.trim();
  if (t.startsWith("[")) {
    if (!t.endsWith("]")) throw bad("Could not parse the filter query: a list must end with `]`.");
    return splitValues(t.slice(1, -1));
  }
  return splitValues(t);
}

const EARTH_METERS = 6371008.8;
export function metersBetween(a: [number, number], b: [number, number]): number {
  const rad = Math.PI / 180;
  const dLat = (b[0] - a[0]) * rad;
  const dLng = (b[1] - a[1]) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[0] * rad) * Math.cos(b[0] * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_METERS * Math.asin(Math.min(1, Math.sqrt(h)));
}

function stringMatches(stored: unknown, value: { tokens: string[]; prefix: boolean }, exact: boolean): boolean {
  const items = Array.isArray(stored) ? stored : [stored];
  return items.some((item) => {
    if (typeof item !== "string") return false;
    const have = tokens(item);
    if (value.prefix) return value.tokens.every((t, i) => (i === value.tokens.length - 1 ? have[i]?.startsWith(t) : have[i] === t));
    if (exact) return have.length === value.tokens.length && have.every((t, i) => t === value.tokens[i]);
    return value.tokens.every((t) => have.includes(t));
  });
}

export function evaluate(node: FilterNode, doc: Record<string, unknown>): boolean {
  if ("op" in node) return node.op === "&&" ? evaluate(node.left, doc) && evaluate(node.right, doc) : evaluate(node.left, doc) || evaluate(node.right, doc);
  const c = node.clause;
  switch (c.kind) {
    case "id": {
      const hit = c.values.includes(String(doc.id));
      return c.negate ? !hit : hit;
    }
    case "geo": {
      const at = doc[c.field] as [number, number] | undefined;
      return !!at && metersBetween([c.lat, c.lng], at) <= c.meters;
    }
    case "bool":
      return c.negate ? doc[c.field] !== c.value : doc[c.field] === c.value;
    case "number": {
      const items = (Array.isArray(doc[c.field]) ? doc[c.field] : [doc[c.field]]) as unknown[];
      const hit = items.some(
        (v) =>
          typeof v === "number" &&
          (c.comparisons.some(({ op, value }) =>
            op === ">" ? v > value : op === ">=" ? v >= value : op === "<" ? v < value : op === "<=" ? v <= value : v === value,
          ) ||
            c.ranges.some(([lo, hi]) => v >= lo && v <= hi)),
      );
      return c.negate ? !hit : hit;
    }
    case "string": {
      const hit = c.values.some((v) => stringMatches(doc[c.field], v, c.exact));
      return c.negate ? !hit : hit;
    }
  }
}
