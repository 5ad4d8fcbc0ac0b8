import { z } from "zod";
import { listShopsForAdmin } from "../services/shops/admin";
import { platformAdminProcedure, router } from "../trpc/init";

export const adminRouter = router({
  shops: platformAdminProcedure
    .input(
      z.object({
        q: z.string().trim().max(100, "Search with 100 characters at most").optional(),
        cursor: z.uuid().optional(),
      }),
    )
    .query(({ input }) => listShopsForAdmin(input)),
});
