import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ConfirmButton } from "../components/ui";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { Field, FormError } from "../components/form";
import { keepValues, readForm } from "../lib/forms";
import { formatShopTime } from "../lib/time";
import { redirectWithToast } from "../lib/toast.server";
import { load, toResponse } from "../lib/trpc.server";
import { useShopTimeZone } from "../lib/use-shop-time-zone";
import { formatMoney } from "../../server/schemas/money";
import { idSchema, numberFromForm } from "../../server/schemas/common";
import { hasRole } from "../../server/schemas/roles";
import { offlineHoursSchema, pinSchema, registerNameSchema } from "../../server/schemas/registers";
import { describeDifference } from "../../server/services/registers/differences";

export const meta: MetaFunction = () => [{ title: "Registers · Nearshop" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const shopSlug = params.slug ?? "";
  const [current, registers, locations] = await load(request, () =>
    Promise.all([context.trpc.shops.current({ shopSlug }), context.trpc.registers.list({ shopSlug }), context.trpc.inventory.locations({ shopSlug })]),
  );
  const manager = hasRole(current.role, "manager");
  const [review, pins, settings] = manager
    ? await load(request, () =>
        Promise.all([context.trpc.registers.review({ shopSlug }), context.trpc.registers.pins({ shopSlug }), context.trpc.registers.settings({ shopSlug })]),
      )
    : [[], [], null];
  return { shop: current.shop, role: current.role, registers, locations: locations.map((l) => ({ id: l.id, name: l.name })), review, pins, settings };
}

/** One schema per intent: the action holds a typed value or answers 400 with what to fix. */
const intents = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("create"), name: registerNameSchema, locationId: idSchema }),
    z.object({ intent: z.literal("pair"), registerId: idSchema }),
    z.object({ intent: z.literal("unpair"), registerId: idSchema }),
    z.object({ intent: z.literal("set-pin"), pin: pinSchema }),
    z.object({ intent: z.literal("reset-pin"), membershipId: idSchema }),
    z.object({ intent: z.literal("offline-hours"), offlineHours: numberFromForm(offlineHoursSchema.shape.offlineHours) }),
    z.object({ intent: z.literal("resolve"), registerSaleId: idSchema, action: z.enum(["accept", "reviewed"], { message: "Choose accept or reviewed" }) }),
  ],
  { message: "Unknown action: reload the page and try again." },
);

export async function action({ request, params, context }: ActionFunctionArgs) {
  const shopSlug = params.slug ?? "";
  const here = `/shop/${shopSlug}/registers`;
  const form = await readForm(request);
  const parsed = intents.safeParse(Object.fromEntries([...form.entries()].map(([k, v]) => [k, String(v)])));
  if (!parsed.success) {
    const fieldErrors = Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0] ?? "form"), i.message]));
    return data({ formError: fieldErrors.intent ?? fieldErrors.form, fieldErrors, values: keepValues(form) }, { status: 400 });
  }
  const input = parsed.data;
  try {
    switch (input.intent) {
      case "create":
        await context.trpc.registers.create({ shopSlug, name: input.name, locationId: input.locationId });
        return redirectWithToast(here, `Register “${input.name}” added.`);
      case "pair":
        // The token arrives in an HttpOnly cookie on this answer; the manager's
        // own session ends here, so the register's browser keeps no way into
        // the back office. The till opens.
        await context.trpc.registers.pair({ shopSlug, registerId: input.registerId });
        await context.trpc.auth.logOut();
        return redirect("/till");
      case "unpair":
        await context.trpc.registers.unpair({ shopSlug, registerId: input.registerId });
        return redirectWithToast(here, "Register unpaired: what it sends from now on is held for a manager.");
      case "set-pin":
        await context.trpc.registers.setPin({ shopSlug, pin: input.pin });
        return redirectWithToast(here, "Your till PIN is set. Registers learn it at their next sync.");
      case "reset-pin":
        await context.trpc.registers.resetPin({ shopSlug, membershipId: input.membershipId });
        return redirectWithToast(here, "PIN cleared: they set a new one here.");
      case "offline-hours":
        await context.trpc.registers.setOfflineHours({ shopSlug, offlineHours: input.offlineHours });
        return redirectWithToast(here, `Registers may sell offline for ${input.offlineHours} hours.`);
      case "resolve": {
        const done = await context.trpc.registers.resolve({ shopSlug, registerSaleId: input.registerSaleId, action: input.action });
        return redirectWithToast(here, done.orderNumber ? `Sale accepted as #${done.orderNumber}.` : "Marked as reviewed.");
      }
    }
  } catch (error) {
    return toResponse(error, request, keepValues(form));
  }
}

export default function Registers() {
  const { shop, role, registers, locations, review, pins, settings } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const timeZone = useShopTimeZone();
  const manager = hasRole(role, "manager");
  const money = (n: number) => formatMoney(n, shop.currency);
  return (
    <>
      <h1>Registers</h1>
      <FormError failure={failure} />
      {manager ? (
        <>
          <section aria-labelledby="review-h">
            <h2 id="review-h">Sold offline: needs review</h2>
            {review.length === 0 ? (
              <p className="empty">Nothing to review.</p>
            ) : (
              <div className="table-scroll">
                <table>
                  <thead>
                    <tr>
                      <th>Register · receipt</th>
                      <th>Sold</th>
                      <th className="num">Charged</th>
                      <th>What differed</th>
                      <th />
                    </tr>
                  </thead>
                  <tbody>
                    {review.map((r) => (
                      <tr key={r.id}>
                        <td>
                          {r.register} · {r.receipt}
                          {r.order ? (
                            <>
                              <br />
                              <Link to={`../orders/${r.order.id}`}>Order #{r.order.number}</Link>
                            </>
                          ) : (
                            <>
                              <br />
                              <strong>Held: not applied</strong>
                            </>
                          )}
                        </td>
                        <td>{formatShopTime(r.soldAt, timeZone)}</td>
                        <td className="num">{money(r.total)}</td>
                        <td>
                          <ul>
                            {r.differences.map((d, i) => (
                              <li key={i}>{describeDifference(d, shop.currency)}</li>
                            ))}
                          </ul>
                        </td>
                        <td>
                          <Form method="post">
                            <input type="hidden" name="registerSaleId" value={r.id} />
                            <input type="hidden" name="intent" value="resolve" />
                            <button type="submit" name="action" value={r.status === "held" ? "accept" : "reviewed"}>
                              {r.status === "held" ? "Accept and apply" : "Mark reviewed"}
                            </button>
                          </Form>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>

          <section aria-labelledby="registers-h">
            <h2 id="registers-h">Registers</h2>
            {registers.length === 0 ? (
              <p className="empty">No register yet: add one below, then pair the till's browser to it.</p>
            ) : (
              <div className="table-scroll">
                <table>
                  <thead>
                    <tr>
                      <th>Name</th>
                      <th>Receipts</th>
                      <th>Location</th>
                      <th>State</th>
                      <th />
                    </tr>
                  </thead>
                  <tbody>
                    {registers.map((r) => (
                      <tr key={r.id}>
                        <td>{r.name}</td>
                        <td>{r.code}-000001 …</td>
                        <td>{r.location.name}</td>
                        <td>
                          {r.unpairedAt
                            ? `Unpaired ${formatShopTime(r.unpairedAt, timeZone)}`
                            : r.pairedAt
                              ? `Paired ${formatShopTime(r.pairedAt, timeZone)}`
                              : "Not paired"}
                        </td>
                        <td className="actions">
                          <Form method="post" className="inline">
                            <input type="hidden" name="registerId" value={r.id} />
                            <ConfirmButton
                              name="intent"
                              value="pair"
                              variant="link"
                              title={`Make this browser the till of ${r.name}?`}
                              message="You are logged out here, and a browser paired to it before stops being its till."
                              confirmLabel="Pair this browser"
                            >
                              Pair this browser
                            </ConfirmButton>
                          </Form>
                          {r.pairedAt && !r.unpairedAt ? (
                            <Form method="post" className="inline">
                              <input type="hidden" name="registerId" value={r.id} />
                              <ConfirmButton
                                name="intent"
                                value="unpair"
                                variant="danger"
                                title={`Unpair ${r.name}?`}
                                message="Its browser can no longer sell; sales it sends are held for you to accept."
                                confirmLabel="Unpair"
                              >
                                Unpair (lost or stolen)
                              </ConfirmButton>
                            </Form>
                          ) : null}{" "}
                          <Link to={`../cash-up?location=${r.locationId}&register=${r.id}`}>Cash-up</Link>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            <Form method="post" className="wide-form" noValidate>
              <input type="hidden" name="intent" value="create" />
              <Field label="New register's name" name="name" failure={failure} placeholder="Counter 1" required />
              <div className="field">
                <label htmlFor="f-locationId">At</label>
                <select id="f-locationId" name="locationId">
                  {locations.map((l) => (
                    <option key={l.id} value={l.id}>
                      {l.name}
                    </option>
                  ))}
                </select>
              </div>
              <button type="submit">Add register</button>
            </Form>
          </section>

          <section aria-labelledby="offline-h">
            <h2 id="offline-h">Selling offline</h2>
            <Form method="post" className="wide-form" noValidate>
              <input type="hidden" name="intent" value="offline-hours" />
              <Field
                label="A register may sell without the network for (hours)"
                name="offlineHours"
                inputMode="numeric"
                failure={failure}
                defaultValue={String(settings?.offlineHours ?? 24)}
              />
              <button type="submit">Save</button>
            </Form>
          </section>

          <section aria-labelledby="pins-h">
            <h2 id="pins-h">Staff PINs</h2>
            <div className="table-scroll">
              <table>
                <thead>
                  <tr>
                    <th>Name</th>
                    <th>Role</th>
                    <th>Till PIN</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {pins.map((p) => (
                    <tr key={p.membershipId}>
                      <td>{p.name}</td>
                      <td>{p.role}</td>
                      <td>{p.locked ? <strong>Locked after wrong tries</strong> : p.hasPin ? "Set" : "Not set"}</td>
                      <td>
                        {role === "owner" && p.hasPin ? (
                          <Form method="post" className="inline">
                            <input type="hidden" name="membershipId" value={p.membershipId} />
                            <ConfirmButton
                              name="intent"
                              value="reset-pin"
                              variant="link"
                              title={`Clear ${p.name}'s PIN?`}
                              message="They set a new one before using a till."
                              confirmLabel="Reset PIN"
                            >
                              Reset PIN
                            </ConfirmButton>
                          </Form>
                        ) : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        </>
      ) : null}

      <section aria-labelledby="my-pin-h">
        <h2 id="my-pin-h">My PIN</h2>
        <p className="hint">4 to 6 digits. It signs you in at this shop's registers (and approves, for managers); it opens nothing else.</p>
        <Form method="post" className="wide-form" noValidate>
          <input type="hidden" name="intent" value="set-pin" />
          <Field label="New PIN" name="pin" type="password" inputMode="numeric" autoComplete="off" maxLength={6} failure={failure} required />
          <button type="submit">Set my PIN</button>
        </Form>
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
