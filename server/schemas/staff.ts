import { z } from "zod";
import { emailSchema, idSchema, passwordSchema, personNameSchema, tokenSchema } from "./common";

/** Roles an owner can give; ownership itself is not handed out by invite. */
export const staffRoleSchema = z.enum(["manager", "cashier"], {
  message: "Choose manager or cashier",
});

export const inviteSchema = z.object({ email: emailSchema, role: staffRoleSchema });
export const changeRoleSchema = z.object({ membershipId: idSchema, role: staffRoleSchema });
export const membershipIdSchema = z.object({ membershipId: idSchema });
export const invitationIdSchema = z.object({ invitationId: idSchema });

/** The staff page's forms, told apart by intent. */
export const staffPageForm = z.discriminatedUnion(
  "intent",
  [
    inviteSchema.extend({ intent: z.literal("invite") }),
    changeRoleSchema.extend({ intent: z.literal("change-role") }),
    membershipIdSchema.extend({ intent: z.literal("remove") }),
    invitationIdSchema.extend({ intent: z.literal("revoke") }),
  ],
  { message: "Unknown action: reload the page and try again." },
);

export const acceptInviteSchema = z.object({
  token: tokenSchema,
  // Only when the invitee has no account yet.
  name: personNameSchema.optional(),
  password: passwordSchema.optional(),
});

/** Staff → Sign-in security: require a second factor; sign someone out everywhere. */
export const staffSecurityForm = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("require"), required: z.preprocess((v) => v !== undefined && v !== "", z.boolean()) }),
    membershipIdSchema.extend({ intent: z.literal("sign-out") }),
  ],
  { message: "Unknown action: reload the page and try again." },
);
