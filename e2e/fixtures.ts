// Playwright fixtures built from the factories (server/db/factories.ts): each
// test that asks for `shop` gets a shop of its own, made directly in the
// e2e database, with its owner, manager and cashier and products in stock;
// `signIn` starts a session as the app does (lucia) and sets its cookie, so
// a test neither goes through the login form nor shares the seeded demo
// shops with other spec files. Specs that use these run alone, in any order.
import "./database-env";
import { expect, test as base, type Page } from "@playwright/test";
import { addMember, createShop, createUser, productInput } from "../server/db/factories";
import { inShop } from "../server/db/client.server";
import { lucia } from "../server/auth/lucia.server";
import { createProduct } from "../server/services/catalog/products";
import { receiveStock } from "../server/services/inventory/ledger";
import { unique } from "./support";

export { expect };

export const PASSWORD = "correct horse battery";

export type Person = { id: string; email: string; name: string; password: string };
export type Product = { id: string; variantId: string; title: string; handle: string; sku: string; price: number; stock: number };
export type Shop = {
  id: string;
  slug: string;
  name: string;
  locationId: string;
  owner: Person;
  manager: Person;
  cashier: Person;
  /** In stock at the shop's location: "Baguette tradition" (€1.30, 50) and "Croissant au beurre" (€1.40, 50). */
  products: [Product, Product];
};

async function person(name: string, role: "owner" | "manager" | "cashier", tag: string): Promise<Person> {
  const email = `${role}-${tag}@fixture.test`;
  const user = await createUser({ email, name, password: PASSWORD });
  return { id: user.id, email, name, password: PASSWORD };
}

/** A product with one variant, `stock` units received at the location. */
export async function addProduct(
  shop: { id: string; locationId: string; owner: { id: string } },
  over: { title: string; price: number; stock?: number; sku?: string },
): Promise<Product> {
  const sku = over.sku ?? `FX-${unique().toUpperCase()}`;
  const input = productInput({ title: over.title, variants: [{ optionValues: [], sku, price: over.price, taxClass: "standard" }] });
  const product = await createProduct(shop.id, input);
  const found = await inShop(shop.id, (tx) =>
    tx.product.findFirstOrThrow({ where: { id: product.id }, select: { handle: true, variants: { select: { id: true } } } }),
  );
  const variantId = found.variants[0]!.id;
  const stock = over.stock ?? 50;
  if (stock > 0) await receiveStock(shop.id, shop.owner.id, { variantId, locationId: shop.locationId, quantity: stock });
  return { id: product.id, variantId, title: over.title, handle: found.handle, sku, price: over.price, stock };
}

/** A new shop (Europe/Paris, EUR) with its owner, a manager, a cashier and two products in stock. */
export async function makeShop(): Promise<Shop> {
  const tag = unique();
  const owner = await person("Olive Owner", "owner", tag);
  const made = await createShop({ name: `Bakery ${tag}`, slug: `bakery-${tag}`, owner });
  const manager = await person("Max Manager", "manager", tag);
  const cashier = await person("Cara Cashier", "cashier", tag);
  await addMember(made.id, manager.id, "manager");
  await addMember(made.id, cashier.id, "cashier");
  const base = { id: made.id, locationId: made.locationId, owner };
  const products: [Product, Product] = [
    await addProduct(base, { title: "Baguette tradition", price: 130, sku: `BT-${tag.toUpperCase()}` }),
    await addProduct(base, { title: "Croissant au beurre", price: 140, sku: `CR-${tag.toUpperCase()}` }),
  ];
  return { id: made.id, slug: made.slug, name: made.name, locationId: made.locationId, owner, manager, cashier, products };
}

/** Signs `who` in in this page's browser context: a session made as the login does, its cookie set. */
export async function signIn(page: Page, who: { id: string }): Promise<void> {
  const session = await lucia.createSession(who.id, { userAgent: "Playwright fixture", ip: null, lastSeenAt: new Date() });
  const cookie = lucia.createSessionCookie(session.id);
  const url = new URL(test.info().project.use.baseURL ?? "http://localhost:3100");
  await page.context().addCookies([{ name: cookie.name, value: cookie.value, domain: url.hostname, path: "/", httpOnly: true, sameSite: "Lax" }]);
}

/**
 * Connects the shop's Stripe account as its owner would (the stand-in's
 * onboarding page), so customers can pay by card. `page` must be signed in
 * as the owner.
 */
export async function connectStripe(page: Page, shop: Pick<Shop, "slug">): Promise<void> {
  await page.goto(`/shop/${shop.slug}/payments`);
  await page.getByRole("button", { name: "Connect with Stripe" }).click();
  await page.getByRole("button", { name: "Submit test details" }).click();
  await expect(page).toHaveURL(new RegExp(`/shop/${shop.slug}/payments\\?connected=1`));
  await expect(page.getByText("Card payments: on. Customers can pay by card.")).toBeVisible();
}

export const test = base.extend<{ shop: Shop; owner: Page; manager: Page; cashier: Page }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixture's dependencies from this pattern
  shop: async ({}, use) => {
    await use(await makeShop());
  },
  /** `page`, signed in as the shop's owner. */
  owner: async ({ page, shop }, use) => {
    await signIn(page, shop.owner);
    await use(page);
  },
  /** A page of its own browser context, signed in as the shop's manager. */
  manager: async ({ browser, shop }, use) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, shop.manager);
    await use(page);
    await context.close();
  },
  /** A page of its own browser context, signed in as the shop's cashier. */
  cashier: async ({ browser, shop }, use) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, shop.cashier);
    await use(page);
    await context.close();
  },
});
