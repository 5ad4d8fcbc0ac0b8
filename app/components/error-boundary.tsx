import { isRouteErrorResponse, Link, useLocation, useRouteError } from "@remix-run/react";
import { useEffect } from "react";

/** What the router says when no route matches: for developers, not for people. */
const ROUTER_TEXT = /^Error: No route matches/;

/** The one error page every route uses. */
export function GeneralErrorBoundary() {
  const error = useRouteError();
  const { pathname, search } = useLocation();
  // The server logs its own failures (handleError in entry.server); this
  // logs what the browser met, for whoever opens the console.
  useEffect(() => {
    if (isRouteErrorResponse(error) ? error.status >= 500 : true) console.error("page error", error);
  }, [error]);
  let title = "Something went wrong";
  let detail = "Please try again. If it keeps happening, tell us what you were doing.";
  let clear = false;
  if (isRouteErrorResponse(error)) {
    const said = typeof error.data === "string" && error.data && !ROUTER_TEXT.test(error.data) ? error.data : null;
    if (error.status === 404) {
      title = "Page not found";
      detail = said ?? "There is nothing at this address. It may have moved, or the link may have a typo.";
    } else if (error.status === 403) {
      title = "Not allowed";
      detail = said ?? "You do not have permission to see this page.";
    } else if (error.status === 409) {
      title = "This changed meanwhile";
      detail = said ?? "Someone changed this while you were looking. Reload the page and try again.";
    } else if (error.status === 429) {
      title = "Too many requests";
      detail = said ?? "Wait a minute, then try again.";
    } else if (error.status === 400) {
      // An action's refusal ({ formError }) or a page address that is not right.
      const formError = typeof error.data === "object" ? (error.data as { formError?: string } | null)?.formError : undefined;
      if (formError) {
        title = "That did not work";
        detail = formError;
      } else {
        title = "Check the address";
        detail = said ?? "Something in this address is not right.";
        clear = search !== "";
      }
    } else {
      title = `${error.status} ${error.statusText}`;
    }
  }
  return (
    <main className="narrow error-page">
      <h1>{title}</h1>
      <p>{detail}</p>
      <p className="actions">
        {clear ? (
          <Link to={pathname} className="button">
            Show the page without filters
          </Link>
        ) : null}
        <Link to="/">Go to the home page</Link>
      </p>
    </main>
  );
}
