-- Staff delay an order (the customer is told the new time) and pause online
-- orders at a location until a time, with a note for the shop page.
ALTER TABLE "orders" ADD COLUMN "ready_at" TIMESTAMPTZ(3);
ALTER TABLE "locations" ADD COLUMN "orders_paused_until" TIMESTAMPTZ(3),
  ADD COLUMN "orders_paused_note" TEXT NOT NULL DEFAULT '';
ALTER TABLE locations ADD CONSTRAINT locations_orders_paused_note_length CHECK (length(orders_paused_note) <= 200);
