import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ConfirmButton } from "../components/ui";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { Field, FormError } from "../components/form";
import { keepValues, readForm } from "../lib/forms";
import { translator, useFormat, useT } from "../lib/i18n";
import { ROLE_LABELS } from "../lib/role-labels";
import { redirectWithToast } from "../lib/toast.server";
import { load, toResponse } from "../lib/trpc.server";
import { useShopTimeZone } from "../lib/use-shop-time-zone";
import { idSchema, numberFromForm } from "../../server/schemas/common";
import { hasRole } from "../../server/schemas/roles";
import { offlineHoursSchema, pinSchema, registerNameSchema } from "../../server/schemas/registers";
import { describeDifference } from "../../server/services/registers/differences";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: translator(data?.locale ?? "en")("till.registers.meta") }];

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
  return {
    shop: current.shop,
    role: current.role,
    registers,
    locations: locations.map((l) => ({ id: l.id, name: l.name })),
    review,
    pins,
    settings,
    locale: context.locale,
  };
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
  const t = translator(context.locale);
  try {
    switch (input.intent) {
      case "create":
        await context.trpc.registers.create({ shopSlug, name: input.name, locationId: input.locationId });
        return redirectWithToast(here, t("till.registers.added", { name: input.name }));
      case "pair":
        // The token arrives in an HttpOnly cookie on this answer; the manager's
        // own session ends here, so the register's browser keeps no way into
        // the back office. The till opens.
        await context.trpc.registers.pair({ shopSlug, registerId: input.registerId });
        await context.trpc.auth.logOut();
        return redirect("/till");
      case "unpair":
        await context.trpc.registers.unpair({ shopSlug, registerId: input.registerId });
        return redirectWithToast(here, t("till.registers.unpaired"));
      case "set-pin":
        await context.trpc.registers.setPin({ shopSlug, pin: input.pin });
        return redirectWithToast(here, t("till.registers.pinSet"));
      case "reset-pin":
        await context.trpc.registers.resetPin({ shopSlug, membershipId: input.membershipId });
        return redirectWithToast(here, t("till.registers.pinCleared"));
      case "offline-hours":
        await context.trpc.registers.setOfflineHours({ shopSlug, offlineHours: input.offlineHours });
        return redirectWithToast(here, t("till.registers.offlineSaved", { hours: input.offlineHours }));
      case "resolve": {
        const done = await context.trpc.registers.resolve({ shopSlug, registerSaleId: input.registerSaleId, action: input.action });
        return redirectWithToast(here, done.orderNumber ? t("till.registers.accepted", { number: done.orderNumber }) : t("till.registers.reviewed"));
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
  const t = useT();
  const f = useFormat();
  const money = (n: number) => f.money(n, shop.currency);
  return (
    <>
      <h1>{t("till.registers.title")}</h1>
      <FormError failure={failure} />
      {manager ? (
        <>
          <section aria-labelledby="review-h">
            <h2 id="review-h">{t("till.registers.review")}</h2>
            {review.length === 0 ? (
              <p className="empty">{t("till.registers.nothing")}</p>
            ) : (
              <div className="table-scroll">
                <table>
                  <thead>
                    <tr>
                      <th>{t("till.registers.registerReceipt")}</th>
                      <th>{t("till.registers.sold")}</th>
                      <th className="num">{t("till.registers.charged")}</th>
                      <th>{t("till.registers.differed")}</th>
                      <th />
                    </tr>
                  </thead>
                  <tbody>
                    {review.map((r) => (
                      <tr key={r.id}>
                        <td>
                          <span translate="no">{r.register}</span> · {r.receipt}
                          {r.order ? (
                            <>
                              <br />
                              <Link to={`../orders/${r.order.id}`}>{t("till.registers.order", { number: r.order.number })}</Link>
                            </>
                          ) : (
                            <>
                              <br />
                              <strong>{t("till.registers.held")}</strong>
                            </>
                          )}
                        </td>
                        <td>{f.dateTime(r.soldAt, timeZone)}</td>
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
                              {r.status === "held" ? t("till.registers.accept") : t("till.registers.markReviewed")}
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
            <h2 id="registers-h">{t("till.registers.title")}</h2>
            {registers.length === 0 ? (
              <p className="empty">{t("till.registers.none")}</p>
            ) : (
              <div className="table-scroll">
                <table>
                  <thead>
                    <tr>
                      <th>{t("till.registers.name")}</th>
                      <th>{t("till.registers.receipts")}</th>
                      <th>{t("till.registers.location")}</th>
                      <th>{t("till.registers.state")}</th>
                      <th />
                    </tr>
                  </thead>
                  <tbody>
                    {registers.map((r) => (
                      <tr key={r.id}>
                        <td translate="no">{r.name}</td>
                        <td>{r.code}-000001 …</td>
                        <td translate="no">{r.location.name}</td>
                        <td>
                          {r.unpairedAt
                            ? t("till.registers.unpairedAt", { time: f.dateTime(r.unpairedAt, timeZone) })
                            : r.pairedAt
                              ? t("till.registers.pairedAt", { time: f.dateTime(r.pairedAt, timeZone) })
                              : t("till.registers.notPaired")}
                        </td>
                        <td className="actions">
                          <Form method="post" className="inline">
                            <input type="hidden" name="registerId" value={r.id} />
                            <ConfirmButton
                              name="intent"
                              value="pair"
                              variant="link"
                              title={t("till.registers.pairTitle", { name: r.name })}
                              message={t("till.registers.pairMessage")}
                              confirmLabel={t("till.registers.pair")}
                            >
                              {t("till.registers.pair")}
                            </ConfirmButton>
                          </Form>
                          {r.pairedAt && !r.unpairedAt ? (
                            <Form method="post" className="inline">
                              <input type="hidden" name="registerId" value={r.id} />
                              <ConfirmButton
                                name="intent"
                                value="unpair"
                                variant="danger"
                                title={t("till.registers.unpairTitle", { name: r.name })}
                                message={t("till.registers.unpairMessage")}
                                confirmLabel={t("till.registers.unpair")}
                              >
                                {t("till.registers.unpairLost")}
                              </ConfirmButton>
                            </Form>
                          ) : null}{" "}
                          <Link to={`../cash-up?location=${r.locationId}&register=${r.id}`}>{t("till.cashUp")}</Link>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            <Form method="post" className="wide-form" noValidate>
              <input type="hidden" name="intent" value="create" />
              <Field label={t("till.registers.newName")} name="name" failure={failure} placeholder={t("till.registers.newPlaceholder")} required />
              <div className="field">
                <label htmlFor="f-locationId">{t("till.registers.at")}</label>
                <select id="f-locationId" name="locationId">
                  {locations.map((l) => (
                    <option key={l.id} value={l.id} translate="no">
                      {l.name}
                    </option>
                  ))}
                </select>
              </div>
              <button type="submit">{t("till.registers.add")}</button>
            </Form>
          </section>

          <section aria-labelledby="offline-h">
            <h2 id="offline-h">{t("till.registers.offline")}</h2>
            <Form method="post" className="wide-form" noValidate>
              <input type="hidden" name="intent" value="offline-hours" />
              <Field
                label={t("till.registers.offlineHours")}
                name="offlineHours"
                inputMode="numeric"
                failure={failure}
                defaultValue={String(settings?.offlineHours ?? 24)}
              />
              <button type="submit">{t("common.save")}</button>
            </Form>
          </section>

          <section aria-labelledby="pins-h">
            <h2 id="pins-h">{t("till.registers.pins")}</h2>
            <div className="table-scroll">
              <table>
                <thead>
                  <tr>
                    <th>{t("till.registers.name")}</th>
                    <th>{t("till.registers.role")}</th>
                    <th>{t("till.registers.tillPin")}</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {pins.map((p) => (
                    <tr key={p.membershipId}>
                      <td translate="no">{p.name}</td>
                      <td>{t(ROLE_LABELS[p.role])}</td>
                      <td>{p.locked ? <strong>{t("till.registers.locked")}</strong> : p.hasPin ? t("till.registers.set") : t("till.registers.notSet")}</td>
                      <td>
                        {role === "owner" && p.hasPin ? (
                          <Form method="post" className="inline">
                            <input type="hidden" name="membershipId" value={p.membershipId} />
                            <ConfirmButton
                              name="intent"
                              value="reset-pin"
                              variant="link"
                              title={t("till.registers.resetTitle", { name: p.name })}
                              message={t("till.registers.resetMessage")}
                              confirmLabel={t("till.registers.resetPin")}
                            >
                              {t("till.registers.resetPin")}
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
        <h2 id="my-pin-h">{t("till.registers.myPin")}</h2>
        <p className="hint">{t("till.registers.pinHint")}</p>
        <Form method="post" className="wide-form" noValidate>
          <input type="hidden" name="intent" value="set-pin" />
          <Field
            label={t("till.registers.newPin")}
            name="pin"
            type="password"
            inputMode="numeric"
            autoComplete="off"
            maxLength={6}
            failure={failure}
            required
          />
          <button type="submit">{t("till.registers.setPin")}</button>
        </Form>
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
