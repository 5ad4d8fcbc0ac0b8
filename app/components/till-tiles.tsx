import { useMemo, useState } from "react";
import type { TillItem } from "../lib/till/reducer";
import { useT } from "../lib/i18n";

/**
 * Product tiles for taps without a scanner: a tab per category, then a
 * tile per item with its price; a tap adds one. Each till brings its own
 * items (the back office's from the server, a register's from its copy).
 */
export function ProductTiles(props: { items: TillItem[]; money: (n: number) => string; onAdd: (item: TillItem) => void; disabled?: boolean }) {
  const t = useT();
  const NONE = t("till.tiles.other");
  const groups = useMemo(() => {
    const byCategory = new Map<string, TillItem[]>();
    for (const item of props.items) {
      const key = item.category ?? NONE;
      byCategory.set(key, [...(byCategory.get(key) ?? []), item]);
    }
    return [...byCategory];
  }, [props.items, NONE]);
  const [chosen, setChosen] = useState<string | null>(null);
  const current = groups.find(([name]) => name === chosen) ?? groups[0];
  if (!current) return null;
  const tabId = (name: string) => `till-tab-${name.replace(/[^A-Za-z0-9]+/g, "-")}`;
  return (
    <section className="till-tiles" aria-label={t("till.tiles.region")}>
      <div role="tablist" aria-label={t("till.tiles.categories")} className="till-tabs">
        {groups.map(([name, items]) => (
          <button
            key={name}
            type="button"
            role="tab"
            id={tabId(name)}
            aria-selected={name === current[0]}
            aria-controls="till-tile-panel"
            className={name === current[0] ? "active" : undefined}
            onClick={() => setChosen(name)}
          >
            <span translate={name === NONE ? undefined : "no"}>{name}</span> <small>({items.length})</small>
          </button>
        ))}
      </div>
      <div id="till-tile-panel" role="tabpanel" aria-labelledby={tabId(current[0])} className="till-tile-grid">
        {current[1].map((item) => (
          <button key={item.variantId} type="button" className="till-tile" disabled={props.disabled} onClick={() => props.onAdd(item)}>
            <span className="till-tile-title" translate="no">
              {item.title}
              {item.variantTitle ? ` (${item.variantTitle})` : ""}
            </span>
            <span className="till-tile-price">{props.money(item.price)}</span>
          </button>
        ))}
      </div>
    </section>
  );
}
