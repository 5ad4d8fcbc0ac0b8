import { Link, useSearchParams } from "@remix-run/react";
import { useT } from "../lib/i18n";

/**
 * Keyset paging links: back to the first page, on to the next. The other
 * query parameters (filters, sort) are kept; only `after` changes.
 */
export function Pager({ nextCursor, first, next }: { nextCursor?: string; first?: string; next?: string }) {
  const [params] = useSearchParams();
  const t = useT();
  const withAfter = (after?: string) => {
    const p = new URLSearchParams(params);
    if (after) p.set("after", after);
    else p.delete("after");
    return `?${p}`;
  };
  return (
    <p className="pager">
      {params.get("after") ? <Link to={withAfter()}>{first ?? t("common.pager.first")}</Link> : null}
      {nextCursor ? <Link to={withAfter(nextCursor)}>{next ?? t("common.pager.next")}</Link> : null}
    </p>
  );
}
