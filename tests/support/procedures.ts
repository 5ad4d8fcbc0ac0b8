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
  "orderId",
  "failedRefundId",
  "exchangeRefundId",
  "customerId",
  "registerId",
  "registerSaleId",
  "savedFilterId",
] as const;
export type ShopIds = Record<(typeof RECORD_KINDS)[number], string>;

const location = {
  name: "Back room",
  addressLine1: "3 Rue Haute",
  city: "Lyon",
  postalCode: "69001",
  country: "FR",
  latitude: 45.76,
  longitude: 4.83,
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
  "shops.overview": { type: "query", minRole: "cashier", input: () => ({}) },
  "shops.updateReceipt": { type: "mutation", minRole: "manager", input: () => ({ vatNumber: "FR40123456789", receiptFooter: "Hijacked" }) },
  "shops.setProfileImage": { type: "mutation", minRole: "manager", input: () => ({ kind: "logo", data: PNG_1PX }) },
  "shops.removeProfileImage": { type: "mutation", minRole: "manager", input: () => ({ kind: "cover" }) },
  "staff.list": { type: "query", minRole: "manager", input: () => ({}) },
  "staff.invite": { type: "mutation", minRole: "owner", input: () => ({ email: "intruder@example.test", role: "manager" }) },
  "staff.revokeInvitation": { type: "mutation", minRole: "owner", input: (ids) => ({ invitationId: ids.invitationId }) },
  "staff.changeRole": { type: "mutation", minRole: "owner", input: (ids) => ({ membershipId: ids.membershipId, role: "manager" }) },
  "staff.remove": { type: "mutation", minRole: "owner", input: (ids) => ({ membershipId: ids.membershipId }) },
  "staff.security": { type: "query", minRole: "owner", input: () => ({}) },
  "staff.requireTwoFactor": { type: "mutation", minRole: "owner", input: () => ({ required: true }) },
  "staff.signOutEverywhere": { type: "mutation", minRole: "owner", input: (ids) => ({ membershipId: ids.membershipId }) },

  "catalog.categories": { type: "query", minRole: "cashier", input: () => ({}) },
  "catalog.list": { type: "query", minRole: "cashier", input: () => ({ q: "product", sort: "title" }) },
  "catalog.get": { type: "query", minRole: "cashier", input: (ids) => ({ productId: ids.productId }) },
  "catalog.create": { type: "mutation", minRole: "manager", input: () => productInput() },
  "catalog.update": { type: "mutation", minRole: "manager", input: (ids) => ({ ...productInput({ title: "Hijacked" }), productId: ids.productId }) },
  "catalog.bulkEdit": { type: "mutation", minRole: "manager", input: (ids) => ({ productIds: [ids.productId], status: "archived" }) },
  "catalog.addImage": { type: "mutation", minRole: "manager", input: (ids) => ({ productId: ids.productId, fileName: "x.png", data: PNG_1PX }) },
  "catalog.removeImage": { type: "mutation", minRole: "manager", input: (ids) => ({ productId: ids.productId, imageId: ids.imageId }) },
  "catalog.exportPage": { type: "query", minRole: "manager", input: () => ({ after: "A" }) },
  "catalog.duplicate": { type: "mutation", minRole: "manager", input: (ids) => ({ productId: ids.productId }) },
  "catalog.setStatus": { type: "mutation", minRole: "manager", input: (ids) => ({ productId: ids.productId, status: "archived" }) },
  "catalog.savedFilters": { type: "query", minRole: "cashier", input: () => ({}) },
  "catalog.saveFilter": { type: "mutation", minRole: "cashier", input: () => ({ name: "Hijacked", query: "status=active" }) },
  "catalog.removeFilter": { type: "mutation", minRole: "cashier", input: (ids) => ({ filterId: ids.savedFilterId }) },

  "inventory.locations": { type: "query", minRole: "cashier", input: () => ({}) },
  "inventory.createLocation": { type: "mutation", minRole: "manager", input: () => location },
  "inventory.updateLocation": { type: "mutation", minRole: "manager", input: (ids) => ({ ...location, locationId: ids.locationId }) },
  // Opening hours and pickup settings (issue 25; tests/opening-hours.integration.test.ts).
  "inventory.locationSettings": { type: "query", minRole: "cashier", input: (ids) => ({ locationId: ids.locationId }) },
  "inventory.setHours": {
    type: "mutation",
    minRole: "manager",
    input: (ids) => ({
      locationId: ids.locationId,
      hours: {
        mon: [{ opensMinute: 540, closesMinute: 1140 }],
        tue: [
          { opensMinute: 540, closesMinute: 720 },
          { opensMinute: 840, closesMinute: 1140 },
        ],
        wed: [],
        thu: [],
        fri: [{ opensMinute: 1320, closesMinute: 120 }],
        sat: [{ opensMinute: 600, closesMinute: 1080 }],
        sun: [],
      },
    }),
  },
  "inventory.setException": {
    type: "mutation",
    minRole: "manager",
    input: (ids) => ({ locationId: ids.locationId, day: "2026-12-25", hours: [], note: "Christmas" }),
  },
  "inventory.removeException": { type: "mutation", minRole: "manager", input: (ids) => ({ locationId: ids.locationId, day: "2026-12-31" }) },
  "inventory.pauseOrders": { type: "mutation", minRole: "manager", input: (ids) => ({ locationId: ids.locationId, minutes: 30, note: "Hijacked" }) },
  "inventory.resumeOrders": { type: "mutation", minRole: "manager", input: (ids) => ({ locationId: ids.locationId }) },
  "inventory.setPickup": {
    type: "mutation",
    minRole: "manager",
    input: (ids) => ({ locationId: ids.locationId, pickupPoint: false, publicName: "Hijacked", prepMinutes: 10, slotMinutes: 15, slotCapacity: 2 }),
  },
  "inventory.stock": { type: "query", minRole: "cashier", input: (ids) => ({ locationId: ids.locationId, q: "sku" }) },
  "inventory.variant": { type: "query", minRole: "cashier", input: (ids) => ({ variantId: ids.variantId }) },
  "inventory.soldBeyondStock": { type: "query", minRole: "manager", input: (ids) => ({ locationId: ids.locationId }) },
  "inventory.adjust": {
    type: "mutation",
    minRole: "manager",
    input: (ids) => ({ variantId: ids.variantId, locationId: ids.locationId, delta: 5, reason: "count" }),
  },
  "inventory.receive": { type: "mutation", minRole: "manager", input: (ids) => ({ variantId: ids.variantId, locationId: ids.locationId, quantity: 5 }) },
  "inventory.transfer": {
    type: "mutation",
    minRole: "manager",
    input: (ids) => ({ variantId: ids.variantId, fromLocationId: ids.otherLocationId, toLocationId: ids.locationId, quantity: 1 }),
  },
  "inventory.setThreshold": { type: "mutation", minRole: "manager", input: (ids) => ({ variantId: ids.variantId, locationId: ids.locationId, threshold: 3 }) },

  "imports.upload": {
    type: "mutation",
    minRole: "manager",
    input: () => ({ fileName: "c.csv", data: Buffer.from("sku,title,price\nX-1,X,1.00\n").toString("base64") }),
  },
  "imports.start": { type: "mutation", minRole: "manager", input: (ids) => ({ importId: ids.importId }) },
  "imports.get": { type: "query", minRole: "manager", input: (ids) => ({ importId: ids.importId }) },
  "imports.list": { type: "query", minRole: "manager", input: () => ({}) },
  "imports.errorReport": { type: "query", minRole: "manager", input: (ids) => ({ importId: ids.importId }) },

  "notifications.list": { type: "query", minRole: "cashier", input: () => ({}) },
  "notifications.markRead": { type: "mutation", minRole: "cashier", input: (ids) => ({ notificationId: ids.notificationId }) },
  "notifications.markAllRead": { type: "mutation", minRole: "cashier", input: () => ({}) },

  "orders.list": { type: "query", minRole: "cashier", input: () => ({ status: "confirmed", q: "Cleo" }) },
  "orders.board": { type: "query", minRole: "cashier", input: () => ({}) },
  "orders.get": { type: "query", minRole: "cashier", input: (ids) => ({ orderId: ids.orderId }) },
  "orders.byNumber": { type: "query", minRole: "cashier", input: () => ({ number: 1 }) },
  "orders.receipt": { type: "query", minRole: "cashier", input: () => ({ number: 1 }) },
  "orders.transition": { type: "mutation", minRole: "cashier", input: (ids) => ({ orderId: ids.orderId, to: "preparing", note: "on it" }) },
  "orders.delay": { type: "mutation", minRole: "cashier", input: (ids) => ({ orderId: ids.orderId, minutes: 15, reason: "Oven" }) },
  // A cashier may refund only with a manager's sign-in in the input (tests/till.integration.test.ts); without one, 403.
  "orders.refund": { type: "mutation", minRole: "manager", input: (ids) => ({ orderId: ids.orderId, amount: 100, reason: "sorry" }) },
  "orders.repayRefund": { type: "mutation", minRole: "manager", input: (ids) => ({ orderId: ids.orderId, refundId: ids.failedRefundId, tender: "cash" }) },
  "orders.emailReceipt": { type: "mutation", minRole: "cashier", input: (ids) => ({ orderId: ids.orderId, email: "receipt@example.test" }) },
  "orders.reconciliation": { type: "query", minRole: "manager", input: () => ({}) },
  "orders.sellingSettings": { type: "query", minRole: "manager", input: () => ({}) },
  "orders.updateSellingSettings": {
    type: "mutation",
    minRole: "manager",
    input: () => ({
      taxInclusive: true,
      taxStandard: 2000,
      taxReduced: 550,
      discountLimit: 1000,
      deliveryRadiusKm: 5,
      deliveryFee: 300,
      unpaidOrderMinutes: 30,
      pickupHoldHours: 48,
      tillSellsBelowStock: false,
    }),
  },

  "pos.settings": { type: "query", minRole: "cashier", input: () => ({}) },
  "pos.lookup": { type: "query", minRole: "cashier", input: (ids) => ({ locationId: ids.locationId, q: "SKU" }) },
  "pos.sale": {
    type: "mutation",
    minRole: "cashier",
    input: (ids) => ({ clientRef: crypto.randomUUID(), locationId: ids.locationId, items: [{ variantId: ids.variantId, quantity: 1 }], cashTendered: 100000 }),
  },
  "pos.exchangeCredit": { type: "query", minRole: "cashier", input: (ids) => ({ refundId: ids.exchangeRefundId }) },
  // The till's customers (F3): tests/till-customers.integration.test.ts.
  "pos.tiles": { type: "query", minRole: "cashier", input: (ids) => ({ locationId: ids.locationId }) },
  "pos.customers": { type: "query", minRole: "cashier", input: () => ({ q: "ann" }) },
  "pos.addCustomer": { type: "mutation", minRole: "cashier", input: () => ({ name: "Intruder", email: "intruder-customer@example.test" }) },
  "pos.cashUpPreview": { type: "query", minRole: "cashier", input: (ids) => ({ locationId: ids.locationId }) },
  "pos.cashUp": { type: "mutation", minRole: "cashier", input: (ids) => ({ locationId: ids.locationId, float: 10000, counted: 10000, note: "ok" }) },

  "registers.list": { type: "query", minRole: "cashier", input: () => ({}) },
  "registers.pins": { type: "query", minRole: "manager", input: () => ({}) },
  "registers.create": { type: "mutation", minRole: "manager", input: (ids) => ({ locationId: ids.locationId, name: "Counter 9" }) },
  "registers.pair": { type: "mutation", minRole: "manager", input: (ids) => ({ registerId: ids.registerId }) },
  "registers.unpair": { type: "mutation", minRole: "manager", input: (ids) => ({ registerId: ids.registerId }) },
  "registers.settings": { type: "query", minRole: "manager", input: () => ({}) },
  "registers.setOfflineHours": { type: "mutation", minRole: "manager", input: () => ({ offlineHours: 12 }) },
  "registers.review": { type: "query", minRole: "manager", input: () => ({}) },
  "registers.resolve": { type: "mutation", minRole: "manager", input: (ids) => ({ registerSaleId: ids.registerSaleId, action: "reviewed" }) },
  "registers.setPin": { type: "mutation", minRole: "cashier", input: () => ({ pin: "2580" }) },
  "registers.resetPin": { type: "mutation", minRole: "owner", input: (ids) => ({ membershipId: ids.membershipId }) },

  "customers.list": { type: "query", minRole: "cashier", input: () => ({ q: "Cleo" }) },
  "customers.get": { type: "query", minRole: "cashier", input: (ids) => ({ customerId: ids.customerId }) },
  "customers.create": {
    type: "mutation",
    minRole: "cashier",
    input: () => ({ name: "New Customer", email: "new-customer@example.test", phone: "+33 1 23 45 67 89" }),
  },
  "customers.update": {
    type: "mutation",
    minRole: "cashier",
    input: (ids) => ({ customerId: ids.customerId, name: "Renamed", email: "renamed@example.test", notes: "likes rye", marketingConsent: true }),
  },

  "reports.dashboard": { type: "query", minRole: "manager", input: () => ({ period: "30d" }) },
  // One text field: four 10,000-character ones in a GET URL pass Node's 16 KB
  // header limit before reaching the procedure (the period fields are
  // checked through reports.dashboard).
  "reports.export": { type: "query", minRole: "manager", input: () => ({ table: "products" }) },

  // Card money (issue 19): the shop's own Stripe account, balance, payouts, disputes.
  "payments.account": { type: "query", minRole: "manager", input: () => ({}) },
  "payments.connect": { type: "mutation", minRole: "owner", input: () => ({}) },
  "payments.balance": { type: "query", minRole: "manager", input: () => ({}) },
  "payments.payout": { type: "query", minRole: "manager", input: () => ({ payoutId: "po_test_someone_elses" }) },
  "payments.disputes": { type: "query", minRole: "manager", input: () => ({}) },

  // The audit log (issue 17): owners only (tests/audit.integration.test.ts).
  "audit.list": { type: "query", minRole: "owner", input: () => ({ kind: "variants.update", record: "SKU" }) },
  "audit.exportPage": { type: "query", minRole: "owner", input: () => ({ kind: "variants.update", record: "SKU" }) },

  // Data rights (issue 17): one customer's record exported or erased on request (tests/privacy.integration.test.ts).
  "privacy.exportCustomer": { type: "query", minRole: "manager", input: (ids) => ({ customerId: ids.customerId }) },
  "privacy.eraseCustomer": { type: "mutation", minRole: "manager", input: (ids) => ({ customerId: ids.customerId }) },
};

/** Procedures that take no shop, with a valid input (null: no input). */
export const OTHER_PROCEDURES: Record<string, { type: "query" | "mutation"; input: Record<string, unknown> | null }> = {
  "auth.me": { type: "query", input: null },
  "auth.myShops": { type: "query", input: null },
  "auth.signUp": {
    type: "mutation",
    input: { name: "New Owner", email: "new-owner@example.test", password: "long enough password", shop: shopDetails() },
  },
  "shopper.favourites": { type: "query", input: null },
  "shopper.isFavourite": { type: "query", input: { shopSlug: "no-such-shop" } },
  "shopper.setFavourite": { type: "mutation", input: { shopSlug: "no-such-shop", on: true } },
  "shopper.marketing": { type: "query", input: null },
  "shopper.setLocale": { type: "mutation", input: { locale: "fr" } },
  "shopper.setMarketing": { type: "mutation", input: { shopSlug: "no-such-shop", on: false } },
  // The unsubscribe link: a signed token, no session (tests/unsubscribe.integration.test.ts).
  "shopper.unsubscribeLink": { type: "query", input: { token: "a".repeat(64) } },
  "shopper.unsubscribe": { type: "mutation", input: { token: "a".repeat(64) } },
  // Saved delivery addresses: the signed-in person's own, by RLS (tests/saved-addresses.integration.test.ts).
  "shopper.addresses": { type: "query", input: null },
  "shopper.addAddress": { type: "mutation", input: { label: "Home", address: "3 Rue Haute", place: "Lyon" } },
  "shopper.updateAddress": {
    type: "mutation",
    input: { addressId: "018f0000-0000-7000-8000-00000000a11d", label: "Home", address: "3 Rue Haute", place: "Lyon" },
  },
  "shopper.deleteAddress": { type: "mutation", input: { addressId: "018f0000-0000-7000-8000-00000000a11d" } },
  "shopper.setDefaultAddress": { type: "mutation", input: { addressId: "018f0000-0000-7000-8000-00000000a11d" } },
  "auth.signUpShopper": { type: "mutation", input: { name: "Shopper", email: "shopper@example.test", password: "long enough password" } },
  "auth.verifyEmail": { type: "mutation", input: { token: "a".repeat(43) } },
  "auth.logIn": { type: "mutation", input: { email: "someone@example.test", password: "whatever it is" } },
  "auth.logOut": { type: "mutation", input: null },
  "auth.requestPasswordReset": { type: "mutation", input: { email: "someone@example.test" } },
  "auth.resetTokenUsable": { type: "query", input: { token: "a".repeat(43) } },
  "auth.resetPassword": { type: "mutation", input: { token: "a".repeat(43), password: "long enough password" } },
  "auth.changePassword": { type: "mutation", input: { currentPassword: "x", newPassword: "long enough password" } },
  // Two-factor sign-in and sessions: the signed-in person's own account only
  // (tests/two-factor.integration.test.ts).
  "auth.twoFactorChallenge": { type: "query", input: { challenge: "a".repeat(43) } },
  "auth.completeTwoFactor": { type: "mutation", input: { challenge: "a".repeat(43), code: "123456" } },
  "auth.twoFactorStatus": { type: "query", input: null },
  "auth.beginTwoFactorSetup": { type: "mutation", input: { fresh: false } },
  "auth.confirmTwoFactorSetup": { type: "mutation", input: { code: "123456" } },
  "auth.newRecoveryCodes": { type: "mutation", input: { code: "123456" } },
  "auth.disableTwoFactor": { type: "mutation", input: { password: "whatever it is", code: "123456" } },
  "auth.sessions": { type: "query", input: null },
  "auth.endSession": { type: "mutation", input: { session: "a".repeat(22) } },
  "auth.endOtherSessions": { type: "mutation", input: null },
  "staff.describeInvitation": { type: "query", input: { token: "a".repeat(43) } },
  "staff.acceptInvitation": { type: "mutation", input: { token: "a".repeat(43), name: "Ann", password: "long enough password" } },
  "admin.shops": { type: "query", input: { q: "bakery" } },
  "admin.platformReport": { type: "query", input: { days: 30, sort: "orders", page: 1 } },
  "admin.shop": { type: "query", input: { shopId: "018f0000-0000-7000-8000-000000000001" } },
  "admin.payments": { type: "query", input: { months: 6 } },
  "admin.setCommissionRate": { type: "mutation", input: { currency: "EUR", percentBp: 250, fixed: 25 } },
  "admin.setShopPlan": {
    type: "mutation",
    input: { shopId: "018f0000-0000-7000-8000-000000000001", percentBp: 100, fixed: 10, refundsReturnFee: true, note: "launch offer" },
  },
  // A person's own data (tests/privacy.integration.test.ts).
  "privacy.myData": { type: "query", input: null },
  "privacy.eraseMe": { type: "mutation", input: { password: "whatever it is", confirm: "ERASE" } },
  "admin.audit": { type: "query", input: { shop: "bakery", kind: "variants.update", person: "someone@example.test" } },
  "admin.clearShopPlan": { type: "mutation", input: { shopId: "018f0000-0000-7000-8000-000000000001" } },
  // Public discovery: no shop scope, only the public search index and
  // public fields of active shops (tests/search.integration.test.ts).
  "discovery.places": { type: "query", input: { q: "Par" } },
  "discovery.shops": { type: "query", input: { near: { lat: 48.85, lng: 2.35 }, radiusKm: 10 } },
  "discovery.products": { type: "query", input: { q: "bread", near: { lat: 48.85, lng: 2.35 }, radiusKm: 10 } },
  "discovery.suggest": { type: "query", input: { q: "bre", near: { lat: 48.85, lng: 2.35 } } },
  "discovery.shop": { type: "query", input: { slug: "no-such-shop" } },
  "discovery.product": { type: "query", input: { slug: "no-such-shop", handle: "bread" } },
  // The customer's side of selling: a shop by its public slug, their own
  // cart and orders (tests/selling.integration.test.ts).
  "checkout.cart": { type: "query", input: { shopSlug: "no-such-shop", items: [{ variantId: "018f0000-0000-7000-8000-000000000001", quantity: 1 }] } },
  "checkout.saveCart": { type: "mutation", input: { shopSlug: "no-such-shop", items: [{ variantId: "018f0000-0000-7000-8000-000000000001", quantity: 1 }] } },
  "checkout.place": {
    type: "mutation",
    input: {
      shopSlug: "no-such-shop",
      clientRef: "018f0000-0000-7000-8000-00000000beef",
      items: [{ variantId: "018f0000-0000-7000-8000-000000000001", quantity: 1 }],
      fulfilment: "pickup",
      locationId: "018f0000-0000-7000-8000-000000000002",
      payment: "pay_at_pickup",
      name: "Cleo",
      email: "cleo@example.test",
    },
  },
  "checkout.carts": {
    type: "query",
    input: { carts: [{ shopSlug: "no-such-shop", items: [{ variantId: "018f0000-0000-7000-8000-000000000001", quantity: 1 }] }] },
  },
  "checkout.savedCarts": { type: "query", input: null },
  "checkout.placeCart": {
    type: "mutation",
    input: {
      clientRef: "018f0000-0000-7000-8000-00000000beef",
      orders: [
        {
          shopSlug: "no-such-shop",
          items: [{ variantId: "018f0000-0000-7000-8000-000000000001", quantity: 1 }],
          fulfilment: "pickup",
          locationId: "018f0000-0000-7000-8000-000000000002",
        },
      ],
      payment: "pay_at_pickup",
      name: "Cleo",
      email: "cleo@example.test",
    },
  },
  "checkout.checkoutSummary": { type: "query", input: { checkoutId: "018f0000-0000-7000-8000-000000000001", key: "a".repeat(43) } },
  "checkout.myOrders": { type: "query", input: { cursor: "018f0000-0000-7000-8000-000000000001" } },
  "checkout.order": { type: "query", input: { orderId: "018f0000-0000-7000-8000-000000000001", key: "a".repeat(43) } },
  "checkout.watchOrder": { type: "query", input: { orderId: "018f0000-0000-7000-8000-000000000001", key: "a".repeat(43) } },
  "checkout.payCard": { type: "mutation", input: { orderId: "018f0000-0000-7000-8000-000000000001", key: "a".repeat(43) } },
  "checkout.payCart": { type: "mutation", input: { checkoutId: "018f0000-0000-7000-8000-000000000001", key: "a".repeat(43) } },
  "checkout.chargeCart": {
    type: "mutation",
    input: { checkoutId: "018f0000-0000-7000-8000-000000000001", key: "a".repeat(43), sessionId: "cs_test_a1b2c3" },
  },
  // A paired register's side: no session, no shop in the input; the
  // register's cookie names the shop (tests/registers.integration.test.ts
  // shows one register can never reach another shop).
  "till.boot": { type: "query", input: null },
  "till.feed": { type: "query", input: { cursor: "0", limit: 100 } },
  "till.block": { type: "mutation", input: null },
  "till.checkPin": { type: "mutation", input: { userId: "018f0000-0000-7000-8000-000000000001", pin: "2580", purpose: "sign_in" } },
  "till.findSale": { type: "query", input: { receipt: "1-000001" } },
  "till.customers": { type: "query", input: { q: "ann" } },
  "till.addCustomer": { type: "mutation", input: { name: "Ann Lee", phone: "+33 6 12 34 56 78" } },
  "till.returnSale": {
    type: "mutation",
    input: {
      orderId: "018f0000-0000-7000-8000-000000000001",
      lines: [{ lineId: "018f0000-0000-7000-8000-000000000002", quantity: 1 }],
      tender: "cash",
      staffId: "018f0000-0000-7000-8000-000000000003",
      approval: { userId: "018f0000-0000-7000-8000-000000000004", pin: "2580" },
    },
  },
  "till.sync": {
    type: "mutation",
    input: {
      sales: [
        {
          clientRef: "018f0000-0000-7000-8000-00000000cafe",
          receipt: 1,
          soldAt: "2026-12-01T10:00:00.000Z",
          staffId: "018f0000-0000-7000-8000-000000000001",
          items: [{ variantId: "018f0000-0000-7000-8000-000000000002", quantity: 1, unitPrice: 500, taxClass: "standard", sku: "SKU-1", title: "Bread" }],
          cashTendered: 500,
          total: 500,
          stockApprovedBy: "018f0000-0000-7000-8000-000000000004",
          exchange: { refundId: "018f0000-0000-7000-8000-000000000005", amount: 200 },
        },
      ],
    },
  },
};
