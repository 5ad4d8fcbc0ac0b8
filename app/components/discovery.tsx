import { Link, useLocation, useSearchParams } from "@remix-run/react";
import { formatMoney } from "../../server/schemas/money";

export function formatDistance(km: number | null): string {
  if (km === null) return "";
  return km < 1 ? `${Math.max(10, Math.round((km * 1000) / 10) * 10)} m` : `${km < 10 ? km.toFixed(1) : Math.round(km)} km`;
}

export function priceRange(min: number, max: number, currency: string) {
  return min === max ? formatMoney(min, currency) : `${formatMoney(min, currency)} – ${formatMoney(max, currency)}`;
}

/** "Near Paris, FR (10 km) · Change": where results are measured from. */
export function LocationBar({ here }: { here: { label: string; radiusKm: number } | null }) {
  const location = useLocation();
  const change = `/near?returnTo=${encodeURIComponent(location.pathname + location.search)}`;
  return (
    <p className="location-bar">
      {here ? (
        <>
          Near <strong>{here.label}</strong>, within {here.radiusKm} km · <Link to={change}>Change</Link>
        </>
      ) : (
        <>
          <Link to={change}>Set your location</Link> to see what is near you.
        </>
      )}
    </p>
  );
}

/** Numbered page links that keep the other query parameters. */
export function PageLinks({ page, perPage, total, maxPage = 100 }: { page: number; perPage: number; total: number; maxPage?: number }) {
  const [params] = useSearchParams();
  const pages = Math.min(Math.ceil(total / perPage), maxPage);
  if (pages <= 1) return null;
  const to = (n: number) => {
    const p = new URLSearchParams(params);
    if (n === 1) p.delete("page");
    else p.set("page", String(n));
    return `?${p}`;
  };
  const shown = [...new Set([1, page - 2, page - 1, page, page + 1, page + 2, pages])].filter((n) => n >= 1 && n <= pages).sort((a, b) => a - b);
  return (
    <nav className="pager" aria-label="Pages">
      {page > 1 ? (
        <Link to={to(page - 1)} rel="prev">
          Previous
        </Link>
      ) : null}
      {shown.map((n) =>
        n === page ? (
          <strong key={n} aria-current="page">
            {n}
          </strong>
        ) : (
          <Link key={n} to={to(n)}>
            {n}
          </Link>
        ),
      )}
      {page < pages ? (
        <Link to={to(page + 1)} rel="next">
          Next
        </Link>
      ) : null}
    </nav>
  );
}
