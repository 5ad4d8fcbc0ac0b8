import { db } from "../../db/client.server";

async function load() {
  return db.category.findMany({
    orderBy: [{ path: "asc" }],
    select: { id: true, name: true, path: true, depth: true, parentId: true },
  });
}

export type Category = Awaited<ReturnType<typeof load>>[number];

type Tree = { list: Category[]; byId: Map<string, Category> };
let cached: Promise<Tree> | undefined;

/**
 * The platform category tree (about two hundred rows). It changes only
 * through migrations, so each process reads it once.
 */
function tree(): Promise<Tree> {
  return (cached ??= load()
    .then((list) => ({ list, byId: new Map(list.map((c) => [c.id, c])) }))
    .catch((error: unknown) => {
      cached = undefined;
      throw error;
    }));
}

/** The whole tree, in tree order. */
export async function listCategories(): Promise<Category[]> {
  return (await tree()).list;
}

/** The tree by id, for labels and ancestor walks on hot paths (search). */
export async function categoriesById(): Promise<Map<string, Category>> {
  return (await tree()).byId;
}
