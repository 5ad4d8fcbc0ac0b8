import { ZodError } from "zod";
import { inputMessages, type InputKeys } from "../schemas/till-messages";
import { invalidInput } from "../services/errors";
import { middleware } from "./init";

/**
 * A procedure's input refused in the caller's language (`ctx.locale`): put
 * before `.input()`, it reads the zod issues of a refused input and answers
 * with the sentences `keys` names instead of the schema's English.
 */
export const inputInLanguage = (keys: InputKeys) =>
  middleware(async ({ ctx, next }) => {
    const result = await next();
    if (result.ok || !(result.error.cause instanceof ZodError)) return result;
    throw invalidInput(inputMessages(ctx.locale ?? "en", result.error.cause.issues, keys));
  });
