import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { createApp, serve } from "../../server/app";
import { startSession } from "../../server/services/accounts/sessions";

/**
 * The real Express app (security headers, session, origin check, tRPC) on a
 * free port. With `pages`, it also serves the production Remix build that
 * the global setup made (build/index.js), so a test can post to a page's
 * action over real HTTP as a browser or an attacker would; without it the
 * page handler refuses.
 */
export async function startTestServer(opts: { pages?: boolean } = {}) {
  const build = opts.pages
    ? ((await import(pathToFileURL(path.resolve("build/index.js")).href)) as ServerBuild)
    : async () => {
        throw new Error("Remix pages are not served in this test");
      };
  const app = createApp(build);
  const server: Server = await new Promise((resolve) => {
    const s = serve(app, 0, "127.0.0.1", () => resolve(s));
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  async function call(
    path: string,
    input: unknown,
    /** `language`: the browser's Accept-Language (the caller's language, ctx.locale, when no account chose one). */
    opts: { cookie?: string; register?: string; type?: "query" | "mutation"; language?: string } = {},
  ) {
    const type = opts.type ?? "mutation";
    const headers: Record<string, string> = { Origin: base, "Content-Type": "application/json" };
    if (opts.language) headers["Accept-Language"] = opts.language;
    // A paired register's token travels in its own cookie, beside or without a session.
    const cookies = [opts.cookie?.split(";")[0], opts.register ? `nearshop_register=${opts.register}` : undefined].filter(Boolean);
    if (cookies.length) headers.Cookie = cookies.join("; ");
    const res =
      type === "query"
        ? await fetch(`${base}/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`, { headers })
        : await fetch(`${base}/api/trpc/${path}`, { method: "POST", headers, body: JSON.stringify(input) });
    const body = (await res.json()) as {
      result?: { data: unknown };
      error?: { message: string; data: { code: string; httpStatus: number; fieldErrors?: Record<string, string> } };
    };
    return { status: res.status, body, headers: res.headers };
  }

  return {
    base,
    call,
    cookieFor: (userId: string) => startSession(userId),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
