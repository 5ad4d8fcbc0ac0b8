import { useEffect, useRef } from "react";
import type { Map as LeafletMap } from "leaflet";
import { useT } from "../lib/i18n";

export type MapConfig = { tiles: string; attribution: string };
export type MapShop = { id: string; name: string; slug: string; lat: number; lng: number; distance: string };

/**
 * The nearby shops on a map (Leaflet), when the deployment has a tile
 * server (MAP_TILE_URL). Leaflet needs a browser, so it is loaded after the
 * page renders; the list beside it works without it. Shops are vector
 * circles (no marker images to host); each opens a popup linking to it.
 */
export function ShopMap({ config, here, shops }: { config: MapConfig; here: { lat: number; lng: number; label: string }; shops: MapShop[] }) {
  const box = useRef<HTMLDivElement>(null);
  const t = useT();
  const youText = t("store.map.you", { place: here.label });
  useEffect(() => {
    let map: LeafletMap | null = null;
    let cancelled = false;
    import("leaflet").then(({ default: L }) => {
      if (cancelled || !box.current) return;
      map = L.map(box.current, { scrollWheelZoom: false });
      L.tileLayer(config.tiles, { attribution: config.attribution, maxZoom: 19 }).addTo(map);
      const you = L.circleMarker([here.lat, here.lng], { radius: 7, color: "#1d4ed8", fillOpacity: 0.9, className: "map-you" }).bindTooltip(youText);
      you.addTo(map);
      const points: [number, number][] = [[here.lat, here.lng]];
      for (const s of shops) {
        // Text nodes, not HTML: shop names come from shop owners.
        const popup = document.createElement("div");
        const link = popup.appendChild(document.createElement("a"));
        link.href = `/s/${s.slug}`;
        link.textContent = s.name;
        popup.appendChild(document.createTextNode(` · ${s.distance}`));
        L.circleMarker([s.lat, s.lng], { radius: 8, color: "#b45309", fillOpacity: 0.8, className: "map-shop" }).bindPopup(popup).addTo(map);
        points.push([s.lat, s.lng]);
      }
      map.fitBounds(L.latLngBounds(points), { padding: [24, 24], maxZoom: 15 });
    });
    return () => {
      cancelled = true;
      map?.remove();
    };
  }, [config.tiles, config.attribution, here.lat, here.lng, youText, shops]);
  return (
    <div ref={box} className="shop-map" role="region" aria-label={t("store.map.label", { count: shops.length, place: here.label })} data-shops={shops.length} />
  );
}
