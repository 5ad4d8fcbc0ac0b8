import { z } from "zod";
import { idSchema } from "../schemas/common";
import {
  bulkEditSchema,
  productIdSchema,
  productInputSchema,
  productListSchema,
  savedFilterIdSchema,
  savedFilterSchema,
  updateProductSchema,
} from "../schemas/catalog";
import { imageUploadSchema } from "../schemas/uploads";
import { listCategories } from "../services/catalog/categories";
import { exportPage } from "../services/catalog/export";
import { addImage, removeImage } from "../services/catalog/images";
import { listProducts } from "../services/catalog/list";
import { bulkEdit, createProduct, duplicateProduct, getProduct, setProductStatus, updateProduct } from "../services/catalog/products";
import { listSavedFilters, removeFilter, saveFilter } from "../services/catalog/saved-filters";
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

  /** A draft copy of a product (new SKUs, no barcodes, images or stock). */
  duplicate: shopProcedure("manager")
    .input(productIdSchema)
    .mutation(({ ctx, input }) => duplicateProduct(ctx.shop.id, input.productId)),

  /** One product to a status: archive from the list, and its Undo. */
  setStatus: shopProcedure("manager")
    .input(productIdSchema.extend({ status: z.enum(["draft", "active", "archived"], { message: "Status: draft, active or archived" }) }))
    .mutation(({ ctx, input }) => setProductStatus(ctx.shop.id, input.productId, input.status)),

  /** The member's own saved list filters (each person keeps theirs). */
  savedFilters: shopProcedure("cashier").query(({ ctx }) => listSavedFilters(ctx.shop.id, ctx.user.id)),
  saveFilter: shopProcedure("cashier")
    .input(savedFilterSchema)
    .mutation(({ ctx, input: { name, query } }) => saveFilter(ctx.shop.id, ctx.user.id, { name, query })),
  removeFilter: shopProcedure("cashier")
    .input(savedFilterIdSchema)
    .mutation(({ ctx, input }) => removeFilter(ctx.shop.id, ctx.user.id, input.filterId)),

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
