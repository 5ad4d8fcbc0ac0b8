import { adminRouter } from "../routers/admin";
import { auditRouter } from "../routers/audit";
import { privacyRouter } from "../routers/privacy";
import { catalogRouter } from "../routers/catalog";
import { discoveryRouter } from "../routers/discovery";
import { importsRouter } from "../routers/imports";
import { inventoryRouter } from "../routers/inventory";
import { notificationsRouter } from "../routers/notifications";
import { authRouter } from "../routers/auth";
import { checkoutRouter } from "../routers/checkout";
import { customersRouter, ordersRouter, posRouter } from "../routers/orders";
import { paymentsRouter } from "../routers/payments";
import { reportsRouter } from "../routers/reports";
import { shopsRouter } from "../routers/shops";
import { staffRouter } from "../routers/staff";
import { shopperRouter } from "../routers/shopper";
import { registersRouter, tillRouter } from "../routers/registers";
import { createCallerFactory, router } from "./init";

export const appRouter = router({
  auth: authRouter,
  shops: shopsRouter,
  staff: staffRouter,
  admin: adminRouter,
  catalog: catalogRouter,
  inventory: inventoryRouter,
  imports: importsRouter,
  notifications: notificationsRouter,
  discovery: discoveryRouter,
  orders: ordersRouter,
  pos: posRouter,
  customers: customersRouter,
  checkout: checkoutRouter,
  shopper: shopperRouter,
  reports: reportsRouter,
  payments: paymentsRouter,
  registers: registersRouter,
  till: tillRouter,
  audit: auditRouter,
  privacy: privacyRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
export type ServerCaller = ReturnType<typeof createCaller>;
