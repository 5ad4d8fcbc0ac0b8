-- Every back-office page shows the member's unread notifications in the shop
-- layout. The shop access lookup every shop procedure already makes answers
-- it in the same query (server/trpc/shop-procedure.ts), instead of each page
-- opening a second transaction to count them.

-- Unread rows only: a manager's read history grows for ever, the count must not.
CREATE INDEX notifications_unread_idx ON notifications (shop_id, user_id) WHERE read_at IS NULL;

-- Like member_role, it runs as the owner: the lookup runs before any shop
-- scope is set. It counts only the named user's rows in the named shop; the
-- caller passes the user its session names and refuses non-members.
CREATE FUNCTION unread_notifications(p_shop_id uuid, p_user_id uuid) RETURNS int
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT count(*)::int FROM notifications WHERE shop_id = p_shop_id AND user_id = p_user_id AND read_at IS NULL $$;
REVOKE ALL ON FUNCTION unread_notifications(uuid, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION unread_notifications(uuid, uuid) TO nearshop_app;
