import { describe, expect, it } from "vitest";
import { z } from "zod";
import { FormRejected, parseForm } from "./forms";
import { toResponse } from "./trpc.server";
import { staffPageForm } from "../../server/schemas/staff";
import { sellingSettingsForm } from "../../server/schemas/orders";
import type { ServerCaller } from "../../server/trpc/root";

const formOf = (fields: [string, string][]) => {
  const form = new FormData();
  for (const [k, v] of fields) form.append(k, v);
  return form;
};

/** What toResponse makes of parseForm's refusal: the page's status and actionData. */
async function answerTo(fields: [string, string][], schema: z.ZodType, options?: { beside?: readonly string[] }) {
  try {
    parseForm(formOf(fields), schema, options);
  } catch (error) {
    expect(error).toBeInstanceOf(FormRejected);
    const response = toResponse(error, new Request("http://x/page")) as unknown as {
      init: { status: number };
      data: { formError?: string; fieldErrors?: Record<string, string>; values?: Record<string, string> };
    };
    return { status: response.init.status, ...response.data };
  }
  throw new Error("the form was accepted");
}

describe("parseForm", () => {
  it("gives the procedure's input, typed", () => {
    const input = parseForm(
      formOf([
        ["intent", "change-role"],
        ["membershipId", "0190c2a0-0000-7000-8000-000000000001"],
        ["role", "manager"],
      ]),
      staffPageForm,
    );
    expect(input).toEqual({ intent: "change-role", membershipId: "0190c2a0-0000-7000-8000-000000000001", role: "manager" });
  });

  it("answers a wrong field with a 400 naming it beside its input, and keeps what was typed (never a password)", async () => {
    const answer = await answerTo(
      [
        ["intent", "invite"],
        ["email", "not-an-email"],
        ["role", "cashier"],
        ["password", "secret"],
      ],
      staffPageForm,
    );
    expect(answer.status).toBe(400);
    expect(answer.fieldErrors).toEqual({ email: "Enter a valid email address, like you@example.com" });
    expect(answer.formError).toBeUndefined();
    expect(answer.values).toEqual({ intent: "invite", email: "not-an-email", role: "cashier" });
  });

  it("says a field the page has no input for (a missing or unknown intent) at the top of the form", async () => {
    const missing = await answerTo([["email", "a@b.co"]], staffPageForm);
    expect(missing.status).toBe(400);
    expect(missing.formError).toMatch(/Unknown action: reload the page/);
    const unknown = await answerTo(
      [
        ["intent", "__proto__"],
        ["email", "a@b.co"],
      ],
      staffPageForm,
    );
    expect(unknown.formError).toMatch(/Unknown action/);
  });

  it("parses money and percentages in the shop's currency inside the schema", () => {
    const fields: [string, string][] = [
      ["taxStandard", "20"],
      ["taxReduced", "5,5"],
      ["discountLimit", "10"],
      ["deliveryRadiusKm", "5"],
      ["deliveryFee", "3,50"],
      ["unpaidOrderMinutes", "30"],
      ["pickupHoldHours", "48"],
      ["smsMonthlyCap", "200"],
      ["taxInclusive", "on"],
    ];
    expect(parseForm(formOf(fields), sellingSettingsForm("EUR"))).toMatchObject({
      taxStandard: 2000,
      taxReduced: 550,
      deliveryFee: 350,
      taxInclusive: true,
      tillSellsBelowStock: false,
    });
    const yen = fields.map(([k, v]): [string, string] => [k, k === "deliveryFee" ? "350" : v]);
    expect(parseForm(formOf(yen), sellingSettingsForm("JPY")).deliveryFee).toBe(350);
  });

  it("refuses numbers past 32 bits, text where a number goes and ids that are not ids, naming each field", async () => {
    const answer = await answerTo(
      [
        ["taxStandard", "99999999999"],
        ["taxReduced", "five"],
        ["discountLimit", "10"],
        ["deliveryRadiusKm", "5"],
        ["deliveryFee", "3.999"],
        ["unpaidOrderMinutes", "30"],
        ["pickupHoldHours", "48"],
      ],
      sellingSettingsForm("EUR"),
    );
    expect(answer.fieldErrors).toMatchObject({
      taxStandard: "Standard rate: 100 % at most",
      taxReduced: "Reduced rate: enter a percentage like 20 or 5.5",
      deliveryFee: 'Delivery fee: "3.999" is not an amount like 3.50',
    });
    const id = await answerTo(
      [
        ["intent", "remove"],
        ["membershipId", "1 OR 1=1"],
      ],
      staffPageForm,
    );
    expect(id.fieldErrors).toEqual({ membershipId: "Not a valid id" });
  });

  it("puts at the top every message whose input shows none (a hidden id, a select)", async () => {
    const answer = await answerTo(
      [
        ["intent", "remove"],
        ["membershipId", "x"],
      ],
      staffPageForm,
      { beside: [] },
    );
    expect(answer.formError).toBe("membershipId: Not a valid id");
  });
});

describe("a form schema that does not make the procedure's input", () => {
  it("does not compile", () => {
    const input = parseForm(formOf([["email", "a@b.co"]]), z.object({ email: z.string() }));
    type InviteInput = Parameters<ServerCaller["staff"]["invite"]>[0];
    // @ts-expect-error the invitation needs a role: a form schema without one cannot feed the procedure
    const wrong: InviteInput = { shopSlug: "s", ...input };
    const right: InviteInput = { shopSlug: "s", ...input, role: "cashier" };
    expect([wrong.email, right.role]).toEqual(["a@b.co", "cashier"]);
  });
});
