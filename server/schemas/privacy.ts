import { z } from "zod";
import { idSchema } from "./common";

/** Erasing your own account: your password, and the word typed to confirm. */
export const eraseMeSchema = z.object({
  password: z.string().min(1, "Enter your password").max(200, "Password: 200 characters at most"),
  confirm: z.literal("ERASE", { message: "Type ERASE (in capitals) to confirm" }),
});

export const customerRecordSchema = z.object({ customerId: idSchema });
