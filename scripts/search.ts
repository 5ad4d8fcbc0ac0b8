// npm run search:reindex   rebuilds the search index from the database
// npm run search:check     lists documents that differ from the database
import { SingleBar, Presets } from "cli-progress";
import { baseDb } from "../server/db/client.server";
import { checkConsistency, reindexAll, searchEngine } from "../server/services/search/indexer";

const command = process.argv[2];
const engine = searchEngine();

if (command === "reindex") {
  const bar = new SingleBar(
    { format: `Reindexing (${engine.name}) {bar} {value}/{total} shops | {products} products | {eta_formatted} left` },
    Presets.shades_classic,
  );
  const started = Date.now();
  bar.start(1, 0, { products: 0 });
  const result = await reindexAll(engine, (done, total, products) => {
    bar.setTotal(total);
    bar.update(done, { products });
  });
  bar.stop();
  console.log(`Indexed ${result.products} products of ${result.shops} shops in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
} else if (command === "check") {
  const { checked, problems } = await checkConsistency(engine);
  for (const p of problems.slice(0, 50))
    console.log(`${p.problem.padEnd(9)} shop ${p.shopId}${p.productId ? ` product ${p.productId}` : ""}${p.detail ? ` (${p.detail})` : ""}`);
  if (problems.length > 50) console.log(`... and ${problems.length - 50} more`);
  console.log(
    `Checked ${checked} products on ${engine.name}: ${problems.length ? `${problems.length} differ (run npm run search:reindex)` : "the index matches the database"}.`,
  );
  process.exitCode = problems.length ? 1 : 0;
} else {
  console.error("Usage: node --import tsx scripts/search.ts reindex|check");
  process.exitCode = 2;
}
await baseDb.$disconnect();
