import { createHash } from "node:crypto";

const names = new Map<string, string>();

/**
 * A name for a query's text, so that node-postgres prepares it once per
 * connection and PostgreSQL then runs it without parsing it again (and,
 * after a few runs, without planning it again when its generic plan is as
 * good as a custom one). The same text always gets the same name, in every
 * module, so the connections Prisma and the search engine share never see
 * one name for two texts.
 */
export function statementName(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `s_${createHash("sha1").update(text).digest("hex").slice(0, 20)}`;
    names.set(text, name);
  }
  return name;
}

/**
 * Prisma's statements worth preparing: all but those whose text grows with
 * their input (a long IN list, a many-row VALUES), which would fill every
 * connection with statements used once. Their shapes are bounded by the
 * code, so the map above stays small.
 */
export const MAX_PREPARED_ARGS = 64;
