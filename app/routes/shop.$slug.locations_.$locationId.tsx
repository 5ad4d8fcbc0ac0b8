import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useRouteLoaderData } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { Checkbox, Field, FormError } from "../components/ui";
import { keepValues, parseForm, readForm } from "../lib/forms";
import { redirectWithToast } from "../lib/toast.server";
import { load, toResponse, type ActionFailure } from "../lib/trpc.server";
import { UNKNOWN_INTENT } from "../../server/schemas/form-fields";
import {
  exceptionForm,
  openingHoursForm,
  pauseInputOf,
  pauseOrdersForm,
  pickupSettingsForm,
  removeExceptionSchema,
  WEEKDAY_KEYS,
} from "../../server/schemas/locations";
import { hasRole } from "../../server/schemas/roles";
import { formatsFor, translator, useFormat, useT, type WebKey } from "../lib/i18n";
import type { loader as shopLoader } from "./shop.$slug";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: translator(data?.locale ?? "en")("office.hours.title", { name: data?.settings.location.name ?? "" }) },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const shopSlug = params.slug ?? "";
  return load(request, async () => ({
    settings: await context.trpc.inventory.locationSettings({ shopSlug, locationId: params.locationId ?? "" }),
    locale: context.locale,
  }));
}

/** The page's four forms; the location comes from the URL. */
const pageForm = z.discriminatedUnion(
  "intent",
  [
    openingHoursForm.omit({ locationId: true }).extend({ intent: z.literal("hours") }),
    exceptionForm.omit({ locationId: true }).extend({ intent: z.literal("exception") }),
    removeExceptionSchema.omit({ locationId: true }).extend({ intent: z.literal("removeException") }),
    pickupSettingsForm.omit({ locationId: true }).extend({ intent: z.literal("pickup") }),
    pauseOrdersForm.extend({ intent: z.literal("pause") }),
    z.object({ intent: z.literal("resume") }),
  ],
  UNKNOWN_INTENT,
);

export async function action({ request, params, context }: ActionFunctionArgs) {
  const shopSlug = params.slug ?? "";
  const locationId = params.locationId ?? "";
  const here = `/shop/${shopSlug}/locations/${locationId}`;
  const form = await readForm(request);
  const t = translator(context.locale);
  try {
    const input = parseForm(form, pageForm);
    const base = { shopSlug, locationId };
    switch (input.intent) {
      case "hours": {
        await context.trpc.inventory.setHours({ ...base, hours: input.hours });
        return redirectWithToast(here, t("office.hours.toast.hours"));
      }
      case "exception": {
        const { intent: _, ...rest } = input;
        const saved = await context.trpc.inventory.setException({ ...base, ...rest });
        return redirectWithToast(here, t(saved.closed ? "office.hours.toast.closed" : "office.hours.toast.day", { day: saved.day }));
      }
      case "removeException": {
        await context.trpc.inventory.removeException({ ...base, day: input.day });
        return redirectWithToast(here, t("office.hours.toast.removed", { day: input.day }));
      }
      case "pause": {
        const { intent: _, ...rest } = input;
        const { until } = await context.trpc.inventory.pauseOrders({ ...base, ...pauseInputOf(rest) });
        const { shop } = await context.trpc.shops.current({ shopSlug });
        return redirectWithToast(here, t("office.hours.toast.paused", { until: formatsFor(context.locale).dateTimeNamed(until, shop.timezone) }));
      }
      case "resume": {
        await context.trpc.inventory.resumeOrders(base);
        return redirectWithToast(here, t("office.hours.toast.resumed"));
      }
      case "pickup": {
        const { intent: _, ...rest } = input;
        await context.trpc.inventory.setPickup({ ...base, ...rest });
        return redirectWithToast(here, t("office.hours.toast.pickup"));
      }
    }
  } catch (error) {
    return toResponse(error, request, keepValues(form));
  }
}

const DAY_LABELS: readonly WebKey[] = [
  "office.day.monday",
  "office.day.tuesday",
  "office.day.wednesday",
  "office.day.thursday",
  "office.day.friday",
  "office.day.saturday",
  "office.day.sunday",
];

export default function LocationSettings() {
  const { settings } = useLoaderData<typeof loader>();
  const { location, hours, exceptions, timezone } = settings;
  const result = useActionData<typeof action>() as ActionFailure | undefined;
  const submitting = useNavigation().state === "submitting";
  const canEdit = hasRole(useRouteLoaderData<typeof shopLoader>("routes/shop.$slug")?.role ?? "cashier", "manager");
  const failureFor = (intent: string) => (result?.values?.intent === intent ? result : undefined);
  const t = useT();
  const f = useFormat();
  const slug = useRouteLoaderData<typeof shopLoader>("routes/shop.$slug")?.shop.slug ?? "";
  return (
    <>
      <p>
        <Link to={`/shop/${slug}/locations`}>{t("office.hours.back")}</Link>
      </p>
      <h1>{t.rich("office.hours.heading", { name: <span translate="no">{location.name}</span> })}</h1>
      <p className="hint">
        <span translate="no">
          {location.addressLine1}, {location.city}
        </span>
        . {t("office.hours.zone", { zone: f.zoneName(timezone), id: timezone })}
      </p>

      <h2 id="pause">{t("office.pause.heading")}</h2>
      {location.ordersPausedUntil && new Date(location.ordersPausedUntil) > new Date() ? (
        <>
          <p role="status" className="paused-notice">
            {location.ordersPausedNote
              ? t.rich("office.pause.pausedNote", {
                  until: f.dateTimeNamed(location.ordersPausedUntil, timezone),
                  note: <span translate="no">{location.ordersPausedNote}</span>,
                })
              : t("office.pause.paused", { until: f.dateTimeNamed(location.ordersPausedUntil, timezone) })}
          </p>
          {canEdit ? (
            <Form method="post" className="inline-form">
              <input type="hidden" name="intent" value="resume" />
              <button type="submit" disabled={submitting}>
                {t("office.pause.resume")}
              </button>
            </Form>
          ) : null}
        </>
      ) : canEdit ? (
        <Form method="post" noValidate className="wide-form" aria-labelledby="pause">
          <input type="hidden" name="intent" value="pause" />
          <FormError failure={failureFor("pause")} />
          <p className="hint">{t("office.pause.hint")}</p>
          <label>
            {t("office.pause.for")}{" "}
            <select name="pauseFor" defaultValue="30">
              <option value="15">{t("office.pause.minutes", { count: 15 })}</option>
              <option value="30">{t("office.pause.minutes", { count: 30 })}</option>
              <option value="60">{t("office.pause.hours", { count: 1 })}</option>
              <option value="120">{t("office.pause.hours", { count: 2 })}</option>
              <option value="240">{t("office.pause.hours", { count: 4 })}</option>
              <option value="today">{t("office.pause.today")}</option>
            </select>
          </label>
          <Field label={t("office.pause.note")} id="f-pause-note" name="note" maxLength={200} failure={failureFor("pause")} hint={t("office.pause.noteHint")} />
          <button type="submit" disabled={submitting}>
            {t("office.pause.submit")}
          </button>
        </Form>
      ) : (
        <p>{t("office.pause.open")}</p>
      )}

      <h2 id="hours">{t("office.hours.opening")}</h2>
      <Form method="post" noValidate className="wide-form" aria-labelledby="hours">
        <input type="hidden" name="intent" value="hours" />
        <FormError failure={failureFor("hours")} />
        <p className="hint">{t("office.hours.hint")}</p>
        {WEEKDAY_KEYS.map((k, i) => (
          <Field
            key={k}
            label={t(DAY_LABELS[i] ?? "office.day.monday")}
            name={`hours.${k}`}
            failure={failureFor("hours")}
            defaultValue={hours[k]}
            disabled={!canEdit}
          />
        ))}
        {canEdit ? (
          <button type="submit" disabled={submitting}>
            {t("office.hours.save")}
          </button>
        ) : null}
      </Form>

      <h2 id="exceptions">{t("office.hours.exceptions")}</h2>
      {exceptions.length ? (
        <ul className="cards">
          {exceptions.map((e) => (
            <li key={e.day}>
              {t.rich("office.hours.exception", { day: <strong>{e.day}</strong>, hours: e.closed ? t("office.hours.closed") : e.hours })}
              {e.note ? (
                <>
                  {" "}
                  · <span translate="no">{e.note}</span>
                </>
              ) : null}
              {canEdit ? (
                <Form method="post" className="inline-form">
                  <input type="hidden" name="intent" value="removeException" />
                  <input type="hidden" name="day" value={e.day} />
                  <button type="submit" className="secondary" disabled={submitting}>
                    {t("office.hours.remove", { day: e.day })}
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="hint">{t("office.hours.noExceptions")}</p>
      )}
      {canEdit ? (
        <Form method="post" noValidate className="wide-form" aria-label={t("office.hours.addException")}>
          <input type="hidden" name="intent" value="exception" />
          <FormError failure={failureFor("exception")} />
          <Field label={t("office.hours.date")} name="day" type="date" failure={failureFor("exception")} required />
          <Field label={t("office.hours.dayHours")} name="hours" failure={failureFor("exception")} hint={t("office.hours.dayHoursHint")} />
          <Field label={t("office.hours.note")} name="note" failure={failureFor("exception")} hint={t("office.hours.noteHint")} maxLength={120} />
          <button type="submit" disabled={submitting}>
            {t("office.hours.saveDay")}
          </button>
        </Form>
      ) : null}

      <h2 id="pickup">{t("office.pickup.heading")}</h2>
      <Form method="post" noValidate className="wide-form" aria-labelledby="pickup">
        <input type="hidden" name="intent" value="pickup" />
        <FormError failure={failureFor("pickup")} />
        <Checkbox
          label={t("office.pickup.point")}
          name="pickupPoint"
          failure={failureFor("pickup")}
          defaultChecked={location.pickupPoint}
          hint={t("office.pickup.pointHint")}
          disabled={!canEdit}
        />
        <Field
          label={t("office.pickup.publicName")}
          name="publicName"
          failure={failureFor("pickup")}
          defaultValue={location.publicName ?? ""}
          hint={t("office.pickup.publicNameHint", { name: location.name })}
          disabled={!canEdit}
        />
        <Field
          label={t("office.pickup.prep")}
          name="prepMinutes"
          inputMode="numeric"
          failure={failureFor("pickup")}
          defaultValue={location.pickupPrepMinutes}
          hint={t("office.pickup.prepHint")}
          disabled={!canEdit}
        />
        <Field
          label={t("office.pickup.slot")}
          name="slotMinutes"
          inputMode="numeric"
          failure={failureFor("pickup")}
          defaultValue={location.pickupSlotMinutes}
          disabled={!canEdit}
        />
        <Field
          label={t("office.pickup.capacity")}
          name="slotCapacity"
          inputMode="numeric"
          failure={failureFor("pickup")}
          defaultValue={location.pickupSlotCapacity}
          hint={t("office.pickup.capacityHint")}
          disabled={!canEdit}
        />
        {canEdit ? (
          <button type="submit" disabled={submitting}>
            {t("office.pickup.save")}
          </button>
        ) : null}
      </Form>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
