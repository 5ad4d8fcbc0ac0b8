import type { Router, RequestHandler } from "express";
import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { ExpressAdapter } from "@bull-board/express";
import { getQueue, QUEUES } from "../../jobs/queues";
import type { Auth } from "./session";

export const BULL_BOARD_PATH = "/admin/jobs";

/** Bull board has no auth of its own: anyone but a platform admin gets 404. */
export const platformAdminOnly: RequestHandler = (_req, res, next) => {
  const auth = res.locals.auth as Auth | undefined;
  if (!auth?.user?.isPlatformAdmin) {
    res.status(404).type("text/plain").send("Not found");
    return;
  }
  next();
};

export function bullBoardRouter(): Router {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(BULL_BOARD_PATH);
  createBullBoard({
    queues: QUEUES.map((name) => new BullMQAdapter(getQueue(name))),
    serverAdapter,
    options: { uiConfig: { boardTitle: "Nearshop jobs" } },
  });
  return serverAdapter.getRouter() as Router;
}
