import { defineMessages } from "./define";

export const stock = defineMessages({ en: {}, fr: {} });
