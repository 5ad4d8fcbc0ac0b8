import { Link, useLocation, useSearchParams } from "@remix-run/react";
import { intlLocale, type Locale } from "../i18n";
import { useFormat, useLocale, useT, type Formats } from "../lib/i18n";
import type { OpenState } from "../../server/services/locations/hours";

const distanceFormats = new Map<string, Intl.NumberFormat>();
/** "350 m", "1.5 km" / "1,5 km", "12 km": a distance as the language writes its numbers. */
export function formatDistance(km: number | null, locale: Locale = "en"): string {
  if (km === null) return "";
  const digits = km < 1 || km >= 10 ? 0 : 1;
  const id = `${locale}|${digits}`;
  let f = distanceFormats.get(id);
  if (!f) distanceFormats.set(id, (f = new Intl.NumberFormat(intlLocale(locale), { minimumFractionDigits: digits, maximumFractionDigits: digits })));
  return km < 1 ? `${f.format(Math.max(10, Math.round((km * 1000) / 10) * 10))} m` : `${f.format(km)} km`;
}

/** The distance formatter in the page's language. */
export function useDistance() {
  const locale = useLocale();
  return (km: number | null) => formatDistance(km, locale);
}

export function priceRange(min: number, max: number, currency: string, f: Formats) {
  return min === max ? f.money(min, currency) : `${f.money(min, currency)} – ${f.money(max, currency)}`;
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();
function dayName(locale: Locale, zone: string, at: string, kind: "weekday" | "date") {
  const id = `${locale}|${zone}|${kind}`;
  let f = dayFormats.get(id);
  if (!f) {
    const options: Intl.DateTimeFormatOptions = kind === "weekday" ? { weekday: "long" } : { day: "numeric", month: "short" };
    dayFormats.set(id, (f = new Intl.DateTimeFormat(intlLocale(locale), { timeZone: zone, ...options })));
  }
  return f.format(new Date(at));
}

/** "Open now · closes at 19:00", "Closed · opens tomorrow 09:00", "Closed · opens Monday 09:00" in the page's language, in the shop's zone. */
export function useOpenText() {
  const t = useT();
  const f = useFormat();
  return (state: OpenState | null | undefined): string | null => {
    if (!state) return null;
    const zone = state.zone;
    if (state.open) return t("store.open.closesAt", { time: f.time(state.at, zone) });
    if (!state.at || state.days === null) return t("store.open.closed");
    const time = f.time(state.at, zone);
    if (state.days <= 0) return t("store.open.opensAt", { time });
    if (state.days === 1) return t("store.open.opensTomorrow", { time });
    return t("store.open.opensOn", { day: dayName(f.locale, zone, state.at, state.days < 7 ? "weekday" : "date"), time });
  };
}

/** "Near Paris, FR (10 km) · Change": where results are measured from. */
export function LocationBar({ here }: { here: { label: string; radiusKm: number } | null }) {
  const location = useLocation();
  const t = useT();
  const f = useFormat();
  const change = `/near?returnTo=${encodeURIComponent(location.pathname + location.search)}`;
  return (
    <p className="location-bar">
      {here
        ? t.rich("store.location.near", {
            place: <strong translate="no">{here.label}</strong>,
            radius: f.number(here.radiusKm),
            change: (chunks) => <Link to={change}>{chunks}</Link>,
          })
        : t.rich("store.location.none", { link: (chunks) => <Link to={change}>{chunks}</Link> })}
    </p>
  );
}

/** Numbered page links that keep the other query parameters. */
export function PageLinks({ page, perPage, total, maxPage = 100 }: { page: number; perPage: number; total: number; maxPage?: number }) {
  const [params] = useSearchParams();
  const t = useT();
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
    <nav className="pager" aria-label={t("common.pager.label")}>
      {page > 1 ? (
        <Link to={to(page - 1)} rel="prev">
          {t("store.pager.previous")}
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
          {t("store.pager.next")}
        </Link>
      ) : null}
    </nav>
  );
}
