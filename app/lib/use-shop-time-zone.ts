import { useRouteLoaderData } from "@remix-run/react";
import type { loader as shopLoader } from "../routes/shop.$slug";

/**
 * The shop's time zone on any page under /shop/<slug> (its layout loader
 * always runs first). No fallback zone: a missing one is a bug, not UTC.
 */
export function useShopTimeZone(): string {
  const timezone = useRouteLoaderData<typeof shopLoader>("routes/shop.$slug")?.shop.timezone;
  if (!timezone) throw new Error("useShopTimeZone is only for pages under /shop/<slug>");
  return timezone;
}
