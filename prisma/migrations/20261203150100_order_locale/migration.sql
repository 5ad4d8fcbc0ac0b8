-- Issue 26 (item 3): the customer's language at checkout (their browser's
-- Accept-Language, French or English), for the SMS and emails about the
-- order. NULL: messages go out in the shop's language.
ALTER TABLE "orders" ADD COLUMN "locale" TEXT;
ALTER TABLE "orders" ADD CONSTRAINT "orders_locale_check" CHECK (locale IS NULL OR locale IN ('fr', 'en'));
