import { appRouter } from "../../server/trpc/root";
import { productInput, shopDetails } from "../../server/db/factories";

/** Every procedure path in the app router. */
export function allProcedurePaths(): string[] {
  return Object.keys((appRouter as unknown as { _def: { procedures: Record<string, unknown> } })._def.procedures).sort();
}

export const RECORD_KINDS = [
  "membershipId",
  "invitationId",
  "productId",
  "variantId",
  "locationId",
  "otherLocationId",
  "imageId",
  "notificationId",
  "importId",
] as const;
export type ShopIds = Record<(typeof RECORD_KINDS)[number], string>;

const location = {
  name: "Back room", addressLine1: "3 Rue Haute", city: "Lyon", postalCode: "69001", country: "FR", latitude: 45.76, longitude: 4.83,
};
const PNG_1PX = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAACXBIWXMAAAPoAAAD6AG1e1JrAAAADElEQVQImWP4//8/AAX+Av5Y8msOAAAAAElFTkSuQmCC";

/**
 * Every procedure that takes a shop, with a valid input besides shopSlug.
 * Record ids come from the shop the test wants them from. A new shop
 * procedure must be added here, or the coverage test fails.
 */
export const SHOP_PROCEDURES: Record<
  string,
  { type: "query" | "mutation"; minRole: "cashier" | "manager" | "owner"; input: (ids: ShopIds) => Record<string, unknown> }
> = {
  "shops.current": { type: "query", minRole: "cashier", input: () => ({}) },
  "shops.settings": { type: "query", minRole: "manager", input: () => ({}) },
  "shops.updateSettings": { type: "mutation", minRole: "manager", input: () => ({ ...shopDetails(), name: "Hijacked" }) },
  "staff.list": { type: "query", minRole: "manager", input: () => ({}) },
  "staff.invite": { type: "mutation", minRole: "owner", input: () => ({ email: "intruder@example.test", role: "manager" }) },
  "staff.revokeInvitation": { type: "mutation", minRole: "owner", input: (ids) => ({ invitationId: ids.invitationId }) },
  "staff.changeRole": { type: "mutation", minRole: "owner", input: (ids) => ({ membershipId: ids.membershipId, role: "manager" }) },
  "staff.remove": { type: "mutation", minRole: "owner", input: (ids) => ({ membershipId: ids.membershipId }) },

  "catalog.categories": { type: "query", minRole: "cashier", input: () => ({}) },
  "catalog.list": { type: "query", minRole: "cashier", input: () => ({ q: "product", sort: "title" }) },
  "catalog.get": { type: "query", minRole: "cashier", input: (ids) => ({ productId: ids.productId }) },
  "catalog.create": { type: "mutation", minRole: "manager", input: () => productInput() },
  "catalog.update": { type: "mutation", minRole: "manager", input: (ids) => ({ ...productInput({ title: "Hijacked" }), productId: ids.productId }) },
  "catalog.bulkEdit": { type: "mutation", minRole: "manager", input: (ids) => ({ productIds: [ids.productId], status: "archived" }) },
  "catalog.addImage": { type: "mutation", minRole: "manager", input: (ids) => ({ productId: ids.productId, fileName: "x.png", data: PNG_1PX }) },
  "catalog.removeImage": { type: "mutation", minRole: "manager", input: (ids) => ({ productId: ids.productId, imageId: ids.imageId }) },
  "catalog.exportPage": { type: "query", minRole: "manager", input: () => ({ after: "A" }) },

  "inventory.locations": { type: "query", minRole: "cashier", input: () => ({}) },
  "inventory.createLocation": { type: "mutation", minRole: "manager", input: () => location },
  "inventory.updateLocation": { type: "mutation", minRole: "manager", input: (ids) => ({ ...location, locationId: ids.locationId }) },
  "inventory.stock": { type: "query", minRole: "cashier", input: (ids) => ({ locationId: ids.locationId, q: "sku" }) },
  "inventory.variant": { type: "query", minRole: "cashier", input: (ids) => ({ variantId: ids.variantId }) },
  "inventory.adjust": { type: "mutation", minRole: "manager", input: (ids) => ({ variantId: ids.variantId, locationId: ids.locationId, delta: 5, reason: "count" }) },
  "inventory.receive": { type: "mutation", minRole: "manager", input: (ids) => ({ variantId: ids.variantId, locationId: ids.locationId, quantity: 5 }) },
  "inventory.transfer": {
    type: "mutation",
    minRole: "manager",
    input: (ids) => ({ variantId: ids.variantId, fromLocationId: ids.otherLocationId, toLocationId: ids.locationId, quantity: 1 }),
  },
  "inventory.setThreshold": { type: "mutation", minRole: "manager", input: (ids) => ({ variantId: ids.variantId, locationId: ids.locationId, threshold: 3 }) },

  "imports.upload": { type: "mutation", minRole: "manager", input: () => ({ fileName: "c.csv", data: Buffer.from("sku,title,price\nX-1,X,1.00\n").toString("base64") }) },
  "imports.start": { type: "mutation", minRole: "manager", input: (ids) => ({ importId: ids.importId }) },
  "imports.get": { type: "query", minRole: "manager", input: (ids) => ({ importId: ids.importId }) },
  "imports.list": { type: "query", minRole: "manager", input: () => ({}) },
  "imports.errorReport": { type: "query", minRole: "manager", input: (ids) => ({ importId: ids.importId }) },

  "notifications.list": { type: "query", minRole: "cashier", input: () => ({}) },
  "notifications.unreadCount": { type: "query", minRole: "cashier", input: () => ({}) },
  "notifications.markRead": { type: "mutation", minRole: "cashier", input: (ids) => ({ notificationId: ids.notificationId }) },
  "notifications.markAllRead": { type: "mutation", minRole: "cashier", input: () => ({}) },
};

/** Procedures that take no shop, with a valid input (null: no input). */
export const OTHER_PROCEDURES: Record<string, { type: "query" | "mutation"; input: Record<string, unknown> | null }> = {
  "auth.me": { type: "query", input: null },
  "auth.myShops": { type: "query", input: null },
  "auth.signUp": {
    type: "mutation",
    input: { name: "New Owner", email: "new-owner@example.test", password: "long enough password", shop: shopDetails() },
  },
  "auth.verifyEmail": { type: "mutation", input: { token: "a".repeat(43) } },
  "auth.logIn": { type: "mutation", input: { email: "someone@example.test", password: "whatever it is" } },
  "auth.logOut": { type: "mutation", input: null },
  "auth.requestPasswordReset": { type: "mutation", input: { email: "someone@example.test" } },
  "auth.resetTokenUsable": { type: "query", input: { token: "a".repeat(43) } },
  "auth.resetPassword": { type: "mutation", input: { token: "a".repeat(43), password: "long enough password" } },
  "auth.changePassword": { type: "mutation", input: { currentPassword: "x", newPassword: "long enough password" } },
  "staff.describeInvitation": { type: "query", input: { token: "a".repeat(43) } },
  "staff.acceptInvitation": { type: "mutation", input: { token: "a".repeat(43), name: "Ann", password: "long enough password" } },
  "admin.shops": { type: "query", input: { q: "bakery" } },
  // Public discovery: no shop scope, only the public search index and
  // public fields of active shops (tests/search.integration.test.ts).
  "discovery.places": { type: "query", input: { q: "Par" } },
  "discovery.shops": { type: "query", input: { near: { lat: 48.85, lng: 2.35 }, radiusKm: 10 } },
  "discovery.products": { type: "query", input: { q: "bread", near: { lat: 48.85, lng: 2.35 }, radiusKm: 10 } },
  "discovery.suggest": { type: "query", input: { q: "bre", near: { lat: 48.85, lng: 2.35 } } },
  "discovery.shop": { type: "query", input: { slug: "no-such-shop" } },
  "discovery.product": { type: "query", input: { slug: "no-such-shop", handle: "bread" } },
};
