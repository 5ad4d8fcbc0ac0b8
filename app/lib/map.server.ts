import { env } from "../../server/env.server";
import type { MapConfig } from "../components/shop-map";

/** The map's tile server, or null: no map without MAP_TILE_URL. */
export function mapConfig(): MapConfig | null {
  return env.MAP_TILE_URL ? { tiles: env.MAP_TILE_URL, attribution: env.MAP_ATTRIBUTION } : null;
}
