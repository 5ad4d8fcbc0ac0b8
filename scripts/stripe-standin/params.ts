// Stripe's request parameters as the stand-in checks them: the form
// encoding, and a strict schema per endpoint (unknown parameters and
// values out of range answered as Stripe answers them). Each schema
// follows the `stripe` package's `*CreateParams` / `*ListParams` types,
// which are generated from Stripe's OpenAPI description.

export type Obj = Record<string, unknown>;

/** Stripe's form encoding: a[b][0][c]=1 → { a: { b: [{ c: "1" }] } }. */
export function parseStripeForm(body: string): Obj {
  const root: Obj = Object.create(null) as Obj;
  for (const [key, value] of new URLSearchParams(body)) {
    const path = key.replace(/\]/g, "").split("[");
    let node: Obj | unknown[] = root;
    path.forEach((part, i) => {
      const last = i === path.length - 1;
      const nextIsIndex = !last && /^\d+$/.test(path[i + 1]!);
      const holder = node as Record<string, unknown>;
      if (last) holder[part] = value;
      else {
        if (!Object.prototype.hasOwnProperty.call(holder, part)) holder[part] = nextIsIndex ? [] : (Object.create(null) as Obj);
        node = holder[part] as Obj;
      }
    });
  }
  return root;
}

export type Spec =
  | "string"
  | "int"
  | "bool"
  | "timestamp"
  | "currency"
  | "url"
  | "metadata"
  | "id"
  | { enum: readonly string[] }
  | { int: { min?: number; max?: number } }
  | { obj: Record<string, Spec>; required?: readonly string[] }
  | { arr: Spec; max?: number };

export class ParamError extends Error {
  constructor(
    message: string,
    readonly param: string,
    readonly code: string,
  ) {
    super(message);
  }
}

const bracket = (path: string[]) => path.map((p, i) => (i === 0 ? p : `[${p}]`)).join("");

/** Checks and converts a parsed form against a spec; throws ParamError as Stripe would answer. */
export function checkParams(spec: Record<string, Spec>, form: Obj, required: readonly string[] = []): Obj {
  return checkObject({ obj: spec, required }, form, []);
}

function checkObject(spec: { obj: Record<string, Spec>; required?: readonly string[] }, value: unknown, path: string[]): Obj {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ParamError(`Invalid object`, bracket(path), "parameter_invalid_object");
  }
  const out: Obj = {};
  for (const [k, v] of Object.entries(value as Obj)) {
    const child = Object.prototype.hasOwnProperty.call(spec.obj, k) ? spec.obj[k] : undefined;
    if (!child) throw new ParamError(`Received unknown parameter: ${bracket([...path, k])}`, bracket([...path, k]), "parameter_unknown");
    out[k] = checkValue(child, v, [...path, k]);
  }
  for (const r of spec.required ?? []) {
    if (out[r] === undefined) throw new ParamError(`Missing required param: ${bracket([...path, r])}.`, bracket([...path, r]), "parameter_missing");
  }
  return out;
}

function checkValue(spec: Spec, v: unknown, path: string[]): unknown {
  const param = bracket(path);
  if (typeof spec === "object") {
    if ("enum" in spec) {
      if (typeof v !== "string" || !spec.enum.includes(v)) {
        throw new ParamError(`Invalid ${param}: must be one of ${spec.enum.join(", ")}`, param, "parameter_invalid_string");
      }
      return v;
    }
    if ("int" in spec) {
      const n = toInt(v, param);
      if ((spec.int.min !== undefined && n < spec.int.min) || (spec.int.max !== undefined && n > spec.int.max)) {
        throw new ParamError(`Invalid ${param}: must be between ${spec.int.min ?? "-∞"} and ${spec.int.max ?? "∞"}`, param, "parameter_invalid_integer");
      }
      return n;
    }
    if ("obj" in spec) return checkObject(spec, v, path);
    const arr = Array.isArray(v) ? v : typeof v === "object" && v !== null ? Object.values(v) : null;
    if (!arr) throw new ParamError(`Invalid array`, param, "parameter_invalid_array");
    if (spec.max !== undefined && arr.length > spec.max) throw new ParamError(`${param} may have at most ${spec.max} items`, param, "parameter_invalid_array");
    return arr.map((item, i) => checkValue(spec.arr, item, [...path, String(i)]));
  }
  if (spec === "metadata") return checkMetadata(v, param);
  if (typeof v !== "string") throw new ParamError(`Invalid ${param}: expected a ${spec}`, param, "parameter_invalid_string");
  if (v.includes("\0")) throw new ParamError(`Invalid string: ${param} contains a null byte`, param, "parameter_invalid_string");
  switch (spec) {
    case "string":
      if (v.length > 5000) throw new ParamError(`Invalid ${param}: must be at most 5000 characters`, param, "parameter_invalid_string");
      return v;
    case "id":
      if (!/^[A-Za-z0-9_]{1,255}$/.test(v)) throw new ParamError(`Invalid ${param}: not an id`, param, "parameter_invalid_string");
      return v;
    case "int":
      return toInt(v, param);
    case "timestamp":
      return toInt(v, param);
    case "bool":
      if (v !== "true" && v !== "false") throw new ParamError(`Invalid boolean: ${v}`, param, "parameter_invalid_boolean");
      return v === "true";
    case "currency":
      if (!/^[a-z]{3}$/.test(v))
        throw new ParamError(`Invalid currency: ${v}. Stripe currently supports these currencies: eur, usd, gbp, ...`, param, "parameter_invalid_string");
      return v;
    case "url":
      if (!/^https?:\/\/[^\s]+$/.test(v) || v.length > 5000) throw new ParamError(`Not a valid URL`, param, "url_invalid");
      return v;
  }
}

function toInt(v: unknown, param: string): number {
  if (typeof v !== "string" || !/^-?\d{1,16}$/.test(v) || !Number.isSafeInteger(Number(v))) {
    throw new ParamError(`Invalid integer: ${String(v)}`, param, "parameter_invalid_integer");
  }
  return Number(v);
}

/** Metadata as Stripe limits it: at most 50 keys, keys up to 40 characters, values up to 500; "" unsets (Emptyable). */
export function checkMetadata(v: unknown, param = "metadata"): Record<string, string> {
  if (v === undefined || v === "") return {};
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw new ParamError("Invalid object", param, "parameter_invalid_object");
  const entries = Object.entries(v as Obj);
  if (entries.length > 50) throw new ParamError("You can specify up to 50 keys in metadata.", param, "parameter_invalid_object");
  const out: Record<string, string> = {};
  for (const [k, val] of entries) {
    if (k.length > 40) throw new ParamError(`Metadata keys can have up to 40 characters: ${k}`, `${param}[${k}]`, "parameter_invalid_string");
    if (typeof val !== "string" || val.length > 500)
      throw new ParamError(`Metadata values can have up to 500 characters`, `${param}[${k}]`, "parameter_invalid_string");
    out[k] = val;
  }
  return out;
}
