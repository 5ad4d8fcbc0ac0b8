import type { SessionUser } from "../server/auth/lucia.server";
import type { ServerCaller } from "../server/trpc/root";

// What server/app.ts hands every loader and action: the tRPC caller (no HTTP
// hop, same validation, auth tier and tenant scope as /api/trpc) and the
// logged-in user, if any.
declare module "@remix-run/node" {
  interface AppLoadContext {
    trpc: ServerCaller;
    user: SessionUser | null;
    sessionId: string | null;
    /** This response's Content-Security-Policy nonce (server/http/security.ts). */
    cspNonce: string;
    /** The language this page is in: the account's choice, the switcher's cookie, Accept-Language, else English (server/http/locale.ts). */
    locale: "en" | "fr";
  }
}
export {};

declare module "@remix-run/server-runtime" {
  interface Future {
    v3_singleFetch: true;
  }
}
