import { adminRouter } from "../routers/admin";
import { authRouter } from "../routers/auth";
import { shopsRouter } from "../routers/shops";
import { staffRouter } from "../routers/staff";
import { createCallerFactory, router } from "./init";

export const appRouter = router({
  auth: authRouter,
  shops: shopsRouter,
  staff: staffRouter,
  admin: adminRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
export type ServerCaller = ReturnType<typeof createCaller>;
