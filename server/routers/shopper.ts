import { z } from "zod";
import { slugSchema } from "../schemas/shop";
import { isFavourite, myFavourites, myMarketingConsents, setFavourite, setLocale, setMarketingConsent } from "../services/accounts/preferences";
import { describeUnsubscribe, unsubscribe } from "../services/customers/unsubscribe";
import { authedProcedure, publicProcedure, router } from "../trpc/init";
import { addressIdSchema, savedAddressSchema, updateAddressSchema } from "../schemas/addresses";
import { addAddress, deleteAddress, myAddresses, setDefaultAddress, updateAddress } from "../services/accounts/addresses";

/** An unsubscribe link's token: checked by its signature (a bad one is "no such link"), only bounded here. */
const unsubscribeInput = z.object({ token: z.string({ message: "Token: the link's token" }).min(1, "Token: the link's token").max(200, "Token: too long") });

const toggle = z.object({ shopSlug: slugSchema, on: z.boolean({ message: "On or off" }) });

/** A customer's own account: favourite shops, email preferences and delivery addresses (issue 25). */
export const shopperRouter = router({
  favourites: authedProcedure.query(({ ctx }) => myFavourites(ctx.user.id)),
  isFavourite: authedProcedure.input(z.object({ shopSlug: slugSchema })).query(({ ctx, input }) => isFavourite(ctx.user.id, input.shopSlug)),
  setFavourite: authedProcedure.input(toggle).mutation(({ ctx, input }) => setFavourite(ctx.user.id, input.shopSlug, input.on)),
  marketing: authedProcedure.query(({ ctx }) => myMarketingConsents(ctx.user.id)),
  setMarketing: authedProcedure.input(toggle).mutation(({ ctx, input }) => setMarketingConsent(ctx.user.id, input.shopSlug, input.on)),
  // The language switcher, signed in: the choice follows the account to every device.
  setLocale: authedProcedure
    .input(z.object({ locale: z.enum(["en", "fr"], { message: "English or French" }) }))
    .mutation(({ ctx, input }) => setLocale(ctx.user.id, input.locale)),
  // The link in a shop's emails to a customer who gets its news (no sign-in: the token is the proof).
  unsubscribeLink: publicProcedure.input(unsubscribeInput).query(({ input }) => describeUnsubscribe(input.token)),
  unsubscribe: publicProcedure.input(unsubscribeInput).mutation(({ input }) => unsubscribe(input.token)),
  addresses: authedProcedure.query(({ ctx }) => myAddresses(ctx.user.id)),
  addAddress: authedProcedure.input(savedAddressSchema).mutation(({ ctx, input }) => addAddress(ctx.user.id, input)),
  updateAddress: authedProcedure.input(updateAddressSchema).mutation(({ ctx, input }) => updateAddress(ctx.user.id, input)),
  deleteAddress: authedProcedure.input(addressIdSchema).mutation(({ ctx, input }) => deleteAddress(ctx.user.id, input.addressId)),
  setDefaultAddress: authedProcedure.input(addressIdSchema).mutation(({ ctx, input }) => setDefaultAddress(ctx.user.id, input.addressId)),
});
