import { z } from "zod";
import { idSchema } from "../schemas/common";
import {
  adjustSchema,
  locationInputSchema,
  movementListSchema,
  receiveSchema,
  soldBeyondStockSchema,
  stockListSchema,
  thresholdSchema,
  transferSchema,
} from "../schemas/inventory";
import { adjustStock, receiveStock, setThreshold, transferStock } from "../services/inventory/ledger";
import { createLocation, listLocations, updateLocation } from "../services/inventory/locations";
import { exceptionSchema, openingHoursSchema, pauseOrdersSchema, pickupSettingsSchema, removeExceptionSchema, resumeOrdersSchema } from "../schemas/locations";
import {
  locationSettings,
  pauseOnlineOrders,
  removeException,
  resumeOnlineOrders,
  setException,
  setOpeningHours,
  setPickupSettings,
} from "../services/locations/settings";
import { soldBeyondStock } from "../services/inventory/sold-beyond-stock";
import { stockAtLocation, variantStock } from "../services/inventory/stock";
import { router } from "../trpc/init";
import { shopProcedure } from "../trpc/shop-procedure";

export const inventoryRouter = router({
  locations: shopProcedure("cashier").query(({ ctx }) => listLocations(ctx.shop.id)),

  createLocation: shopProcedure("manager")
    .input(locationInputSchema)
    .mutation(({ ctx, input }) => createLocation(ctx.shop.id, input)),

  updateLocation: shopProcedure("manager")
    .input(locationInputSchema.extend({ locationId: idSchema }))
    .mutation(({ ctx, input: { locationId, ...input } }) => updateLocation(ctx.shop.id, locationId, input)),

  /** A location's opening hours, exceptions and pickup settings (issue 25), in the shop's zone. */
  locationSettings: shopProcedure("cashier")
    .input(z.object({ locationId: idSchema }))
    .query(({ ctx, input }) => locationSettings(ctx.shop.id, input.locationId, ctx.shop.timezone)),

  setHours: shopProcedure("manager")
    .input(openingHoursSchema)
    .mutation(({ ctx, input }) => setOpeningHours(ctx.shop.id, input)),

  setException: shopProcedure("manager")
    .input(exceptionSchema)
    .mutation(({ ctx, input }) => setException(ctx.shop.id, input)),

  removeException: shopProcedure("manager")
    .input(removeExceptionSchema)
    .mutation(({ ctx, input }) => removeException(ctx.shop.id, input)),

  setPickup: shopProcedure("manager")
    .input(pickupSettingsSchema)
    .mutation(({ ctx, input }) => setPickupSettings(ctx.shop.id, input)),

  /** A rush or a breakdown: no online orders here until a time. Managers, as for the other pickup settings. */
  pauseOrders: shopProcedure("manager")
    .input(pauseOrdersSchema)
    .mutation(({ ctx, input }) => pauseOnlineOrders(ctx.shop.id, input, ctx.shop.timezone)),

  resumeOrders: shopProcedure("manager")
    .input(resumeOrdersSchema)
    .mutation(({ ctx, input }) => resumeOnlineOrders(ctx.shop.id, input.locationId)),

  stock: shopProcedure("cashier")
    .input(stockListSchema)
    .query(({ ctx, input }) => stockAtLocation(ctx.shop.id, input)),

  variant: shopProcedure("cashier")
    .input(movementListSchema)
    .query(({ ctx, input }) => variantStock(ctx.shop.id, input)),

  /** For managers to recount: what the till sold that the ledger said was not there. */
  soldBeyondStock: shopProcedure("manager")
    .input(soldBeyondStockSchema)
    .query(({ ctx, input }) => soldBeyondStock(ctx.shop.id, input)),

  adjust: shopProcedure("manager")
    .input(adjustSchema)
    .mutation(({ ctx, input }) => adjustStock(ctx.shop.id, ctx.user.id, input)),

  receive: shopProcedure("manager")
    .input(receiveSchema)
    .mutation(({ ctx, input }) => receiveStock(ctx.shop.id, ctx.user.id, input)),

  transfer: shopProcedure("manager")
    .input(transferSchema)
    .mutation(({ ctx, input }) => transferStock(ctx.shop.id, ctx.user.id, input)),

  setThreshold: shopProcedure("manager")
    .input(thresholdSchema)
    .mutation(({ ctx, input }) => setThreshold(ctx.shop.id, input)),
});
