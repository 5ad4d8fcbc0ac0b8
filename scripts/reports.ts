// npm run reports:rebuild -- --shop <slug> --from <YYYY-MM-DD> [--to <YYYY-MM-DD>]
//   rebuilds a shop's report rollups for a range of its local days from the
//   ledger, with a progress bar; any drift it corrects is logged.
// npm run reports:rebuild -- --all --from <date>   does it for every shop.
import { parseArgs } from "node:util";
import { SingleBar, Presets } from "cli-progress";
import { DateTime } from "luxon";
import { z } from "zod";
import { baseDb, db } from "../server/db/client.server";
import { redis } from "../server/redis.server";
import { daysBetween, rebuildRange } from "../server/services/reports/rollup";

const usage = "Usage: npm run reports:rebuild -- (--shop <slug> | --all) --from <YYYY-MM-DD> [--to <YYYY-MM-DD>]";
let args;
try {
  args = parseArgs({ options: { shop: { type: "string" }, all: { type: "boolean" }, from: { type: "string" }, to: { type: "string" } } }).values;
} catch (error) {
  console.error(`${(error as Error).message}\n${usage}`);
  process.exit(2);
}
const date = z.iso.date();
if ((!args.shop && !args.all) || !args.from || !date.safeParse(args.from).success || (args.to && !date.safeParse(args.to).success)) {
  console.error(`${!args.from || date.safeParse(args.from).success ? "" : `--from "${args.from}" is not a date like 2026-11-21\n`}${usage}`);
  process.exit(2);
}
const shops = await db.shop.findMany({
  where: args.all ? {} : { slug: args.shop },
  select: { id: true, slug: true, timezone: true },
  orderBy: { slug: "asc" },
});
if (!shops.length) {
  console.error(`No shop with the slug "${args.shop}".`);
  process.exit(1);
}
const started = Date.now();
let corrected = 0;
let total = 0;
const bar = new SingleBar({ format: "Rebuilding {shop} {bar} {value}/{total} days | {eta_formatted} left" }, Presets.shades_classic);
const ranges = shops.map((s) => {
  const to = args.to ?? (DateTime.now().setZone(s.timezone).toISODate() as string);
  return { shop: s, to, days: args.from! <= to ? daysBetween(args.from!, to).length : 0 };
});
bar.start(
  ranges.reduce((a, r) => a + r.days, 0),
  0,
  { shop: "" },
);
for (const { shop, to } of ranges) {
  if (args.from > to) continue;
  const before = total;
  const result = await rebuildRange(shop.id, args.from, to, (done) => bar.update(before + done, { shop: shop.slug }));
  total += result.days;
  corrected += result.corrected;
}
bar.stop();
console.log(
  `Rebuilt ${total} shop days of ${shops.length} shop${shops.length === 1 ? "" : "s"} in ${((Date.now() - started) / 1000).toFixed(1)} s; ${corrected} had drifted and were corrected.`,
);
await Promise.all([baseDb.$disconnect(), redis.quit()]);
