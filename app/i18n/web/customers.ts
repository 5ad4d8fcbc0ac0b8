import { defineMessages } from "./define";

export const customers = defineMessages({ en: {}, fr: {} });
