import { db } from "../../db/client.server";

/** The whole platform category tree (about two hundred rows), in tree order. */
export function listCategories() {
  return db.category.findMany({
    orderBy: [{ path: "asc" }],
    select: { id: true, name: true, path: true, depth: true, parentId: true },
  });
}
