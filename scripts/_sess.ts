import { db } from "../server/db/client.server";
import { startSession } from "../server/services/accounts/sessions";
const u = await db.user.findUniqueOrThrow({ where: { email: "manager@green-grocer.test" } });
console.log((await startSession(u.id)).split(";")[0]);
process.exit(0);
