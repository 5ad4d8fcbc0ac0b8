import { defineMessages } from "./define";

export const catalog = defineMessages({ en: {}, fr: {} });
