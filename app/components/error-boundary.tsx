import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";

/** The one error page every route uses. */
export function GeneralErrorBoundary() {
  const error = useRouteError();
  let title = "Something went wrong";
  let detail = "Please try again. If it keeps happening, tell us what you were doing.";
  if (isRouteErrorResponse(error)) {
    if (error.status === 404) {
      title = "Page not found";
      detail = typeof error.data === "string" && error.data ? error.data : "There is nothing at this address.";
    } else if (error.status === 403) {
      title = "Not allowed";
      detail = typeof error.data === "string" ? error.data : "You do not have permission to see this page.";
    } else if (error.status === 429) {
      title = "Too many requests";
      detail = typeof error.data === "string" && error.data ? error.data : "Wait a minute, then try again.";
    } else if (error.status === 400) {
      title = "That did not work";
      const d = error.data as { formError?: string } | string | undefined;
      detail = (typeof d === "string" ? d : d?.formError) || "Something in the request was not valid. Go back and check what you entered.";
    } else {
      title = `${error.status} ${error.statusText}`;
    }
  }
  return (
    <main className="narrow">
      <h1>{title}</h1>
      <p>{detail}</p>
      <p>
        <Link to="/">Go to the home page</Link>
      </p>
    </main>
  );
}
