import { z } from "zod";

/**
 * The rows of a hand-written query, checked against the row schema written
 * next to its SQL: the place where they enter the code is the one place
 * their type is stated, and a column renamed, dropped or of another type
 * fails here, loudly, instead of flowing on as `undefined` (decision 0020).
 *
 * `$queryRaw` answers `unknown` without a type argument, and a type argument
 * on it is a lint error, so a raw read cannot skip this.
 *
 * What the drivers hand back, for writing the schemas: through Prisma
 * (`$queryRaw`) int2/int4 and float8 are numbers, int8 (`count(*)`, `sum`
 * of ints) a bigint, numeric a Prisma Decimal (cast it), timestamps Dates,
 * json objects parsed (their dates stay strings), arrays arrays, enums
 * strings. Through pg directly (`pgPool.query`) int8 and numeric are
 * strings: cast in SQL to what the code wants.
 */
export function parseRows<S extends z.ZodType>(schema: S, raw: unknown): z.output<S>[] {
  if (!Array.isArray(raw)) throw new Error("A raw query answered something that is not a list of rows");
  const out: z.output<S>[] = new Array(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const result = schema.safeParse(raw[i]);
    if (!result.success) throw new Error(`Row ${i} of a raw query does not match its row schema:\n${z.prettifyError(result.error)}`);
    out[i] = result.data;
  }
  return out;
}

/** Counts as PostgreSQL gives them (bigint through Prisma), as numbers. */
export const bigCount = z.bigint().transform(Number);

/** The row of an `INSERT ... RETURNING id` or a lookup of one id. */
export const IdRow = z.object({ id: z.string() });
