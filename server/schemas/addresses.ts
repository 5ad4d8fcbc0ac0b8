import { z } from "zod";
import { idSchema } from "./common";

/** How many delivery addresses one shopper keeps. */
export const MAX_SAVED_ADDRESSES = 10;

export const addressLabelSchema = z
  .string({ message: "Name: give the address a name, such as Home" })
  .trim()
  .min(1, "Name: give the address a name, such as Home")
  .max(40, "Name: 40 characters at most");

/**
 * A saved delivery address: what the checkout's "Delivery address" takes,
 * plus the town or postcode the delivery distance is measured from (found
 * as the location picker finds it: a place name, a postcode, or "lat, lng").
 */
export const savedAddressSchema = z.object({
  label: addressLabelSchema,
  address: z
    .string({ message: "Address: enter the street, number and flat" })
    .trim()
    .min(1, "Address: enter the street, number and flat")
    .max(300, "Address: 300 characters at most"),
  place: z
    .string({ message: "Town or postcode: enter one, such as Lyon or 69001" })
    .trim()
    .min(2, "Town or postcode: enter one, such as Lyon or 69001")
    .max(200, "Town or postcode: 200 characters at most"),
  makeDefault: z.boolean({ message: "Default: yes or no" }).optional(),
});
export type SavedAddressInput = z.infer<typeof savedAddressSchema>;

export const addressIdSchema = z.object({ addressId: idSchema });
export const updateAddressSchema = savedAddressSchema.extend({ addressId: idSchema });
export type UpdateAddressInput = z.infer<typeof updateAddressSchema>;
