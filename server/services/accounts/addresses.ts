import { asUser } from "../../db/client.server";
import type { ShopTx } from "../../db/tenancy";
import { MAX_SAVED_ADDRESSES, type SavedAddressInput, type UpdateAddressInput } from "../../schemas/addresses";
import { parseCoordinates, type Point } from "../../schemas/search";
import { badRequest, fieldError, notFound } from "../errors";
import { findPlaces, findPostcodes, looksLikePostcode } from "../search/places";

/**
 * A shopper's saved delivery addresses (issue 25, item 1): at most 10, one
 * the default. Rows are the user's by row-level security (app.user_id);
 * every query also names the user, so a wrong id is "not found", never
 * someone else's row.
 */
const select = {
  id: true,
  label: true,
  address: true,
  placeLabel: true,
  latitude: true,
  longitude: true,
  isDefault: true,
  createdAt: true,
  updatedAt: true,
} as const;

/** The town, postcode or "lat, lng" typed, as the location picker reads it; null when unknown. */
export function placeOf(text: string): (Point & { label: string }) | null {
  const point = parseCoordinates(text);
  if (point) return { ...point, label: `${point.lat.toFixed(5)}, ${point.lng.toFixed(5)}` };
  // "Lyon, FR" as the picker's list writes it, or whatever was typed.
  const [name, country] = text.split(/,\s*(?=[A-Z]{2}$)/);
  const q = (name ?? text).trim();
  const places = looksLikePostcode(q) ? findPostcodes(q) : findPlaces(q);
  const best = places.find((p) => !country || p.country === country) ?? places[0];
  if (!best) return null;
  return { lat: best.lat, lng: best.lng, label: best.country ? `${best.name}, ${best.country}` : best.name };
}

function knownPlace(text: string) {
  const place = placeOf(text);
  if (!place)
    throw fieldError(
      "place",
      `Town or postcode: we do not know "${text.slice(0, 60)}". Try a nearby town, a French, US or Canadian postcode, or coordinates like 48.85, 2.35.`,
    );
  return place;
}

/** Default first, then oldest first: the order the checkout offers them in. */
export function myAddresses(userId: string) {
  return asUser(userId, (tx) =>
    tx.savedAddress.findMany({ where: { userId }, orderBy: [{ isDefault: "desc" }, { createdAt: "asc" }, { id: "asc" }], take: MAX_SAVED_ADDRESSES, select }),
  );
}

/** One writer at a time per account: the count of 10 and the one default hold under concurrent requests. */
async function lockList(tx: ShopTx, userId: string) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`saved_addresses:${userId}`}))`;
}

const FULL = `You keep ${MAX_SAVED_ADDRESSES} addresses already: delete one to add another`;

type NewAddress = { label: string; address: string; placeLabel: string; latitude: number; longitude: number; makeDefault?: boolean };

async function insert(tx: ShopTx, userId: string, a: NewAddress) {
  await lockList(tx, userId);
  const count = await tx.savedAddress.count({ where: { userId } });
  if (count >= MAX_SAVED_ADDRESSES) throw badRequest(FULL);
  // The first address is the default, whatever the box said.
  const isDefault = Boolean(a.makeDefault) || count === 0;
  if (isDefault) await tx.savedAddress.updateMany({ where: { userId, isDefault: true }, data: { isDefault: false } });
  const { makeDefault: _, ...fields } = a;
  return tx.savedAddress.create({ data: { userId, ...fields, isDefault }, select });
}

export function addAddress(userId: string, input: SavedAddressInput) {
  const place = knownPlace(input.place);
  return asUser(userId, (tx) =>
    insert(tx, userId, {
      label: input.label,
      address: input.address,
      placeLabel: place.label,
      latitude: place.lat,
      longitude: place.lng,
      makeDefault: input.makeDefault,
    }),
  );
}

export function updateAddress(userId: string, input: UpdateAddressInput) {
  const place = knownPlace(input.place);
  return asUser(userId, async (tx) => {
    await lockList(tx, userId);
    const mine = await tx.savedAddress.findFirst({ where: { id: input.addressId, userId }, select: { id: true } });
    if (!mine) throw notFound("Address");
    if (input.makeDefault) await tx.savedAddress.updateMany({ where: { userId, isDefault: true, NOT: { id: mine.id } }, data: { isDefault: false } });
    return tx.savedAddress.update({
      where: { id: mine.id },
      data: {
        label: input.label,
        address: input.address,
        placeLabel: place.label,
        latitude: place.lat,
        longitude: place.lng,
        ...(input.makeDefault ? { isDefault: true } : {}),
      },
      select,
    });
  });
}

/** Deleting the default makes the newest remaining one the default. */
export function deleteAddress(userId: string, addressId: string) {
  return asUser(userId, async (tx) => {
    await lockList(tx, userId);
    const gone = await tx.savedAddress.findFirst({ where: { id: addressId, userId }, select: { id: true, label: true, isDefault: true } });
    if (!gone) throw notFound("Address");
    await tx.savedAddress.delete({ where: { id: gone.id } });
    if (gone.isDefault) {
      const next = await tx.savedAddress.findFirst({ where: { userId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], select: { id: true } });
      if (next) await tx.savedAddress.update({ where: { id: next.id }, data: { isDefault: true } });
    }
    return { label: gone.label };
  });
}

export function setDefaultAddress(userId: string, addressId: string) {
  return asUser(userId, async (tx) => {
    await lockList(tx, userId);
    const mine = await tx.savedAddress.findFirst({ where: { id: addressId, userId }, select: { id: true } });
    if (!mine) throw notFound("Address");
    await tx.savedAddress.updateMany({ where: { userId, isDefault: true, NOT: { id: mine.id } }, data: { isDefault: false } });
    return tx.savedAddress.update({ where: { id: mine.id }, data: { isDefault: true }, select });
  });
}

/**
 * Where a checkout delivers when the shopper picked a saved address: read
 * here, from the account's own rows, never from what the browser sent. An
 * id that is not one of theirs is refused beside the choice.
 */
export async function savedDestination(userId: string | null, addressId: string): Promise<{ address: string; point: Point }> {
  if (!userId) throw fieldError("savedAddressId", "Sign in to deliver to a saved address, or type the address");
  const row = await asUser(userId, (tx) =>
    tx.savedAddress.findFirst({ where: { id: addressId, userId }, select: { address: true, latitude: true, longitude: true } }),
  );
  if (!row) throw fieldError("savedAddressId", "Choose one of your saved addresses, or type a new one");
  return { address: row.address, point: { lat: row.latitude, lng: row.longitude } };
}

/** Before a checkout that asks to save its address: refused while there is no room, so nothing is placed and then half-kept. */
export async function roomForAnother(userId: string) {
  const count = await asUser(userId, (tx) => tx.savedAddress.count({ where: { userId } }));
  if (count >= MAX_SAVED_ADDRESSES)
    throw fieldError("saveAddress", `You keep ${MAX_SAVED_ADDRESSES} addresses already: untick "Save this address" or delete one on your account`);
}

/**
 * A checkout's typed address kept on the account, measured from the
 * location the distance was checked from. The same address and point kept
 * already is not kept twice.
 */
export function keepCheckoutAddress(userId: string, a: { label?: string; address: string; point: Point; placeLabel: string }) {
  return asUser(userId, async (tx) => {
    await lockList(tx, userId);
    const same = await tx.savedAddress.findFirst({
      where: { userId, address: a.address, latitude: a.point.lat, longitude: a.point.lng },
      select,
    });
    if (same) return same;
    const count = await tx.savedAddress.count({ where: { userId } });
    return insert(tx, userId, {
      label: a.label ?? (count === 0 ? "Home" : `Address ${count + 1}`),
      address: a.address,
      placeLabel: a.placeLabel.slice(0, 200),
      latitude: a.point.lat,
      longitude: a.point.lng,
    });
  });
}
