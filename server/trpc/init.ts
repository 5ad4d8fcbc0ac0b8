import { initTRPC } from "@trpc/server";
import { ZodError } from "zod";
import type { SessionUser } from "../auth/lucia.server";
import { spendCall, spendShopPublic, WRITE_POINTS } from "../auth/rate-limit.server";
import { metrics } from "../metrics/metrics.server";
import { slugSchema } from "../schemas/shop";
import { withAuditActor } from "../services/audit/actor";
import { DomainError, domainErrorOf, invalidInput, retryAfterOf } from "../services/errors";
import { fieldErrorsOf, hostileInput, summarize, toTRPCError } from "./errors";

export interface Context {
  user: SessionUser | null;
  sessionId: string | null;
  ip: string;
  /** The browser's User-Agent, kept with a session started by this request. */
  userAgent?: string;
  /** French or English, the first of them the browser asks for (Accept-Language), else null: an order keeps it for its messages. */
  locale?: "fr" | "en" | null;
  /** The paired register's token (its HttpOnly cookie), if this browser is a register. */
  registerToken?: string | null;
  /** Per-request memo: a page's loaders ask for the same shop access several times. */
  memo?: Map<string, Promise<unknown>>;
  /** Puts a Set-Cookie on the HTTP response (a session started or ended); session cookies never travel in a body. */
  setCookie?: (cookie: string) => void;
  /** A call was refused for a spent budget: the HTTP answer, if it is a 429, says when to come back (any page, without each route passing it on). */
  rateLimited?: (retryAfterSeconds: number) => void;
}

/** A result carrying a session cookie: the cookie goes on the response, the rest is returned. */
export function withCookie<T extends { cookie?: string | null }>(ctx: Context, result: T): Omit<T, "cookie"> {
  const { cookie, ...rest } = result;
  if (cookie) ctx.setCookie?.(cookie);
  return rest;
}

/** Where a session started by this request comes from, for the person's list of sessions. */
export const sessionMetaOf = (ctx: Context) => ({ userAgent: ctx.userAgent ?? null, ip: ctx.ip });

const t = initTRPC.context<Context>().create({
  errorFormatter({ shape, error }) {
    const fieldErrors = error.code === "BAD_REQUEST" ? fieldErrorsOf(error.cause) : undefined;
    const internal = error.code === "INTERNAL_SERVER_ERROR";
    // Never leak internals (SQL, stack) to a browser, nor a schema's dump:
    // a validation failure reads as the fields' own messages.
    const message = internal
      ? "Something went wrong on our side. Please try again."
      : fieldErrors && error.cause instanceof ZodError
        ? summarize(fieldErrors)
        : shape.message;
    return {
      ...shape,
      message,
      data: { code: shape.data.code, httpStatus: shape.data.httpStatus, fieldErrors },
    };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const middleware = t.middleware;

/**
 * A domain error thrown anywhere below (a tier, a service) leaves as a
 * TRPCError with its code, message and field errors: translated here once.
 */
const translateDomainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const domain = domainErrorOf(result.error);
    if (domain) throw toTRPCError(domain);
  }
  return result;
});

/** Every procedure refuses NUL characters and `__proto__` keys before its own schema runs. */
const refuseHostileInput = t.middleware(async ({ getRawInput, next }) => {
  const fieldErrors = hostileInput(await getRawInput());
  if (fieldErrors) {
    throw invalidInput(fieldErrors, summarize(fieldErrors));
  }
  return next();
});

/** Every call's duration, by procedure (a path the router knows: no label from the input) and outcome. */
const timed = t.middleware(async ({ ctx, path, type, next }) => {
  const end = metrics.trpcDuration.startTimer({ procedure: path, type });
  const result = await next();
  end({ outcome: result.ok ? "ok" : result.error.code });
  const wait = result.ok ? undefined : retryAfterOf(result.error);
  if (wait) ctx.rateLimited?.(wait);
  return result;
});

/** What a call costs from its budgets (server/auth/rate-limit.server.ts): a write costs more than a read. */
export const callPoints = (type: string) => (type === "mutation" ? WRITE_POINTS : 1);

/**
 * Every call, from a page or over /api/trpc, spends from the caller's
 * budget: the person signed in, else the IP. A call to the storefront's
 * cart and checkout that names a shop (anyone's), or a stranger's call that
 * names one, also spends from that shop's public ceiling. Back-office and register calls spend from their shop's
 * budget in their tier, once the shop is known.
 */
const callBudget = t.middleware(async ({ ctx, type, path, getRawInput, next }) => {
  const points = callPoints(type);
  await spendCall(ctx.user ? { userId: ctx.user.id } : { ip: ctx.ip }, points);
  // The storefront's cart and checkout spend from the shop's public ceiling whoever calls (a signed-in
  // customer too); a stranger's call naming a shop anywhere does as well. Staff pay their shop's own budget.
  if (!ctx.user || path.startsWith("checkout.")) {
    const raw = await getRawInput();
    const shopSlug = slugSchema.safeParse((raw as { shopSlug?: unknown } | null | undefined)?.shopSlug);
    if (shopSlug.success) await spendShopPublic(shopSlug.data);
  }
  return next();
});

/** Who is calling and from where, for the audit log (the shop and admin tiers say more). */
const auditActor = t.middleware(({ ctx, next }) =>
  withAuditActor({ userId: ctx.user?.id ?? null, ip: ctx.ip, userAgent: ctx.userAgent ?? null, source: "account" }, () => next()),
);

export const publicProcedure = t.procedure.use(timed).use(translateDomainErrors).use(refuseHostileInput).use(auditActor).use(callBudget);

export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user || !ctx.sessionId) {
    throw new DomainError("unauthenticated", "Log in to continue");
  }
  return next({ ctx: { ...ctx, user: ctx.user, sessionId: ctx.sessionId } });
});

export const platformAdminProcedure = authedProcedure.use(({ ctx, next }) => {
  // 404, not 403: the admin area does not exist for anyone else.
  if (!ctx.user.isPlatformAdmin) throw new DomainError("not_found", "Not found");
  return withAuditActor({ userId: ctx.user.id, ip: ctx.ip, userAgent: ctx.userAgent ?? null, source: "admin" }, () => next());
});
