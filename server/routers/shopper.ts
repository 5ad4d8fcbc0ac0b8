import { z } from "zod";
import { slugSchema } from "../schemas/shop";
import { isFavourite, myFavourites, myMarketingConsents, setFavourite, setMarketingConsent } from "../services/accounts/preferences";
import { authedProcedure, router } from "../trpc/init";
import { addressIdSchema, savedAddressSchema, updateAddressSchema } from "../schemas/addresses";
import { addAddress, deleteAddress, myAddresses, setDefaultAddress, updateAddress } from "../services/accounts/addresses";

const toggle = z.object({ shopSlug: slugSchema, on: z.boolean({ message: "On or off" }) });

/** A customer's own account: favourite shops, email preferences and delivery addresses (issue 25). */
export const shopperRouter = router({
  favourites: authedProcedure.query(({ ctx }) => myFavourites(ctx.user.id)),
  isFavourite: authedProcedure.input(z.object({ shopSlug: slugSchema })).query(({ ctx, input }) => isFavourite(ctx.user.id, input.shopSlug)),
  setFavourite: authedProcedure.input(toggle).mutation(({ ctx, input }) => setFavourite(ctx.user.id, input.shopSlug, input.on)),
  marketing: authedProcedure.query(({ ctx }) => myMarketingConsents(ctx.user.id)),
  setMarketing: authedProcedure.input(toggle).mutation(({ ctx, input }) => setMarketingConsent(ctx.user.id, input.shopSlug, input.on)),
  addresses: authedProcedure.query(({ ctx }) => myAddresses(ctx.user.id)),
  addAddress: authedProcedure.input(savedAddressSchema).mutation(({ ctx, input }) => addAddress(ctx.user.id, input)),
  updateAddress: authedProcedure.input(updateAddressSchema).mutation(({ ctx, input }) => updateAddress(ctx.user.id, input)),
  deleteAddress: authedProcedure.input(addressIdSchema).mutation(({ ctx, input }) => deleteAddress(ctx.user.id, input.addressId)),
  setDefaultAddress: authedProcedure.input(addressIdSchema).mutation(({ ctx, input }) => setDefaultAddress(ctx.user.id, input.addressId)),
});
