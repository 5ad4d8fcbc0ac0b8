import { Link, useSearchParams } from "@remix-run/react";
import { useT } from "../lib/i18n";

/**
 * A column header that sorts the list by its column: a click sorts by it
 * (in `first` direction), a second click turns the order round. Filters are
 * kept; the page starts again from the top.
 */
export function SortHeader({
  field,
  label,
  current,
  first = "desc",
  className,
}: {
  field: string;
  label: string;
  /** The list's sort now, e.g. "-created" (descending) or "total". */
  current: string;
  first?: "asc" | "desc";
  className?: string;
}) {
  const t = useT();
  const [params] = useSearchParams();
  const active = current.replace(/^-/, "") === field;
  const desc = current.startsWith("-");
  const nextDesc = active ? !desc : first === "desc";
  const next = new URLSearchParams(params);
  next.set("sort", `${nextDesc ? "-" : ""}${field}`);
  next.delete("after");
  const sort = active ? (desc ? "descending" : "ascending") : undefined;
  return (
    <th className={className} aria-sort={sort}>
      <Link to={`?${next}`} className="sort" preventScrollReset>
        {label}
        <span aria-hidden="true">{active ? (desc ? " ▼" : " ▲") : " ↕"}</span>
        <span className="sr-only">{active ? (desc ? t("office.sort.desc") : t("office.sort.asc")) : t("office.sort.by")}</span>
      </Link>
    </th>
  );
}
