import { z } from "zod";
import { idSchema } from "../schemas/common";
import { csvUploadSchema } from "../schemas/uploads";
import { errorReport, getImport, listImports, startImport, uploadImport } from "../services/imports/imports";
import { router } from "../trpc/init";
import { shopProcedure } from "../trpc/shop-procedure";

const importIdSchema = z.object({ importId: idSchema });

export const importsRouter = router({
  upload: shopProcedure("manager")
    .input(csvUploadSchema)
    .mutation(({ ctx, input }) => uploadImport(ctx.shop.id, ctx.user.id, input)),

  start: shopProcedure("manager")
    .input(importIdSchema)
    .mutation(({ ctx, input }) => startImport(ctx.shop.id, input.importId)),

  get: shopProcedure("manager")
    .input(importIdSchema)
    .query(({ ctx, input }) => getImport(ctx.shop.id, input.importId)),

  list: shopProcedure("manager").query(({ ctx }) => listImports(ctx.shop.id)),

  errorReport: shopProcedure("manager")
    .input(importIdSchema.extend({ locale: z.enum(["en", "fr"]).default("en") }))
    .query(({ ctx, input }) => errorReport(ctx.shop.id, input.importId, input.locale)),
});
