import { inShop } from "../../db/client.server";
import type { ShopTx } from "../../db/tenancy";
import { locationInputSchema, type LocationInput } from "../../schemas/inventory";
import { onlyFields } from "../../schemas/common";
import { fieldError, isUniqueViolation, notFound } from "../errors";
import { recordEvent } from "../outbox/record";

const select = {
  id: true,
  name: true,
  addressLine1: true,
  city: true,
  postalCode: true,
  country: true,
  latitude: true,
  longitude: true,
  position: true,
  pickupPoint: true,
  publicName: true,
} as const;

function locationChanged(tx: ShopTx, shopId: string, locationId: string) {
  return recordEvent(tx, { type: "location.changed", payload: { locationId }, shopId });
}

/** Every shop starts with one location at its own address. */
export async function createDefaultLocation(
  tx: ShopTx,
  shop: { id: string; addressLine1: string; city: string; postalCode: string; country: string; latitude: number; longitude: number },
) {
  const { addressLine1, city, postalCode, country, latitude, longitude } = shop;
  const location = await tx.location.create({
    data: { shopId: shop.id, name: "Shop floor", addressLine1, city, postalCode, country, latitude, longitude },
    select: { id: true },
  });
  await locationChanged(tx, shop.id, location.id);
  return location;
}

/** A shop has a handful of locations; no paging needed beyond a sane cap. */
export function listLocations(shopId: string) {
  return inShop(shopId, (tx) => tx.location.findMany({ orderBy: [{ position: "asc" }, { name: "asc" }], take: 200, select }));
}

async function save<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (isUniqueViolation(error, "name")) throw fieldError("name", "Another location already has this name");
    throw error;
  }
}

export function createLocation(shopId: string, input: LocationInput) {
  return save(() =>
    inShop(shopId, async (tx) => {
      const last = await tx.location.findFirst({ orderBy: { position: "desc" }, select: { position: true } });
      const location = await tx.location.create({ data: { shopId, ...onlyFields(locationInputSchema, input), position: (last?.position ?? -1) + 1 }, select });
      await locationChanged(tx, shopId, location.id);
      return location;
    }),
  );
}

export function updateLocation(shopId: string, locationId: string, input: LocationInput) {
  return save(() =>
    inShop(shopId, async (tx) => {
      const found = await tx.location.findFirst({ where: { id: locationId }, select: { id: true } });
      if (!found) throw notFound("Location");
      const location = await tx.location.update({ where: { shopId_id: { shopId, id: locationId } }, data: onlyFields(locationInputSchema, input), select });
      await locationChanged(tx, shopId, location.id);
      return location;
    }),
  );
}
