-- Issue 25 (item 6): SMS about online orders (ready, on its way, delayed),
-- for customers who opt in at checkout, within a monthly cap per shop.

-- The customer asked for SMS updates; their phone (E.164) is contact_phone.
ALTER TABLE "orders" ADD COLUMN "sms_opt_in" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "orders" ADD CONSTRAINT "orders_sms_opt_in_phone_check" CHECK (NOT sms_opt_in OR contact_phone IS NOT NULL);

-- SMS a shop may send per calendar month (in its time zone); 0: none.
ALTER TABLE "shops" ADD COLUMN "sms_monthly_cap" INTEGER NOT NULL DEFAULT 200;
ALTER TABLE "shops" ADD CONSTRAINT "shops_sms_monthly_cap_check" CHECK (sms_monthly_cap BETWEEN 0 AND 100000);

-- One row per order event that asked for an SMS: sent (with the provider's
-- id and its latest delivery status), or kept back (capped, opted out).
CREATE TABLE "sms_messages" (
    "shop_id" UUID NOT NULL,
    "id" UUID NOT NULL,
    "order_id" UUID NOT NULL,
    -- The outbox event that asked for it: a retried job finds its row.
    "event_id" UUID NOT NULL,
    "to" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "provider_id" TEXT,
    "error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "sms_messages_pkey" PRIMARY KEY ("shop_id", "id"),
    -- Ours: pending (being handed to the provider), written (to the folder,
    -- no provider set), capped (over the shop's month), opted_out (the number
    -- replied STOP), failed. Then Twilio's own message statuses.
    CONSTRAINT "sms_messages_status_check" CHECK (status IN ('pending', 'written', 'capped', 'opted_out', 'failed',
      'accepted', 'scheduled', 'queued', 'sending', 'sent', 'delivered', 'undelivered', 'read', 'partially_delivered', 'canceled')),
    CONSTRAINT "sms_messages_to_check" CHECK ("to" ~ '^\+[1-9][0-9]{6,14}$'),
    CONSTRAINT "sms_messages_body_check" CHECK (length(body) BETWEEN 1 AND 1600),
    CONSTRAINT "sms_messages_error_check" CHECK (error IS NULL OR length(error) <= 500)
);
CREATE UNIQUE INDEX "sms_messages_shop_id_event_id_key" ON "sms_messages"("shop_id", "event_id");
CREATE INDEX "sms_messages_shop_id_order_id_idx" ON "sms_messages"("shop_id", "order_id");
CREATE INDEX "sms_messages_shop_id_created_at_idx" ON "sms_messages"("shop_id", "created_at");
-- Status callbacks name the provider's id only.
CREATE UNIQUE INDEX "sms_messages_provider_id_key" ON "sms_messages"("provider_id");
ALTER TABLE "sms_messages" ADD CONSTRAINT "sms_messages_shop_id_order_id_fkey" FOREIGN KEY ("shop_id", "order_id") REFERENCES "orders"("shop_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE sms_messages ENABLE ROW LEVEL SECURITY;
CREATE POLICY sms_messages_shop ON sms_messages
  USING (shop_id = app_current_shop()) WITH CHECK (shop_id = app_current_shop());

-- Numbers that replied STOP (the sending number is the platform's, so the
-- opt-out is platform-wide); a START reply deletes the row.
CREATE TABLE "sms_opt_outs" (
    "phone" TEXT NOT NULL,
    "keyword" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "sms_opt_outs_pkey" PRIMARY KEY ("phone"),
    CONSTRAINT "sms_opt_outs_phone_check" CHECK (phone ~ '^\+[1-9][0-9]{6,14}$')
);

-- A status callback carries the provider's message id and no shop: this
-- finds the one row it is about without opening every shop's rows.
CREATE FUNCTION sms_message_shop_id(p_provider_id text) RETURNS uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT shop_id FROM sms_messages WHERE provider_id = p_provider_id
$$;
REVOKE ALL ON FUNCTION sms_message_shop_id(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sms_message_shop_id(text) TO nearshop_app;
