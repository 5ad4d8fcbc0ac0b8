import { build } from "esbuild";
import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { createCallerFactory, publicProcedure, router } from "../trpc/init";
import { DomainError, forbidden, invalidInput, isUniqueViolation, notFound, tooManyRequests } from "./errors";
import { toResponse } from "../../app/lib/trpc.server";

/** A router whose procedures fail the way services do. */
const failing = router({
  missing: publicProcedure.query(() => {
    throw notFound("Thing");
  }),
  refused: publicProcedure.query(() => {
    throw forbidden("Not yours");
  }),
  wrong: publicProcedure.query(() => {
    throw invalidInput({ "variants.0.sku": "SKU A-1 is already used" });
  }),
  busy: publicProcedure.query(() => {
    throw tooManyRequests("Slow down", 42);
  }),
  bug: publicProcedure.query(() => {
    throw new Error("SELECT * FROM secrets");
  }),
});
const caller = createCallerFactory(failing)({ user: null, sessionId: null, ip: "127.0.0.1" });
const rejection = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error("resolved");
    },
    (e: unknown) => e as TRPCError,
  );

describe("a service's domain error", () => {
  it("leaves a procedure as tRPC's error with its code and message, translated once", async () => {
    expect(await rejection(caller.missing())).toMatchObject({ code: "NOT_FOUND", message: "Thing not found" });
    expect(await rejection(caller.refused())).toMatchObject({ code: "FORBIDDEN", message: "Not yours" });
    const wrong = await rejection(caller.wrong());
    expect(wrong).toBeInstanceOf(TRPCError);
    expect(wrong).toMatchObject({ code: "BAD_REQUEST", cause: { fieldErrors: { "variants.0.sku": "SKU A-1 is already used" } } });
    expect(await rejection(caller.busy())).toMatchObject({ code: "TOO_MANY_REQUESTS", message: "Slow down" });
    // Not a domain error: a bug, and stays one.
    expect(await rejection(caller.bug())).toMatchObject({ code: "INTERNAL_SERVER_ERROR" });
  });

  it("is a page's status and form answer, through the procedure or thrown on the page itself", async () => {
    const request = new Request("http://x/shop/a/products/new");
    const answer = (error: unknown) =>
      toResponse(error, request) as unknown as { init: { status: number; headers?: Record<string, string> }; data: Record<string, unknown> };
    const wrong = answer(await rejection(caller.wrong()));
    expect(wrong.init.status).toBe(400);
    expect(wrong.data).toMatchObject({ fieldErrors: { "variants.0.sku": "SKU A-1 is already used" } });
    expect(answer(await rejection(caller.missing())).init.status).toBe(404);
    const busy = answer(tooManyRequests("Slow down", 42));
    expect(busy.init).toMatchObject({ status: 429, headers: { "Retry-After": "42" } });
    expect(answer(new DomainError("conflict", "Changed meanwhile")).init.status).toBe(409);
    expect(() => toResponse(new Error("a bug"), request)).toThrow("a bug");
  });
});

describe("jobs and webhooks", () => {
  it("do not depend on tRPC: nothing they import reaches @trpc/server", { timeout: 60_000 }, async () => {
    const reached: string[] = [];
    await build({
      entryPoints: ["jobs/worker.ts", "server/http/stripe-webhook.ts"],
      bundle: true,
      write: false,
      platform: "node",
      format: "esm",
      outdir: "/tmp/never-written",
      logLevel: "silent",
      plugins: [
        {
          name: "packages-are-leaves",
          setup(b) {
            b.onResolve({ filter: /^[^./]/ }, (args) => {
              reached.push(args.path);
              return { path: args.path, external: true };
            });
          },
        },
      ],
    });
    expect(reached.length).toBeGreaterThan(5);
    expect(reached.filter((p) => p.startsWith("@trpc/"))).toEqual([]);
  });
});

describe("isUniqueViolation", () => {
  it("knows a model call's P2002 and a raw query's 23505, by the field's column in the constraint", () => {
    const model = { code: "P2002", meta: { target: ["shop_id", "name"] } };
    // As Prisma 7's pg adapter gives it (seen in tests/registers.integration.test.ts).
    const raw = {
      code: "P2010",
      meta: {
        driverAdapterError: {
          name: "DriverAdapterError",
          cause: {
            originalCode: "23505",
            kind: "UniqueConstraintViolation",
            constraint: { index: "orders_shop_id_register_id_register_receipt_key" },
            table: "orders",
          },
        },
      },
    };
    expect([isUniqueViolation(model), isUniqueViolation(model, "name"), isUniqueViolation(model, "receipt")]).toEqual([true, true, false]);
    expect([isUniqueViolation(raw), isUniqueViolation(raw, "register_receipt"), isUniqueViolation(raw, "client_ref")]).toEqual([true, true, false]);
    const foreignKey = { code: "P2010", meta: { driverAdapterError: { cause: { kind: "ForeignKeyConstraintViolation", constraint: { index: "receipt" } } } } };
    expect(isUniqueViolation(foreignKey, "receipt")).toBe(false);
    expect([isUniqueViolation(null), isUniqueViolation(new Error("P2002"))]).toEqual([false, false]);
  });

  it("knows a model call's P2002 that names only the index (as a create on customers gives it)", () => {
    const indexOnly = {
      code: "P2002",
      meta: {
        driverAdapterError: {
          cause: { originalCode: "23505", kind: "UniqueConstraintViolation", constraint: { index: "customers_shop_id_email_key" }, table: "customers" },
        },
        modelName: "Customer",
      },
    };
    expect([
      isUniqueViolation(indexOnly, "customers_shop_id_email_key"),
      isUniqueViolation(indexOnly, "email"),
      isUniqueViolation(indexOnly, "user_id"),
    ]).toEqual([true, true, false]);
  });
});
