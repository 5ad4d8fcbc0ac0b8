import http from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { Parser } from "htmlparser2";
import pg from "pg";

/** A page request as a browser sends it: same-site Origin, the session cookie. */
export async function page(
  base: string,
  url: string,
  opts: { cookie?: string; method?: string; body?: string | URLSearchParams; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { Origin: base, ...opts.headers };
  if (opts.cookie) headers.Cookie = opts.cookie.split(";")[0]!;
  if (opts.body instanceof URLSearchParams) headers["Content-Type"] = "application/x-www-form-urlencoded";
  const res = await fetch(`${base}${url}`, { method: opts.method ?? (opts.body ? "POST" : "GET"), headers, body: opts.body?.toString(), redirect: "manual" });
  return { status: res.status, text: await res.text(), headers: res.headers };
}

export interface FoundForm {
  action: string;
  fields: [string, string][];
}

/** The POST forms in a page's HTML, with each field's name and value as rendered. */
export function postForms(html: string, pageUrl: string): FoundForm[] {
  const forms: FoundForm[] = [];
  let current: FoundForm | null = null;
  let select: string | null = null;
  let textarea: string | null = null;
  const parser = new Parser(
    {
      onopentag(name, a) {
        if (name === "form") {
          current = (a.method ?? "get").toLowerCase() === "post" ? { action: a.action || pageUrl, fields: [] } : null;
          return;
        }
        if (!current) return;
        if (name === "input" && a.name && a.type !== "file" && a.type !== "submit") {
          if ((a.type === "checkbox" || a.type === "radio") && a.checked === undefined) return;
          current.fields.push([a.name, a.value ?? ""]);
        } else if ((name === "button" && a.name) || (name === "input" && a.type === "submit" && a.name)) {
          current.fields.push([a.name, a.value ?? ""]);
        } else if (name === "select" && a.name) {
          select = a.name;
        } else if (name === "option" && select) {
          // As a browser sends it: the selected option, else the first.
          const have = current.fields.find(([k]) => k === select);
          if (!have) current.fields.push([select, a.value ?? ""]);
          else if (a.selected !== undefined) have[1] = a.value ?? "";
        } else if (name === "textarea" && a.name) {
          textarea = a.name;
          current.fields.push([a.name, ""]);
        }
      },
      ontext(text) {
        if (current && textarea) {
          const f = current.fields.find(([k]) => k === textarea);
          if (f) f[1] += text;
        }
      },
      onclosetag(name) {
        if (name === "form" && current) {
          forms.push(current);
          current = null;
        }
        if (name === "select") select = null;
        if (name === "textarea") textarea = null;
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  return forms;
}

/** Every route of the production build that has an action, as a URL with its params filled in. */
export async function actionRoutes(params: Record<string, string>): Promise<{ id: string; url: string }[]> {
  const build = (await import(pathToFileURL(path.resolve("build/index.js")).href)) as ServerBuild;
  const fullPath = (id: string): string => {
    const r = build.routes[id]!;
    const parent = r.parentId ? fullPath(r.parentId) : "";
    return [parent, r.path ?? ""].filter(Boolean).join("/");
  };
  return Object.entries(build.routes)
    .filter(([, r]) => r?.module.action)
    .map(([id, r]) => {
      const filled = fullPath(id).replace(/:(\w+)/g, (_, name: string) => {
        if (!(name in params)) throw new Error(`No value for :${name} in route ${id}`);
        return params[name]!;
      });
      return { id, url: `/${filled}${r!.index ? "?index" : ""}` };
    });
}

/** Rows in every table, so a refused input provably wrote nothing. */
export async function rowCounts(db: pg.Client) {
  const tables = await db.query<{ relname: string }>(
    "SELECT relname FROM pg_stat_user_tables WHERE schemaname = 'public' AND relname <> '_prisma_migrations' ORDER BY relname",
  );
  const out: Record<string, number> = {};
  for (const { relname } of tables.rows) out[relname] = Number((await db.query(`SELECT count(*) FROM "${relname}"`)).rows[0].count);
  return out;
}

/** A raw HTTP request whose body is sent in chunks (no Content-Length), as an attacker's client would. */
export function chunkedPost(base: string, url: string, chunks: () => Iterable<Buffer>, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; text: string; sentBytes: number }>((resolve, reject) => {
    const u = new URL(url, base);
    let sentBytes = 0;
    let settled = false;
    const req = http.request(
      { host: u.hostname, port: u.port, path: u.pathname + u.search, method: "POST", headers: { Origin: base, "Transfer-Encoding": "chunked", ...headers } },
      (res) => {
        let text = "";
        res.on("data", (d) => (text += d));
        res.on("end", () => {
          settled = true;
          resolve({ status: res.statusCode ?? 0, text, sentBytes });
        });
        res.on("error", () => !settled && resolve({ status: res.statusCode ?? 0, text, sentBytes }));
      },
    );
    req.on("error", (e) => (settled ? undefined : reject(e)));
    (async () => {
      for (const chunk of chunks()) {
        if (req.destroyed || settled) break;
        sentBytes += chunk.length;
        if (!req.write(chunk)) {
          await new Promise<void>((resolve) => {
            const done = () => {
              req.off("drain", done).off("close", done);
              resolve();
            };
            req.on("drain", done).on("close", done);
          });
        }
      }
      req.end();
    })().catch(() => undefined);
  });
}
