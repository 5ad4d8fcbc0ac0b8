import { baseDb } from "../server/db/client.server";
import { addMember, createShop, createUser } from "../server/db/factories";
import pg from "pg";
import { env } from "../server/env.server";
import { redis } from "../server/redis.server";
import { daysBetween, rollupDay } from "../server/services/reports/rollup";
import { generateSales } from "./sample-sales";
import { seedCatalog } from "./seed-catalog";

import { DEMO_ADMIN as ADMIN, DEMO_ADMIN_TOTP_SECRET, DEMO_PASSWORD as PASSWORD } from "./demo-accounts";
import { sealSecret } from "../server/auth/totp";

/** Weeks of past sales per demo shop, so the reports dashboard has a story to tell. */
const HISTORY = { days: 42, ordersPerShop: 400 };

const SHOPS = [
  {
    name: "Corner Bakery",
    slug: "corner-bakery",
    city: "Paris",
    addressLine1: "12 Rue Oberkampf",
    postalCode: "75011",
    country: "FR",
    currency: "EUR",
    timezone: "Europe/Paris",
    latitude: 48.8649,
    longitude: 2.38,
  },
  {
    name: "Green Grocer",
    slug: "green-grocer",
    city: "Lyon",
    addressLine1: "4 Place Bellecour",
    postalCode: "69002",
    country: "FR",
    currency: "EUR",
    timezone: "Europe/Paris",
    latitude: 45.7578,
    longitude: 4.832,
  },
  {
    name: "Book Nook",
    slug: "book-nook",
    city: "London",
    addressLine1: "221 Baker Street",
    postalCode: "NW1 6XE",
    country: "GB",
    currency: "GBP",
    timezone: "Europe/London",
    latitude: 51.5238,
    longitude: -0.1586,
  },
];

async function main() {
  const already = await baseDb.user.findUnique({ where: { email: ADMIN.email }, select: { id: true } });
  if (!already) {
    const admin = await createUser({ ...ADMIN, name: "Platform Admin", platformAdmin: true });
    // Platform admins sign in with a second factor; the demo's key is printed below.
    await baseDb.user.update({
      where: { id: admin.id },
      data: { totpSecret: sealSecret(DEMO_ADMIN_TOTP_SECRET), totpEnabledAt: new Date() },
      select: { id: true },
    });
    for (const s of SHOPS) {
      const owner = await createUser({ email: `owner@${s.slug}.test`, name: `${s.name} Owner`, password: PASSWORD });
      const shop = await createShop({ ...s, owner });
      for (const role of ["manager", "cashier"] as const) {
        const u = await createUser({ email: `${role}@${s.slug}.test`, name: `${s.name} ${role[0]?.toUpperCase()}${role.slice(1)}`, password: PASSWORD });
        await addMember(shop.id, u.id, role);
      }
      await seedCatalog({ ...shop, ...s, id: shop.id, slug: shop.slug });
    }
    await seedSalesHistory();
  }
  const rows = [
    ["Platform admin", ADMIN.email, ADMIN.password],
    ...SHOPS.flatMap((s) => (["owner", "manager", "cashier"] as const).map((r) => [`${s.name} ${r}`, `${r}@${s.slug}.test`, PASSWORD])),
  ];
  console.log(`\nDemo data ${already ? "was already there" : "created"}. Log in at http://localhost:3000/login with:\n`);
  for (const [who, email, pw] of rows) console.log(`  ${who!.padEnd(24)} ${email!.padEnd(30)} ${pw}`);
  console.log(`\n  The platform admin also needs a code: add the key ${DEMO_ADMIN_TOTP_SECRET} to an authenticator app.`);
  console.log("");
}

/** Past orders straight into the ledger (as the database owner), then their rollups. */
async function seedSalesHistory() {
  const owner = new pg.Client({ connectionString: env.DATABASE_URL });
  await owner.connect();
  try {
    const shops = (await owner.query("SELECT id, slug, timezone FROM shops WHERE slug = ANY($1::text[])", [SHOPS.map((s) => s.slug)])).rows as {
      id: string;
      slug: string;
      timezone: string;
    }[];
    await generateSales(
      (sql, params) => owner.query(sql, params),
      shops.map((s) => s.id),
      HISTORY.ordersPerShop,
      HISTORY.days,
    );
    for (const shop of shops) {
      const today = new Date().toLocaleDateString("en-CA", { timeZone: shop.timezone });
      const from = new Date(Date.parse(today) - HISTORY.days * 86_400_000).toISOString().slice(0, 10);
      for (const day of daysBetween(from, today)) await rollupDay(shop.id, day);
    }
  } finally {
    await owner.end();
  }
}

await main();
// The demo catalog is searchable at once, worker running or not.
try {
  const { reindexAll, searchEngine } = await import("../server/services/search/indexer");
  const { shops, products } = await reindexAll(searchEngine());
  console.log(`Search index: ${products} products of ${shops} shops.`);
} catch (error) {
  console.warn(`Search index not built (${String(error)}); run npm run search:reindex once the search engine is reachable.`);
}
await baseDb.$disconnect();
// The rollups bumped the reports' cache version: let go of Redis too.
redis.disconnect();
