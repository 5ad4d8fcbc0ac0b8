import { z } from "zod";
import { parseRows } from "../../db/rows";
import { verifyPassword } from "../../auth/password";
import { baseDb, db } from "../../db/client.server";
import { actorSql, recordPlatformAudit } from "../audit/record";
import { badRequest, fieldError } from "../errors";
import { erasedTraces, eraseOutsideDatabase } from "./outside";

/**
 * Everything held about the signed-in person, across every shop: account,
 * sessions, records shops keep on them (with consents), orders with their
 * lines, carts, messages sent to them, sign-in history. The download is
 * recorded in the audit log in the same transaction as the read.
 */
export async function myData(userId: string) {
  return baseDb.$transaction(async (tx) => {
    await recordPlatformAudit(tx, { kind: "account.data_downloaded", actorId: userId, recordType: "users", recordId: userId });
    const [row] = parseRows(z.object({ data: z.record(z.string(), z.unknown()) }), await tx.$queryRaw`SELECT customer_data(${userId}::uuid) AS data`);
    // The account's own rows (row-level security by app.user_id): its saved delivery addresses.
    await tx.$executeRaw`SELECT set_config('app.user_id', ${userId}, true)`;
    const addresses = await tx.savedAddress.findMany({
      where: { userId },
      orderBy: { createdAt: "asc" },
      select: { label: true, address: true, placeLabel: true, latitude: true, longitude: true, isDefault: true, createdAt: true },
    });
    return {
      exportedAt: new Date().toISOString(),
      format: "Nearshop personal data, version 1",
      ...(row?.data ?? {}),
      saved_addresses: addresses.map((a) => ({
        label: a.label,
        address: a.address,
        distance_from: a.placeLabel,
        latitude: a.latitude,
        longitude: a.longitude,
        default: a.isDefault,
        created_at: a.createdAt,
      })),
    };
  });
}

/**
 * Erases the signed-in person: personal data removed or replaced in every
 * shop, orders kept with their amounts for the shops' accounts, every
 * session ended, and every copy of their details (order history, staff
 * notices, emails sent and their files, queued jobs, Stripe's events, the
 * audit log's values) scrubbed: erase_customer and erase_traces in the
 * migrations, then eraseOutsideDatabase. Needs the password.
 */
export async function eraseMe(userId: string, password: string) {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { passwordHash: true } });
  if (!(await verifyPassword(user.passwordHash, password))) throw fieldError("password", "Your password is not correct");
  try {
    const erased = await baseDb.$transaction(async (tx) => {
      await tx.$executeRaw(actorSql());
      const [row] = parseRows(
        z.object({ r: erasedTraces.extend({ orders: z.number(), customers: z.number(), shops: z.number() }) }),
        await tx.$queryRaw`SELECT erase_customer(${userId}::uuid) AS r`,
      );
      // Saved delivery addresses go with the account (the user row itself stays, anonymised).
      await tx.$executeRaw`SELECT set_config('app.user_id', ${userId}, true)`;
      await tx.$executeRaw`DELETE FROM saved_addresses WHERE user_id = ${userId}::uuid`;
      return row!.r;
    });
    await eraseOutsideDatabase(erased, "everywhere");
    return { orders: erased.orders, customers: erased.customers, shops: erased.shops };
  } catch (error) {
    if (String(error).includes("staff of a shop")) {
      throw badRequest("You work in a shop on Nearshop. Ask its owner to remove you (or, as the owner, close the shop) before erasing your account.");
    }
    throw error;
  }
}
