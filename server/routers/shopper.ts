import { z } from "zod";
import { slugSchema } from "../schemas/shop";
import { isFavourite, myFavourites, myMarketingConsents, setFavourite, setMarketingConsent } from "../services/accounts/preferences";
import { authedProcedure, router } from "../trpc/init";

const toggle = z.object({ shopSlug: slugSchema, on: z.boolean({ message: "On or off" }) });

/** A customer's own account: favourite shops and email preferences (issue 25). */
export const shopperRouter = router({
  favourites: authedProcedure.query(({ ctx }) => myFavourites(ctx.user.id)),
  isFavourite: authedProcedure.input(z.object({ shopSlug: slugSchema })).query(({ ctx, input }) => isFavourite(ctx.user.id, input.shopSlug)),
  setFavourite: authedProcedure.input(toggle).mutation(({ ctx, input }) => setFavourite(ctx.user.id, input.shopSlug, input.on)),
  marketing: authedProcedure.query(({ ctx }) => myMarketingConsents(ctx.user.id)),
  setMarketing: authedProcedure.input(toggle).mutation(({ ctx, input }) => setMarketingConsent(ctx.user.id, input.shopSlug, input.on)),
});
