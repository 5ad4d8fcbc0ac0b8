import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useFetcher, useLoaderData, useNavigation } from "@remix-run/react";
import { useRef, useState } from "react";
import { pointSchema, SEARCH_LIMITS } from "../../server/schemas/search";
import { safeReturnPath, saveLocation, savedLocation } from "../lib/location.server";
import { toResponse } from "../lib/trpc.server";
import { keepValues, parseForm, readForm } from "../lib/forms";
import { z } from "zod";
import { numberField, unsetIfBlank } from "../../server/schemas/form-fields";
import { translator, useFormat, useT, type T } from "../lib/i18n";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: translator(data?.locale ?? "en")("store.near.title") }];

const RADII = [2, 5, 10, 25, 50, SEARCH_LIMITS.maxRadiusKm];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  return { here: await savedLocation(request), returnTo: safeReturnPath(url.searchParams.get("returnTo")), locale: context.locale };
}

type Place = { name: string; country: string; lat: number; lng: number };
const labelOf = (p: Place) => (p.country ? `${p.name}, ${p.country}` : p.name);

/** The place typed or picked, the radius, where to go back to, and the browser's position when "Use my location" filled it in. */
function nearForm(t: T) {
  const radiusMessage = t("store.near.radiusMax", { max: SEARCH_LIMITS.maxRadiusKm });
  return z.object({
    place: z.string().trim().max(200, t("store.near.placeTooLong")).default(""),
    radiusKm: unsetIfBlank(numberField(t("store.near.radius"), "10", z.number().gt(0, radiusMessage).max(SEARCH_LIMITS.maxRadiusKm, radiusMessage))).transform(
      (r) => r ?? SEARCH_LIMITS.defaultRadiusKm,
    ),
    returnTo: z.string().default(""),
    lat: unsetIfBlank(z.string()),
    lng: unsetIfBlank(z.string()),
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const t = translator(context.locale);
  let input: z.output<ReturnType<typeof nearForm>>;
  try {
    input = parseForm(form, nearForm(t));
  } catch (error) {
    return toResponse(error, request);
  }
  const { place: text, radiusKm } = input;
  const returnTo = safeReturnPath(input.returnTo);
  const values = keepValues(form);
  let point: { lat: number; lng: number; label: string } | null = null;
  if (input.lat && input.lng) {
    // "Use my location": the browser's coordinates.
    const parsed = pointSchema.safeParse({ lat: input.lat, lng: input.lng });
    if (!parsed.success) return data({ fieldErrors: { place: parsed.error.issues[0]?.message ?? t("store.near.badPosition") }, values }, { status: 400 });
    point = { ...parsed.data, label: text || t("store.near.myLocation") };
  } else {
    if (!text) return data({ fieldErrors: { place: t("store.near.placeMissing") }, values }, { status: 400 });
    // "Paris, FR" from the list, or whatever was typed.
    const [name, country] = text.split(/,\s*(?=[A-Z]{2}$)/);
    let places: Place[];
    try {
      places = await context.trpc.discovery.places({ q: name ?? text });
    } catch (error) {
      return toResponse(error, request, values);
    }
    const best = places.find((p) => !country || p.country === country) ?? places[0];
    if (!best)
      return data(
        {
          fieldErrors: {
            place: t("store.near.unknownPlace", { place: text }),
          },
          values,
        },
        { status: 400 },
      );
    point = { lat: best.lat, lng: best.lng, label: labelOf(best) };
  }
  return redirect(returnTo, { headers: { "Set-Cookie": await saveLocation({ ...point, radiusKm }) } });
}

export default function Near() {
  const { here, returnTo } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result && "fieldErrors" in result ? (result.fieldErrors as Record<string, string>) : undefined;
  const formError = result && "formError" in result ? String(result.formError) : undefined;
  const places = useFetcher<Place[] | { error: string }>();
  const navigation = useNavigation();
  const formRef = useRef<HTMLFormElement>(null);
  const [locating, setLocating] = useState<string | null>(null);
  const typing = useRef<ReturnType<typeof setTimeout>>(undefined);
  const t = useT();
  const f = useFormat();

  function locateMe() {
    if (!navigator.geolocation) return setLocating(t("store.near.cannotLocate"));
    setLocating(t("store.near.locating"));
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        const form = formRef.current;
        if (!form) return;
        (form.elements.namedItem("lat") as HTMLInputElement).value = String(pos.coords.latitude);
        (form.elements.namedItem("lng") as HTMLInputElement).value = String(pos.coords.longitude);
        (form.elements.namedItem("place") as HTMLInputElement).value = t("store.near.myLocation");
        form.requestSubmit();
      },
      () => setLocating(t("store.near.notShared")),
      { timeout: 10_000 },
    );
  }

  const suggestions = Array.isArray(places.data) ? places.data : [];
  return (
    <main className="narrow">
      <h1>{t("store.near.heading")}</h1>
      {here ? <p className="muted">{t.rich("store.near.now", { place: <span translate="no">{here.label}</span>, radius: f.number(here.radiusKm) })}</p> : null}
      <Form method="post" ref={formRef} className="wide-form" replace>
        <input type="hidden" name="returnTo" value={returnTo} />
        <input type="hidden" name="lat" />
        <input type="hidden" name="lng" />
        {formError ? (
          <p className="form-error" role="alert">
            {formError}
          </p>
        ) : null}
        <div className="field">
          <label htmlFor="place">{t("store.near.placeLabel")}</label>
          <input
            id="place"
            name="place"
            list="place-options"
            autoComplete="off"
            defaultValue={result && "values" in result ? String((result.values as { place?: string })?.place ?? "") : ""}
            placeholder={t("store.near.placePlaceholder")}
            aria-invalid={errors?.place ? true : undefined}
            aria-describedby={errors?.place ? "place-error" : undefined}
            onChange={(e) => {
              // Asks once typing pauses: fewer requests, and no older answer landing after a newer one.
              const q = e.currentTarget.value.trim();
              clearTimeout(typing.current);
              if (q.length >= 2) typing.current = setTimeout(() => places.load(`/places?q=${encodeURIComponent(q)}`), 150);
            }}
          />
          <datalist id="place-options">
            {suggestions.map((p) => (
              <option key={`${p.name}-${p.country}-${p.lat}`} value={labelOf(p)} />
            ))}
          </datalist>
          {errors?.place ? (
            <span id="place-error" className="field-error">
              {errors.place}
            </span>
          ) : null}
          {places.data && !Array.isArray(places.data) ? <span className="field-error">{places.data.error}</span> : null}
        </div>
        <div className="field">
          <label htmlFor="radiusKm">{t("store.near.within")}</label>
          <select id="radiusKm" name="radiusKm" defaultValue={here?.radiusKm ?? SEARCH_LIMITS.defaultRadiusKm}>
            {RADII.map((r) => (
              <option key={r} value={r}>
                {f.number(r)} km
              </option>
            ))}
          </select>
          {errors?.radiusKm ? <span className="field-error">{errors.radiusKm}</span> : null}
        </div>
        <p className="actions">
          <button type="submit" disabled={navigation.state !== "idle"}>
            {t("store.near.usePlace")}
          </button>
          <button type="button" className="secondary" onClick={locateMe}>
            {t("store.near.useMine")}
          </button>
        </p>
        {locating ? (
          <p className="muted" role="status">
            {locating}
          </p>
        ) : null}
      </Form>
    </main>
  );
}
