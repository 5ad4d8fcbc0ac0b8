// A local Typesense-protocol server for tests, as strict as Typesense v30
// where the Nearshop engine can trip: it keeps collections, aliases and
// documents in memory, checks every request the way the server does (API
// key, collection schemas, documents against them, `filter_by` grammar,
// facet and group fields, `per_page` up to 250, GET query strings up to
// 4,000 characters, import lines answered one by one) with the server's own
// messages, and answers searches (filters, typo-tolerant prefix matching,
// facets, geo sort and distances in whole metres) so that the search
// conformance suite runs against it as a third engine.
//
// Not a search engine: its ranking is a simple model of Typesense's (words
// matched, then typos, then field weight); README lists what differs.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { evaluate, metersBetween, parseFilter, tokens, TypesenseError, type FieldSchema, type FilterNode } from "./typesense-filter";
import { fieldTokens, LOCALES, stem } from "./typesense-stem";

type Collection = { name: string; fields: FieldSchema[]; token_separators: string[]; created_at: number; docs: Map<string, Record<string, unknown>> };
type Params = Record<string, string | number | boolean | undefined>;

const TYPES = new Set(["string", "string[]", "int32", "int32[]", "int64", "int64[]", "float", "float[]", "bool", "bool[]", "geopoint", "object", "auto"]);
const bad = (message: string, status = 400) => new TypesenseError(status, message);

export type TypesenseStandin = {
  url: string;
  apiKey: string;
  requests: { method: string; path: string; query: string; body: string }[];
  close: () => Promise<void>;
};

export async function startTypesenseStandin(apiKey = "standin-key"): Promise<TypesenseStandin> {
  const collections = new Map<string, Collection>();
  const aliases = new Map<string, string>();
  const requests: TypesenseStandin["requests"] = [];

  const resolve = (name: string) => {
    const c = collections.get(aliases.get(name) ?? name);
    if (!c) throw bad(`Not found.`, 404);
    return c;
  };

  function createCollection(body: unknown) {
    const b = body as { name?: unknown; fields?: unknown; token_separators?: unknown };
    if (typeof b?.name !== "string" || !b.name) throw bad("Parameter `name` is required.");
    if (collections.has(b.name)) throw bad(`A collection with name \`${b.name}\` already exists.`, 409);
    if (!Array.isArray(b.fields)) throw bad("Parameter `fields` is required.");
    const fields = b.fields as FieldSchema[];
    for (const f of fields) {
      if (typeof f?.name !== "string" || !f.name)
        throw bad("Wrong format for `fields`. It should be an array of objects containing `name`, `type`, `optional` and `facet` properties.");
      if (!TYPES.has(f.type)) throw bad(`Field \`${f.name}\` has an invalid data type \`${f.type}\`, see docs for supported data types.`);
      if (f.type === "geopoint" && f.facet) throw bad(`Field \`${f.name}\`: a geopoint field cannot be a facet.`);
      if (f.locale !== undefined && (typeof f.locale !== "string" || !LOCALES.has(f.locale)))
        throw bad(`Field \`${f.name}\` has an invalid locale \`${String(f.locale)}\`.`);
      if (f.stem !== undefined && typeof f.stem !== "boolean") throw bad(`The \`stem\` property of the field \`${f.name}\` should be a boolean.`);
      if (f.stem && !f.type.startsWith("string")) throw bad(`Field \`${f.name}\`: stemming is only supported on string and string[] fields.`);
    }
    if (new Set(fields.map((f) => f.name)).size !== fields.length) throw bad("There are duplicate field names in the schema.");
    const c: Collection = {
      name: b.name,
      fields,
      token_separators: (b.token_separators as string[]) ?? [],
      created_at: Math.floor(Date.now() / 1000),
      docs: new Map(),
    };
    collections.set(c.name, c);
    return summary(c);
  }
  const summary = (c: Collection) => ({
    name: c.name,
    fields: c.fields,
    num_documents: c.docs.size,
    created_at: c.created_at,
    token_separators: c.token_separators,
  });

  /** A document as the server checks it against the schema; the message is the server's. */
  function checkDocument(c: Collection, doc: unknown): Record<string, unknown> {
    if (typeof doc !== "object" || doc === null || Array.isArray(doc)) throw bad("Bad JSON.");
    const d = { ...(doc as Record<string, unknown>) };
    if (d.id === undefined) d.id = String(c.docs.size + 1);
    if (typeof d.id !== "string") throw bad("Document's `id` field should be a string.");
    for (const f of c.fields) {
      const v = d[f.name];
      if (v === undefined || v === null) {
        if (!f.optional) throw bad(`Field \`${f.name}\` has been declared in the schema, but is not found in the document.`);
        continue;
      }
      const ok = (item: unknown, base: string) =>
        base === "string"
          ? typeof item === "string"
          : base === "int32"
            ? Number.isInteger(item) && (item as number) >= -2147483648 && (item as number) <= 2147483647
            : base === "int64"
              ? Number.isInteger(item)
              : base === "float"
                ? typeof item === "number"
                : base === "bool"
                  ? typeof item === "boolean"
                  : true;
      if (f.type === "geopoint") {
        if (!Array.isArray(v) || v.length !== 2 || v.some((x) => typeof x !== "number") || Math.abs(v[0]) > 90 || Math.abs(v[1]) > 180)
          throw bad(`Field \`${f.name}\` must be a 2 element array: [lat, lng].`);
      } else if (f.type.endsWith("[]")) {
        const base = f.type.slice(0, -2);
        if (!Array.isArray(v) || !v.every((x) => ok(x, base))) throw bad(`Field \`${f.name}\` must be an array of ${base}.`);
      } else if (!ok(v, f.type)) throw bad(`Field \`${f.name}\` must be ${/^[aeiou]/.test(f.type) ? "an" : "a"} ${f.type}.`);
    }
    return d;
  }

  function write(c: Collection, doc: Record<string, unknown>, action: string) {
    const id = String(doc.id);
    const existing = c.docs.get(id);
    if (action === "create" && existing) throw bad(`A document with id ${id} already exists.`, 409);
    if (action === "update" && !existing) throw bad(`Could not find a document with id: ${id}`, 404);
    c.docs.set(id, action === "update" || action === "emplace" ? { ...existing, ...doc } : doc);
  }

  function field(c: Collection, name: string) {
    return c.fields.find((f) => f.name === name);
  }

  function search(c: Collection, p: Params) {
    if (p.q === undefined) throw bad("Parameter `q` is required.");
    const perPage = p.per_page === undefined ? 10 : Number(p.per_page);
    if (!Number.isInteger(perPage) || perPage < 0) throw bad("Parameter `per_page` must be an unsigned integer.");
    if (perPage > 250) throw bad("Only upto 250 hits can be fetched per page.", 422);
    const page = p.page === undefined ? 1 : Number(p.page);
    if (!Number.isInteger(page) || page < 1) throw bad("Parameter `page` must be an unsigned integer.");
    const q = String(p.q);
    const queryBy = p.query_by
      ? String(p.query_by)
          .split(",")
          .map((s) => s.trim())
      : [];
    if (q !== "*" && !queryBy.length) throw bad("No search fields specified for the query.");
    for (const name of queryBy) {
      const f = field(c, name);
      if (!f) throw bad(`Could not find a field named \`${name}\` in the schema.`, 404);
      if (!f.type.startsWith("string")) throw bad(`Field \`${name}\` should be a string or a string array.`);
      if (f.index === false) throw bad(`Field \`${name}\` is marked as a non-indexed field in the schema.`);
    }
    const weights = p.query_by_weights ? String(p.query_by_weights).split(",").map(Number) : queryBy.map((_, i) => queryBy.length - i);
    if (weights.length !== queryBy.length) throw bad("Number of weights in `query_by_weights` does not match number of `query_by` fields.");
    const facetBy = p.facet_by
      ? String(p.facet_by)
          .split(",")
          .map((s) => s.trim())
      : [];
    for (const name of facetBy) if (!field(c, name)?.facet) throw bad(`Could not find a facet field named \`${name}\` in the schema.`, 404);
    if (p.group_by)
      for (const name of String(p.group_by)
        .split(",")
        .map((s) => s.trim()))
        if (!field(c, name)?.facet) throw bad(`Group by field \`${name}\` should be a facet field.`);
    const filter: FilterNode | null = p.filter_by ? parseFilter(String(p.filter_by), c.fields) : null;
    const sorts = p.sort_by
      ? String(p.sort_by)
          .split(/,(?![^(]*\))/)
          .map((s) => s.trim())
      : ["_text_match:desc"];
    if (sorts.length > 3) throw bad("Only upto 3 sort_by fields can be specified.");
    type Sorter = { geo: [number, number]; field: string; desc: boolean } | { name: string; desc: boolean };
    const sorters = sorts.map((s): Sorter => {
      const geo = /^(\w+)\(\s*(-?[\d.]+)\s*,\s*(-?[\d.]+)\s*\):(asc|desc)$/.exec(s);
      if (geo) {
        if (field(c, geo[1] as string)?.type !== "geopoint") throw bad(`Could not find a field named \`${geo[1]}\` in the schema for sorting.`, 404);
        return { geo: [Number(geo[2]), Number(geo[3])] as [number, number], field: geo[1] as string, desc: geo[4] === "desc" };
      }
      const m = /^([\w]+):(asc|desc)$/i.exec(s);
      if (!m) throw bad(`Bad syntax for sorting field \`${s}\``);
      const name = m[1] as string;
      if (name !== "_text_match" && (!field(c, name) || !/^(int|float)/.test(field(c, name)?.type ?? "") || field(c, name)?.index === false))
        throw bad(`Could not find a field named \`${name}\` in the schema for sorting.`, 404);
      return { name, desc: (m[2] as string).toLowerCase() === "desc" };
    });

    // Words: every word of the query must match a word of a field (the last by prefix when `prefix`),
    // with up to `num_typos` typos for words of 4+ (1 typo) or 7+ (2 typos) letters. With no hit,
    // words are dropped from the end, as the server's drop_tokens_threshold does.
    const words = q === "*" ? [] : tokens(q, c.token_separators.join(""));
    const maxTypos = p.num_typos === undefined ? 2 : Number(p.num_typos);
    const prefix = p.prefix === undefined ? true : String(p.prefix) !== "false";
    const filtered = [...c.docs.values()].filter((d) => !filter || evaluate(filter, d));
    let scored: { doc: Record<string, unknown>; score: number }[] = [];
    for (let n = words.length; ; n--) {
      const used = words.slice(0, Math.max(n, 0));
      scored = filtered.flatMap((doc) => {
        if (!used.length) return [{ doc, score: 0 }];
        const s = textScore(
          doc,
          used,
          queryBy.map((name) => field(c, name) as FieldSchema),
          weights,
          maxTypos,
          prefix,
          c.token_separators.join(""),
        );
        return s === null ? [] : [{ doc, score: s }];
      });
      if (scored.length || n <= 1) break;
    }
    const distance = (doc: Record<string, unknown>, at: [number, number], name: string) => {
      const loc = doc[name] as [number, number] | undefined;
      return loc ? Math.round(metersBetween(at, loc)) : Number.MAX_SAFE_INTEGER;
    };
    scored.sort((a, b) => {
      for (const s of sorters) {
        const [x, y] =
          "geo" in s
            ? [distance(a.doc, s.geo, s.field), distance(b.doc, s.geo, s.field)]
            : s.name === "_text_match"
              ? [a.score, b.score]
              : [Number(a.doc[s.name]), Number(b.doc[s.name])];
        if (x !== y) return (s.desc ? -1 : 1) * (x < y ? -1 : 1);
      }
      return String(b.doc.id) < String(a.doc.id) ? -1 : 1;
    });

    const maxFacetValues = p.max_facet_values === undefined ? 10 : Number(p.max_facet_values);
    const facet_counts = facetBy.map((name) => {
      const counts = new Map<string, number>();
      for (const { doc } of scored) {
        const v = doc[name];
        for (const item of Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]) counts.set(String(item), (counts.get(String(item)) ?? 0) + 1);
      }
      const sorted = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, maxFacetValues);
      return { field_name: name, counts: sorted.map(([value, count]) => ({ value, count, highlighted: value })), stats: { total_values: counts.size } };
    });
    const include = p.include_fields
      ? new Set(
          String(p.include_fields)
            .split(",")
            .map((s) => s.trim()),
        )
      : null;
    const geoSort = sorters.find((s): s is Extract<Sorter, { geo: [number, number] }> => "geo" in s);
    const hits = scored.slice((page - 1) * perPage, page * perPage).map(({ doc, score }) => ({
      document: include ? Object.fromEntries(Object.entries(doc).filter(([k]) => include.has(k) || k === "id")) : doc,
      highlights: [],
      text_match: score,
      ...(geoSort ? { geo_distance_meters: { [geoSort.field]: distance(doc, geoSort.geo, geoSort.field) } } : {}),
    }));
    return {
      facet_counts,
      found: scored.length,
      out_of: c.docs.size,
      page,
      hits,
      request_params: { collection_name: c.name, per_page: perPage, q },
      search_time_ms: 0,
    };
  }

  async function handle(method: string, url: URL, rawQuery: string, body: string, headers: http.IncomingHttpHeaders): Promise<[number, unknown, string?]> {
    if (url.pathname === "/health") return [200, { ok: true }];
    if (headers["x-typesense-api-key"] !== apiKey) throw bad("Forbidden - a valid `x-typesense-api-key` header must be sent.", 401);
    const parts = url.pathname.split("/").filter(Boolean).map(decodeURIComponent);
    const params = Object.fromEntries(url.searchParams) as Params;
    const json = () => {
      try {
        return JSON.parse(body || "null");
      } catch {
        throw bad("Bad JSON.");
      }
    };
    if (parts[0] === "multi_search" && method === "POST") {
      const searches = (json() as { searches?: unknown })?.searches;
      if (!Array.isArray(searches)) throw bad("Missing `searches` array.");
      if (searches.length > 50) throw bad("Number of multi searches exceeds `limit_multi_searches` parameter.");
      return [
        200,
        {
          results: searches.map((s: Params & { collection?: string }) => {
            try {
              const { collection, ...rest } = { ...params, ...s };
              if (!collection) throw bad("Missing `collection` parameter.");
              return search(resolve(String(collection)), rest);
            } catch (e) {
              if (e instanceof TypesenseError) return { code: e.status, error: e.message };
              throw e;
            }
          }),
        },
      ];
    }
    if (parts[0] === "aliases" && parts[1]) {
      if (method === "PUT") {
        const target = (json() as { collection_name?: string })?.collection_name;
        if (!target) throw bad("Parameter `collection_name` is required.");
        aliases.set(parts[1], target);
        return [200, { name: parts[1], collection_name: target }];
      }
      const target = aliases.get(parts[1]);
      if (!target) throw bad("Not Found", 404);
      if (method === "DELETE") aliases.delete(parts[1]);
      return [200, { name: parts[1], collection_name: target }];
    }
    if (parts[0] !== "collections") throw bad("Not Found", 404);
    if (parts.length === 1) {
      if (method === "POST") return [201, createCollection(json())];
      if (method === "GET") return [200, [...collections.values()].map(summary)];
    }
    const c = resolve(parts[1] as string);
    if (parts.length === 2) {
      if (method === "GET") return [200, summary(c)];
      if (method === "DELETE") {
        collections.delete(c.name);
        return [200, summary(c)];
      }
    }
    if (parts[2] !== "documents") throw bad("Not Found", 404);
    const action = String(params.action ?? "create");
    if (!["create", "upsert", "update", "emplace"].includes(action)) throw bad("The `action` parameter must be one of create, upsert, update, emplace.");
    if (parts[3] === "search" && method === "GET") {
      if (rawQuery.length > 4000) throw bad("Query string exceeds max allowed length of 4000. Use the /multi_search end-point for larger payloads.");
      return [200, search(c, params)];
    }
    if (parts[3] === "import" && method === "POST") {
      const lines = body.split("\n").filter((l) => l.trim());
      if (!lines.length) throw bad("The request body was parsed as empty.");
      const results = lines.map((line) => {
        try {
          const doc = checkDocument(c, JSON.parse(line));
          write(c, doc, action);
          return JSON.stringify({ success: true });
        } catch (e) {
          const message = e instanceof TypesenseError ? e.message : "Bad JSON.";
          return JSON.stringify({ code: e instanceof TypesenseError ? e.status : 400, document: line, error: message, success: false });
        }
      });
      return [200, results.join("\n"), "text/plain"];
    }
    if (parts[3] === "export" && method === "GET") {
      const filter = params.filter_by ? parseFilter(String(params.filter_by), c.fields) : null;
      const include = params.include_fields ? new Set(String(params.include_fields).split(",")) : null;
      const rows = [...c.docs.values()]
        .filter((d) => !filter || evaluate(filter, d))
        .map((d) => JSON.stringify(include ? Object.fromEntries(Object.entries(d).filter(([k]) => include.has(k) || k === "id")) : d));
      return [200, rows.join("\n"), "text/plain"];
    }
    if (parts.length === 3 && method === "DELETE") {
      if (!params.filter_by) throw bad("Parameter `filter_by` must be provided.");
      const filter = parseFilter(String(params.filter_by), c.fields);
      let deleted = 0;
      for (const [id, d] of c.docs)
        if (evaluate(filter, d)) {
          c.docs.delete(id);
          deleted++;
        }
      return [200, { num_deleted: deleted }];
    }
    if (parts.length === 3 && method === "POST") {
      const doc = checkDocument(c, json());
      write(c, doc, action);
      return [201, doc];
    }
    if (parts[3] && parts.length === 4) {
      const doc = c.docs.get(parts[3]);
      if (!doc) throw bad(`Could not find a document with id: ${parts[3]}`, 404);
      if (method === "DELETE") c.docs.delete(parts[3]);
      return [200, doc];
    }
    throw bad("Not Found", 404);
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const raw = req.url ?? "/";
      const url = new URL(raw, "http://localhost");
      const rawQuery = raw.includes("?") ? raw.slice(raw.indexOf("?") + 1) : "";
      requests.push({ method: req.method ?? "", path: url.pathname, query: rawQuery, body });
      handle(req.method ?? "GET", url, rawQuery, body, req.headers).then(
        ([status, payload, type]) => {
          res.writeHead(status, { "Content-Type": type ?? "application/json; charset=utf-8" });
          res.end(typeof payload === "string" && type ? payload : JSON.stringify(payload));
        },
        (e: unknown) => {
          const status = e instanceof TypesenseError ? e.status : 500;
          res.writeHead(status, { "Content-Type": "application/json; charset=utf-8" });
          res.end(JSON.stringify({ message: (e as Error).message }));
        },
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    apiKey,
    requests,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** Levenshtein distance, stopping early past `max`. */
function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
      best = Math.min(best, cur[j] as number);
    }
    if (best > max) return max + 1;
    prev = cur;
  }
  return prev[b.length] as number;
}

/**
 * How well a document matches the words: null when a word matches nothing.
 * Higher is better: fewer typos first, then a field holding every word, then field weight.
 */
function textScore(
  doc: Record<string, unknown>,
  queryWords: string[],
  fields: FieldSchema[],
  weights: number[],
  maxTypos: number,
  prefix: boolean,
  separators: string,
) {
  let typos = 0;
  let weight = 0;
  const fieldWords = fields.map((f) => {
    const v = doc[f.name];
    return fieldTokens(Array.isArray(v) ? v.join(" ") : typeof v === "string" ? v : "", f, separators);
  });
  // A stemmed field is searched with the query's words stemmed by its locale.
  const wordsIn = (f: FieldSchema) => (f.stem ? queryWords.map((w) => stem(w, f.locale)) : queryWords);
  const allInOne = fieldWords.findIndex((have, fi) =>
    wordsIn(fields[fi] as FieldSchema).every((w, i) => have.some((h) => h === w || (prefix && i === queryWords.length - 1 && h.startsWith(w)))),
  );
  for (const i of queryWords.keys()) {
    const last = i === queryWords.length - 1;
    let best: { typos: number; weight: number } | null = null;
    for (const [fi, have] of fieldWords.entries()) {
      const w = wordsIn(fields[fi] as FieldSchema)[i] as string;
      const allowed = Math.min(maxTypos, w.length >= 7 ? 2 : w.length >= 4 ? 1 : 0);
      for (const h of have) {
        const t = h === w || (prefix && last && h.startsWith(w)) ? 0 : editDistance(w, prefix && last ? h.slice(0, Math.max(w.length, 1)) : h, allowed);
        const t2 = Math.min(t, editDistance(w, h, allowed));
        if (t2 <= allowed && (!best || t2 < best.typos || (t2 === best.typos && (weights[fi] ?? 0) > best.weight)))
          best = { typos: t2, weight: weights[fi] ?? 0 };
      }
    }
    if (!best) return null;
    typos += best.typos;
    weight += best.weight;
  }
  return (10 - Math.min(typos, 9)) * 1_000_000 + (allInOne >= 0 ? 1000 * ((weights[allInOne] ?? 0) + 1) : 0) + weight;
}
