import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useRouteLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { Field, FormError } from "../components/form";
import { keepValues, parseForm, readForm } from "../lib/forms";
import { idSchema } from "../../server/schemas/common";
import { unsetIfBlank } from "../../server/schemas/form-fields";
import { redirectWithToast } from "../lib/toast.server";
import { load, toResponse } from "../lib/trpc.server";
import { hasRole } from "../../server/schemas/roles";
import { locationInputSchema } from "../../server/schemas/inventory";
import type { loader as shopLoader } from "./shop.$slug";
import { translator, useT } from "../lib/i18n";

export const meta: MetaFunction = ({ matches }) => {
  const root = matches.find((m) => m.id === "root")?.data as { locale?: "en" | "fr" } | undefined;
  return [{ title: translator(root?.locale ?? "en")("office.locations.title") }];
};

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  return load(request, () => context.trpc.inventory.locations({ shopSlug: params.slug ?? "" }));
}

/** A location's form: with its id when editing one, without to add one. */
const locationForm = locationInputSchema.extend({ locationId: unsetIfBlank(idSchema) });

export async function action({ request, params, context }: ActionFunctionArgs) {
  const shopSlug = params.slug ?? "";
  const form = await readForm(request);
  try {
    const { locationId, ...input } = parseForm(form, locationForm);
    const saved = locationId
      ? await context.trpc.inventory.updateLocation({ shopSlug, locationId, ...input })
      : await context.trpc.inventory.createLocation({ shopSlug, ...input });
    return redirectWithToast(`/shop/${shopSlug}/locations`, translator(context.locale)("office.locations.saved", { name: saved.name }));
  } catch (error) {
    return toResponse(error, request, keepValues(form));
  }
}

type Location = { id: string; name: string; addressLine1: string; city: string; postalCode: string; country: string; latitude: number; longitude: number };

function LocationFields({ failure, location }: { failure?: ReturnType<typeof useActionData<typeof action>>; location?: Location }) {
  const t = useT();
  return (
    <>
      <Field label={t("office.locations.name")} name="name" failure={failure} defaultValue={location?.name} required />
      <Field label={t("office.locations.street")} name="addressLine1" failure={failure} defaultValue={location?.addressLine1} required />
      <div className="row">
        <Field label={t("office.locations.city")} name="city" failure={failure} defaultValue={location?.city} required />
        <Field label={t("office.locations.postalCode")} name="postalCode" failure={failure} defaultValue={location?.postalCode} required />
        <Field label={t("office.locations.country")} name="country" failure={failure} defaultValue={location?.country} maxLength={2} size={3} required />
      </div>
      <div className="row">
        <Field label={t("office.locations.latitude")} name="latitude" failure={failure} defaultValue={location?.latitude} inputMode="decimal" required />
        <Field label={t("office.locations.longitude")} name="longitude" failure={failure} defaultValue={location?.longitude} inputMode="decimal" required />
      </div>
    </>
  );
}

export default function Locations() {
  const locations = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const canEdit = hasRole(useRouteLoaderData<typeof shopLoader>("routes/shop.$slug")?.role ?? "cashier", "manager");
  const t = useT();
  const editing = failure && "values" in failure ? (failure.values as Record<string, string> | undefined)?.locationId : undefined;
  return (
    <>
      <h1>{t("office.locations.heading")}</h1>
      <p className="hint">{t("office.locations.hint")}</p>
      <ul className="cards">
        {locations.map((l) => (
          <li key={l.id}>
            <details open={editing === l.id}>
              <summary>
                <strong translate="no">{l.name}</strong> ·{" "}
                <span translate="no">
                  {l.addressLine1}, {l.postalCode} {l.city} ({l.country})
                </span>{" "}
                ·{" "}
                {l.pickupPoint
                  ? l.publicName
                    ? t.rich("office.locations.pickupNamed", { name: <span translate="no">{l.publicName}</span> })
                    : t("office.locations.pickup")
                  : t("office.locations.internal")}
              </summary>

              {canEdit ? (
                <Form method="post" noValidate className="wide-form">
                  <input type="hidden" name="locationId" value={l.id} />
                  {editing === l.id ? <FormError failure={failure} /> : null}
                  <LocationFields failure={editing === l.id ? failure : undefined} location={l} />
                  <button type="submit" disabled={busy}>
                    {t.rich("office.locations.save", { name: <span translate="no">{l.name}</span> })}
                  </button>
                </Form>
              ) : null}
            </details>
            <Link to={l.id}>{t.rich("office.locations.hoursLink", { name: <span translate="no">{l.name}</span> })}</Link>
          </li>
        ))}
      </ul>
      {canEdit ? (
        <details open={Boolean(failure && !editing)}>
          <summary className="button secondary">{t("office.locations.add")}</summary>
          <Form method="post" noValidate className="wide-form">
            {!editing ? <FormError failure={failure} /> : null}
            <LocationFields failure={!editing ? failure : undefined} />
            <button type="submit" disabled={busy}>
              {t("office.locations.addButton")}
            </button>
          </Form>
        </details>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
