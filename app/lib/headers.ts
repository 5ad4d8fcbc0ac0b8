import type { HeadersFunction } from "@remix-run/node";

/**
 * For pages whose loader can be rate-limited: Remix drops a thrown
 * response's headers from the page unless the route passes them on, so a
 * 429 would lose its Retry-After.
 */
export const passRetryAfter: HeadersFunction = ({ errorHeaders }) => {
  const headers = new Headers();
  const retryAfter = errorHeaders?.get("Retry-After");
  if (retryAfter) headers.set("Retry-After", retryAfter);
  return headers;
};
