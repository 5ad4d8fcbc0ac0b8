import { Link, useSearchParams } from "@remix-run/react";

/**
 * Keyset paging links: back to the first page, on to the next. The other
 * query parameters (filters, sort) are kept; only `after` changes.
 */
export function Pager({ nextCursor, first = "First page", next = "Next page" }: { nextCursor?: string; first?: string; next?: string }) {
  const [params] = useSearchParams();
  const withAfter = (after?: string) => {
    const p = new URLSearchParams(params);
    if (after) p.set("after", after);
    else p.delete("after");
    return `?${p}`;
  };
  return (
    <p className="pager">
      {params.get("after") ? <Link to={withAfter()}>{first}</Link> : null}
      {nextCursor ? <Link to={withAfter(nextCursor)}>{next}</Link> : null}
    </p>
  );
}
