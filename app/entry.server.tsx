import { isRouteErrorResponse } from "@remix-run/react";
import { PassThrough } from "node:stream";
import type { AppLoadContext, EntryContext, HandleErrorFunction } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { NonceProvider } from "./lib/nonce";
import { logger } from "../server/logger";

const ABORT_DELAY = 5_000;

/**
 * An unexpected error in a loader, an action or a render (the error
 * boundary shows the person a 500 page): logged once here with the request.
 * Expected failures (thrown Responses: 400, 404, ...) never reach this.
 */
export const handleError: HandleErrorFunction = (error, { request }) => {
  if (request.signal.aborted) return; // the browser went away: nothing failed
  // A page that answered 4xx on purpose (no such route, a refused input) is not a failure.
  if (isRouteErrorResponse(error) && error.status < 500) return;
  const url = new URL(request.url);
  logger.error("page error", { method: request.method, path: url.pathname, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
};

/**
 * Remix's default server entry, plus the Content-Security-Policy nonce: the
 * inline scripts Remix writes (hydration data, route modules) carry this
 * response's nonce, so the policy needs no 'unsafe-inline' for scripts.
 * Bots get the whole document at once (onAllReady), browsers a stream.
 */
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce;
  const whole = isbot(request.headers.get("user-agent") ?? "") || remixContext.isSpaMode;
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        [whole ? "onAllReady" : "onShellReady"]() {
          shellRendered = true;
          const body = new PassThrough();
          const stream = createReadableStreamFromReadable(body);
          responseHeaders.set("Content-Type", "text/html");
          resolve(new Response(stream, { headers: responseHeaders, status: responseStatusCode }));
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          // Errors while streaming after the shell are logged here; before it, the shell error rejects.
          if (shellRendered) console.error(error);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}
