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
import { formatShopTimeNamed, zoneName } from "../lib/time";
import type { loader as shopLoader } from "./shop.$slug";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.settings.location.name ?? "Location"} · Hours and pickup · Nearshop` }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const shopSlug = params.slug ?? "";
  return load(request, async () => ({ settings: await context.trpc.inventory.locationSettings({ shopSlug, locationId: params.locationId ?? "" }) }));
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
  try {
    const input = parseForm(form, pageForm);
    const base = { shopSlug, locationId };
    switch (input.intent) {
      case "hours": {
        await context.trpc.inventory.setHours({ ...base, hours: input.hours });
        return redirectWithToast(here, "Opening hours saved.");
      }
      case "exception": {
        const { intent: _, ...rest } = input;
        const saved = await context.trpc.inventory.setException({ ...base, ...rest });
        return redirectWithToast(here, saved.closed ? `Closed on ${saved.day}.` : `Hours for ${saved.day} saved.`);
      }
      case "removeException": {
        await context.trpc.inventory.removeException({ ...base, day: input.day });
        return redirectWithToast(here, `${input.day} follows the week again.`);
      }
      case "pause": {
        const { intent: _, ...rest } = input;
        const { until } = await context.trpc.inventory.pauseOrders({ ...base, ...pauseInputOf(rest) });
        const { shop } = await context.trpc.shops.current({ shopSlug });
        return redirectWithToast(here, `Online orders paused here until ${formatShopTimeNamed(until, shop.timezone)}.`);
      }
      case "resume": {
        await context.trpc.inventory.resumeOrders(base);
        return redirectWithToast(here, "Online orders are open here again.");
      }
      case "pickup": {
        const { intent: _, ...rest } = input;
        await context.trpc.inventory.setPickup({ ...base, ...rest });
        return redirectWithToast(here, "Pickup settings saved.");
      }
    }
  } catch (error) {
    return toResponse(error, request, keepValues(form));
  }
}

const DAY_LABELS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"] as const;

export default function LocationSettings() {
  const { settings } = useLoaderData<typeof loader>();
  const { location, hours, exceptions, timezone } = settings;
  const result = useActionData<typeof action>() as ActionFailure | undefined;
  const submitting = useNavigation().state === "submitting";
  const canEdit = hasRole(useRouteLoaderData<typeof shopLoader>("routes/shop.$slug")?.role ?? "cashier", "manager");
  const failureFor = (intent: string) => (result?.values?.intent === intent ? result : undefined);
  const slug = useRouteLoaderData<typeof shopLoader>("routes/shop.$slug")?.shop.slug ?? "";
  return (
    <>
      <p>
        <Link to={`/shop/${slug}/locations`}>← Locations</Link>
      </p>
      <h1>{location.name}: hours and pickup</h1>
      <p className="hint">
        {location.addressLine1}, {location.city}. Times are 24-hour, in the shop&apos;s time zone ({zoneName(timezone)}, {timezone}).
      </p>

      <h2 id="pause">Online orders here</h2>
      {location.ordersPausedUntil && new Date(location.ordersPausedUntil) > new Date() ? (
        <>
          <p role="status" className="paused-notice">
            Paused until {formatShopTimeNamed(location.ordersPausedUntil, timezone)}
            {location.ordersPausedNote ? `: "${location.ordersPausedNote}"` : ""}. Customers see this on the shop page, and checkout offers no pickup here until
            then.
          </p>
          {canEdit ? (
            <Form method="post" className="inline-form">
              <input type="hidden" name="intent" value="resume" />
              <button type="submit" disabled={submitting}>
                Take online orders again now
              </button>
            </Form>
          ) : null}
        </>
      ) : canEdit ? (
        <Form method="post" noValidate className="wide-form" aria-labelledby="pause">
          <input type="hidden" name="intent" value="pause" />
          <FormError failure={failureFor("pause")} />
          <p className="hint">A rush or a breakdown: stop new online orders here for a while. Orders already placed are not touched.</p>
          <label>
            Pause for{" "}
            <select name="pauseFor" defaultValue="30">
              <option value="15">15 minutes</option>
              <option value="30">30 minutes</option>
              <option value="60">1 hour</option>
              <option value="120">2 hours</option>
              <option value="240">4 hours</option>
              <option value="today">the rest of today</option>
            </select>
          </label>
          <Field
            label="Note for customers (optional)"
            id="f-pause-note"
            name="note"
            maxLength={200}
            failure={failureFor("pause")}
            hint='Like "Oven repair: back at 14:00".'
          />
          <button type="submit" disabled={submitting}>
            Pause online orders
          </button>
        </Form>
      ) : (
        <p>Taking online orders.</p>
      )}

      <h2 id="hours">Opening hours</h2>
      <Form method="post" noValidate className="wide-form" aria-labelledby="hours">
        <input type="hidden" name="intent" value="hours" />
        <FormError failure={failureFor("hours")} />
        <p className="hint">
          Write each day like 09:00-12:30, 14:00-19:00. Leave a day empty when closed. A closing time before the opening time runs past midnight (22:00-02:00).
        </p>
        {WEEKDAY_KEYS.map((k, i) => (
          <Field key={k} label={DAY_LABELS[i]} name={`hours.${k}`} failure={failureFor("hours")} defaultValue={hours[k]} disabled={!canEdit} />
        ))}
        {canEdit ? (
          <button type="submit" disabled={submitting}>
            Save opening hours
          </button>
        ) : null}
      </Form>

      <h2 id="exceptions">Holidays and other days</h2>
      {exceptions.length ? (
        <ul className="cards">
          {exceptions.map((e) => (
            <li key={e.day}>
              <strong>{e.day}</strong>: {e.closed ? "Closed" : e.hours}
              {e.note ? ` · ${e.note}` : ""}
              {canEdit ? (
                <Form method="post" className="inline-form">
                  <input type="hidden" name="intent" value="removeException" />
                  <input type="hidden" name="day" value={e.day} />
                  <button type="submit" className="secondary" disabled={submitting}>
                    Remove {e.day}
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="hint">No day differs from the week.</p>
      )}
      {canEdit ? (
        <Form method="post" noValidate className="wide-form" aria-label="Add a holiday or other hours">
          <input type="hidden" name="intent" value="exception" />
          <FormError failure={failureFor("exception")} />
          <Field label="Date" name="day" type="date" failure={failureFor("exception")} required />
          <Field label="Hours that day" name="hours" failure={failureFor("exception")} hint="Empty: closed all day. Or e.g. 10:00-13:00." />
          <Field label="Note" name="note" failure={failureFor("exception")} hint="e.g. Christmas" maxLength={120} />
          <button type="submit" disabled={submitting}>
            Save this day
          </button>
        </Form>
      ) : null}

      <h2 id="pickup">Pickup</h2>
      <Form method="post" noValidate className="wide-form" aria-labelledby="pickup">
        <input type="hidden" name="intent" value="pickup" />
        <FormError failure={failureFor("pickup")} />
        <Checkbox
          label="Customers can collect orders here"
          name="pickupPoint"
          failure={failureFor("pickup")}
          defaultChecked={location.pickupPoint}
          hint="Off for a back room or warehouse: customers never see it."
          disabled={!canEdit}
        />
        <Field
          label="Name customers see"
          name="publicName"
          failure={failureFor("pickup")}
          defaultValue={location.publicName ?? ""}
          hint={`Empty: "${location.name}".`}
          disabled={!canEdit}
        />
        <Field
          label="Preparation time (minutes)"
          name="prepMinutes"
          inputMode="numeric"
          failure={failureFor("pickup")}
          defaultValue={location.pickupPrepMinutes}
          hint="The first slot offered starts at least this long after the order."
          disabled={!canEdit}
        />
        <Field
          label="Slot length (minutes)"
          name="slotMinutes"
          inputMode="numeric"
          failure={failureFor("pickup")}
          defaultValue={location.pickupSlotMinutes}
          disabled={!canEdit}
        />
        <Field
          label="Orders per slot"
          name="slotCapacity"
          inputMode="numeric"
          failure={failureFor("pickup")}
          defaultValue={location.pickupSlotCapacity}
          hint="A full slot is not offered at checkout."
          disabled={!canEdit}
        />
        {canEdit ? (
          <button type="submit" disabled={submitting}>
            Save pickup settings
          </button>
        ) : null}
      </Form>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
