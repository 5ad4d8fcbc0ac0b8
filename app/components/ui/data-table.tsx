import type { ReactNode } from "react";
import { Pager } from "../pager";
import { SortHeader } from "../sort-header";

export type Column<Row> = {
  /** The header people read; also each cell's label when the table turns into cards on a phone. */
  header: string;
  cell: (row: Row) => ReactNode;
  /** Amounts and counts: right-aligned, tabular figures. */
  numeric?: boolean;
  /** A sort key: the header sorts the list by it (with `sort` on the table). */
  sortKey?: string;
  /** This column's first click direction, when it differs from the table's (dates newest first beside titles A–Z). */
  sortFirst?: "asc" | "desc";
  /** The header is read by screen readers only (an image column). */
  hideHeader?: boolean;
  /** Something other than text in the header cell (a select-all checkbox); `header` stays its name. */
  headerCell?: ReactNode;
  className?: string;
};

/**
 * A list's table: numeric columns right-aligned, click-to-sort headers, an
 * empty state instead of an empty table, keyset pager below. It scrolls in
 * its own box when wide, and turns into cards under 600 px.
 */
export function DataTable<Row>({
  label,
  columns,
  rows,
  rowKey,
  empty,
  sort,
  sortFirst,
  nextCursor,
  busy,
  rowClassName,
  caption,
}: {
  /** The table's accessible name: "Products". */
  label: string;
  columns: readonly Column<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row) => string;
  /** What to say (and offer) when there are no rows. */
  empty: ReactNode;
  /** The list's sort now ("-created"); needed for sortable columns. */
  sort?: string;
  sortFirst?: "asc" | "desc";
  /** Keyset cursor of the next page; the pager shows when there is one or a page was turned. */
  nextCursor?: string | null;
  busy?: boolean;
  rowClassName?: (row: Row) => string | undefined;
  caption?: ReactNode;
}) {
  if (rows.length === 0) {
    return (
      <>
        <div className="empty-state">{empty}</div>
        <Pager nextCursor={nextCursor ?? undefined} />
      </>
    );
  }
  return (
    <>
      <div className="table-scroll" tabIndex={0} role="region" aria-label={label}>
        <table className={["data-table", busy ? "loading" : ""].filter(Boolean).join(" ")} aria-label={label} aria-busy={busy || undefined}>
          {caption ? <caption>{caption}</caption> : null}
          <thead>
            <tr>
              {columns.map((c) => {
                const className = [c.numeric ? "num" : "", c.className ?? ""].filter(Boolean).join(" ") || undefined;
                if (c.sortKey && sort !== undefined) {
                  return <SortHeader key={c.header} field={c.sortKey} label={c.header} current={sort} first={c.sortFirst ?? sortFirst} className={className} />;
                }
                return (
                  <th key={c.header} className={className} scope="col">
                    {c.headerCell ?? (c.hideHeader ? <span className="sr-only">{c.header}</span> : c.header)}
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={rowKey(row)} className={rowClassName?.(row)}>
                {columns.map((c) => (
                  <td
                    key={c.header}
                    className={[c.numeric ? "num" : "", c.className ?? ""].filter(Boolean).join(" ") || undefined}
                    data-label={c.hideHeader || c.headerCell ? undefined : c.header}
                  >
                    {c.cell(row)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager nextCursor={nextCursor ?? undefined} />
    </>
  );
}
