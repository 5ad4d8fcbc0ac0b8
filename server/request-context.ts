import { AsyncLocalStorage } from "node:async_hooks";

/**
 * What the code below a web request (or a job) may need to know about it
 * without passing it down: its id, for every log line and the outbox events
 * it causes, and whether its reads must see the primary (read-your-writes).
 */
export type RequestContext = {
  requestId: string;
  /** Set by a write (or a recent one, by cookie): no read of this request goes to the replica. */
  readPrimary: boolean;
};

// On globalThis: the Remix build bundles its own copy of server modules, and both must share one store.
const g = globalThis as unknown as { __nearshopRequestContext?: AsyncLocalStorage<RequestContext> };
const store = (g.__nearshopRequestContext ??= new AsyncLocalStorage<RequestContext>());

/**
 * An id a proxy or client may send (nginx's $request_id, a UUID, a ULID…) and
 * the form the outbox stores (a CHECK in the migration): anything else is replaced.
 */
const SANE_REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{7,127}$/;
export const isSaneRequestId = (id: unknown): id is string => typeof id === "string" && SANE_REQUEST_ID.test(id);

export function withRequestContext<T>(context: RequestContext, fn: () => T): T {
  return store.run(context, fn);
}

export function currentRequest(): RequestContext | undefined {
  return store.getStore();
}
