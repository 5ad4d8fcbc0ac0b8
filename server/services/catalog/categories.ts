import { db } from "../../db/client.server";

async function load() {
  return db.category.findMany({
    orderBy: [{ path: "asc" }],
    select: { id: true, name: true, path: true, depth: true, parentId: true },
  });
}

let cached: ReturnType<typeof load> | undefined;

/**
 * The whole platform category tree (about two hundred rows), in tree order.
 * It changes only through migrations, so each process reads it once.
 */
export function listCategories(): ReturnType<typeof load> {
  const promise = (cached ??= load().catch((error: unknown) => {
    cached = undefined;
    throw error;
  }));
  return promise;
}
