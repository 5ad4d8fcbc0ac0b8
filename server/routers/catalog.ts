import { z } from "zod";
import { idSchema } from "../schemas/common";
import { bulkEditSchema, productIdSchema, productInputSchema, productListSchema, updateProductSchema } from "../schemas/catalog";
import { imageUploadSchema } from "../schemas/uploads";
import { listCategories } from "../services/catalog/categories";
import { exportPage } from "../services/catalog/export";
import { addImage, removeImage } from "../services/catalog/images";
import { listProducts } from "../services/catalog/list";
import { bulkEdit, createProduct, getProduct, updateProduct } from "../services/catalog/products";
import { router } from "../trpc/init";
import { shopProcedure } from "../trpc/shop-procedure";

export const catalogRouter = router({
  categories: shopProcedure("cashier").query(() => listCategories()),

  list: shopProcedure("cashier")
    .input(productListSchema)
    .query(({ ctx, input }) => listProducts(ctx.shop.id, input)),

  get: shopProcedure("cashier")
    .input(productIdSchema)
    .query(({ ctx, input }) => getProduct(ctx.shop.id, input.productId)),

  create: shopProcedure("manager")
    .input(productInputSchema)
    .mutation(({ ctx, input }) => createProduct(ctx.shop.id, input)),

  update: shopProcedure("manager")
    .input(updateProductSchema)
    .mutation(({ ctx, input: { productId, ...input } }) => updateProduct(ctx.shop.id, productId, input)),

  bulkEdit: shopProcedure("manager")
    .input(bulkEditSchema)
    .mutation(({ ctx, input }) => bulkEdit(ctx.shop.id, input)),

  addImage: shopProcedure("manager")
    .input(imageUploadSchema)
    .mutation(({ ctx, input }) => addImage(ctx.shop.id, input)),

  removeImage: shopProcedure("manager")
    .input(productIdSchema.extend({ imageId: idSchema }))
    .mutation(({ ctx, input }) => removeImage(ctx.shop.id, input.productId, input.imageId)),

  /** One page of the CSV export; the export route streams page after page. */
  exportPage: shopProcedure("manager")
    .input(z.object({ after: z.string().max(64).optional() }))
    .query(({ ctx, input }) => exportPage(ctx.shop.id, input.after)),
});
