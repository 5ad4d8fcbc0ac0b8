// Issue 26, item 1: a shop's profile on its storefront: a description, a
// logo and a cover photo. Uploaded through the API as a manager would (the
// settings page posts the same procedure), cropped to their frames, served
// from /uploads; a replaced or removed image's file goes; bad files and
// other people's shops are refused by the field, nothing half-written.
import { existsSync } from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseDb } from "../server/db/client.server";
import { addMember, createShop, createUser } from "../server/db/factories";
import { shopPage } from "../server/services/search/storefront";
import { shopDetailsSchema } from "../server/schemas/shop";
import { startTestServer } from "./support/http";
import { pngBase64 } from "./support/records";

let server: Awaited<ReturnType<typeof startTestServer>>;
let shop: Awaited<ReturnType<typeof createShop>>;
let other: Awaited<ReturnType<typeof createShop>>;
let owner: string;
let cashier: string;

const file = (key: string, kind: string) => path.resolve(process.env.UPLOADS_DIR as string, `${key}-${kind}.webp`);
const keys = () => baseDb.shop.findUniqueOrThrow({ where: { id: shop.id }, select: { logoKey: true, coverKey: true, description: true } });

beforeAll(async () => {
  server = await startTestServer();
  shop = await createShop({ name: "Profile Bakery" });
  other = await createShop({ name: "Someone Else" });
  owner = await server.cookieFor(shop.ownerId);
  const staff = await createUser({ name: "Cass" });
  await addMember(shop.id, staff.id, "cashier");
  cashier = await server.cookieFor(staff.id);
});
afterAll(() => server.close());

describe("a shop's profile", () => {
  it("crops a cover photo to a 1600 × 500 strip and a logo to a 320 px square, shown on the shop page", async () => {
    const cover = await server.call("shops.setProfileImage", { shopSlug: shop.slug, kind: "cover", data: await pngBase64(2400, 1600) }, { cookie: owner });
    expect(cover.status).toBe(200);
    const logo = await server.call("shops.setProfileImage", { shopSlug: shop.slug, kind: "logo", data: await pngBase64(600, 400) }, { cookie: owner });
    expect(logo.status).toBe(200);
    const { coverKey, logoKey } = await keys();
    expect(await sharp(file(coverKey!, "cover")).metadata()).toMatchObject({ format: "webp", width: 1600, height: 500 });
    expect(await sharp(file(logoKey!, "logo")).metadata()).toMatchObject({ format: "webp", width: 320, height: 320 });
    const served = await fetch(`${server.base}/uploads/${logoKey}-logo.webp`);
    expect([served.status, served.headers.get("content-type")]).toEqual([200, "image/webp"]);
    expect((await shopPage(shop.slug)).shop).toMatchObject({ coverKey, logoKey });
  });

  it("replaces a logo and removes the old file; removing it clears the page and the file", async () => {
    const before = (await keys()).logoKey!;
    await server.call("shops.setProfileImage", { shopSlug: shop.slug, kind: "logo", data: await pngBase64(300, 300) }, { cookie: owner });
    const after = (await keys()).logoKey!;
    expect(after).not.toBe(before);
    expect(existsSync(file(before, "logo"))).toBe(false);
    expect(existsSync(file(after, "logo"))).toBe(true);
    const removed = await server.call("shops.removeProfileImage", { shopSlug: shop.slug, kind: "logo" }, { cookie: owner });
    expect(removed.body.result?.data).toEqual({ removed: true });
    expect((await keys()).logoKey).toBeNull();
    expect(existsSync(file(after, "logo"))).toBe(false);
  });

  it("refuses a file that is not an image under its own field, a cashier, and another shop's owner; nothing changes", async () => {
    const was = await keys();
    const pdf = Buffer.from("%PDF-1.7 not a picture").toString("base64");
    const bad = await server.call("shops.setProfileImage", { shopSlug: shop.slug, kind: "cover", data: pdf }, { cookie: owner });
    expect(bad.status).toBe(400);
    expect(bad.body.error?.data.fieldErrors).toEqual({ cover: "This file is not an image we can read: upload a JPEG, PNG, WebP, GIF or AVIF" });
    const wrongKind = await server.call("shops.setProfileImage", { shopSlug: shop.slug, kind: "__proto__", data: await pngBase64(10, 10) }, { cookie: owner });
    expect(wrongKind.status).toBe(400);
    const asCashier = await server.call("shops.setProfileImage", { shopSlug: shop.slug, kind: "cover", data: await pngBase64(10, 10) }, { cookie: cashier });
    expect(asCashier.status).toBe(403);
    const stranger = await server.cookieFor(other.ownerId);
    const elsewhere = await server.call("shops.removeProfileImage", { shopSlug: shop.slug, kind: "cover" }, { cookie: stranger });
    expect(elsewhere.status).toBe(403);
    expect(await keys()).toEqual(was);
  });

  it("keeps a description of up to 2,000 characters; an empty one clears it, one left out keeps it", () => {
    const base = { name: "P", slug: "p-shop", currency: "EUR", timezone: "Europe/Paris", addressLine1: "1 rue", city: "Paris", postalCode: "75001" };
    const valid = { ...base, country: "FR", latitude: "48.8", longitude: "2.3" };
    expect(shopDetailsSchema.parse({ ...valid, description: "  Bread since 1962.\n\nOpen on Sundays.  " }).description).toBe(
      "Bread since 1962.\n\nOpen on Sundays.",
    );
    expect(shopDetailsSchema.parse({ ...valid, description: "" }).description).toBe("");
    expect(shopDetailsSchema.parse(valid).description).toBeUndefined();
    expect(shopDetailsSchema.safeParse({ ...valid, description: "x".repeat(2001) }).error?.issues[0]?.message).toBe("Description: 2,000 characters at most");
  });
});
