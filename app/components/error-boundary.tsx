import { isRouteErrorResponse, Link, useLocation, useRouteError } from "@remix-run/react";
import { useEffect } from "react";
import { useT } from "../lib/i18n";

/** What the router says when no route matches: for developers, not for people. */
const ROUTER_TEXT = /^Error: No route matches/;

/** The one error page every route uses. */
export function GeneralErrorBoundary() {
  const error = useRouteError();
  const { pathname, search } = useLocation();
  const t = useT();
  // The server logs its own failures (handleError in entry.server); this
  // logs what the browser met, for whoever opens the console.
  useEffect(() => {
    if (isRouteErrorResponse(error) ? error.status >= 500 : true) console.error("page error", error);
  }, [error]);
  let title = t("common.error.title");
  let detail = t("common.error.detail");
  let clear = false;
  if (isRouteErrorResponse(error)) {
    const said = typeof error.data === "string" && error.data && !ROUTER_TEXT.test(error.data) ? error.data : null;
    if (error.status === 404) {
      title = t("common.error.notFound");
      detail = said ?? t("common.error.notFoundDetail");
    } else if (error.status === 403) {
      title = t("common.error.notAllowed");
      detail = said ?? t("common.error.notAllowedDetail");
    } else if (error.status === 409) {
      title = t("common.error.conflict");
      detail = said ?? t("common.error.conflictDetail");
    } else if (error.status === 429) {
      title = t("common.error.tooMany");
      detail = said ?? t("common.error.tooManyDetail");
    } else if (error.status === 400) {
      // An action's refusal ({ formError }) or a page address that is not right.
      const formError = typeof error.data === "object" ? (error.data as { formError?: string } | null)?.formError : undefined;
      if (formError) {
        title = t("common.error.didNotWork");
        detail = formError;
      } else {
        title = t("common.error.checkAddress");
        detail = said ?? t("common.error.checkAddressDetail");
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
            {t("common.error.withoutFilters")}
          </Link>
        ) : null}
        <Link to="/">{t("common.error.home")}</Link>
      </p>
    </main>
  );
}
