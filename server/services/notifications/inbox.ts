import { inShop } from "../../db/client.server";
import { notFound } from "../errors";

const PAGE = 30;

/** A member's own notifications in one shop, newest first. */
export function listNotifications(shopId: string, userId: string, cursor?: string) {
  return inShop(shopId, async (tx) => {
    const rows = await tx.notification.findMany({
      where: { userId, ...(cursor ? { id: { lt: cursor } } : {}) },
      orderBy: { id: "desc" },
      take: PAGE + 1,
      select: { id: true, type: true, title: true, body: true, link: true, readAt: true, createdAt: true },
    });
    const unread = await tx.notification.count({ where: { userId, readAt: null } });
    const items = rows.slice(0, PAGE);
    return { items, unread, nextCursor: rows.length > PAGE ? items[items.length - 1]?.id : undefined };
  });
}

export function markRead(shopId: string, userId: string, notificationId?: string) {
  return inShop(shopId, async (tx) => {
    if (notificationId) {
      const found = await tx.notification.findFirst({ where: { id: notificationId, userId }, select: { id: true } });
      if (!found) throw notFound("Notification");
    }
    const { count } = await tx.notification.updateMany({
      where: { userId, readAt: null, ...(notificationId ? { id: notificationId } : {}) },
      data: { readAt: new Date() },
    });
    return { marked: count };
  });
}
