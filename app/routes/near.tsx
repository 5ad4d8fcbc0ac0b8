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

export const meta: MetaFunction = () => [{ title: "Set your location · Nearshop" }];

const RADII = [2, 5, 10, 25, 50, SEARCH_LIMITS.maxRadiusKm];

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  return { here: await savedLocation(request), returnTo: safeReturnPath(url.searchParams.get("returnTo")) };
}

type Place = { name: string; country: string; lat: number; lng: number };
const labelOf = (p: Place) => (p.country ? `${p.name}, ${p.country}` : p.name);

const radiusMessage = `Choose a radius up to ${SEARCH_LIMITS.maxRadiusKm} km`;

/** The place typed or picked, the radius, where to go back to, and the browser's position when "Use my location" filled it in. */
const nearForm = z.object({
  place: z.string().trim().max(200, "Place: 200 characters at most").default(""),
  radiusKm: unsetIfBlank(numberField("Radius", "10", z.number().gt(0, radiusMessage).max(SEARCH_LIMITS.maxRadiusKm, radiusMessage))).transform(
    (r) => r ?? SEARCH_LIMITS.defaultRadiusKm,
  ),
  returnTo: z.string().default(""),
  lat: unsetIfBlank(z.string()),
  lng: unsetIfBlank(z.string()),
});

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  let input: z.output<typeof nearForm>;
  try {
    input = parseForm(form, nearForm);
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
    if (!parsed.success) return data({ fieldErrors: { place: parsed.error.issues[0]?.message ?? "Not a valid position" }, values }, { status: 400 });
    point = { ...parsed.data, label: text || "My location" };
  } else {
    if (!text) return data({ fieldErrors: { place: "Type a town, a postcode, or coordinates like 48.85, 2.35" }, values }, { status: 400 });
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
            place: `We do not know a place or postcode "${text}". Try a nearby town, a French, US or Canadian postcode, or coordinates like 48.85, 2.35.`,
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

  function locateMe() {
    if (!navigator.geolocation) return setLocating("Your browser cannot share its location; type a place instead.");
    setLocating("Asking your browser for your location…");
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        const form = formRef.current;
        if (!form) return;
        (form.elements.namedItem("lat") as HTMLInputElement).value = String(pos.coords.latitude);
        (form.elements.namedItem("lng") as HTMLInputElement).value = String(pos.coords.longitude);
        (form.elements.namedItem("place") as HTMLInputElement).value = "My location";
        form.requestSubmit();
      },
      () => setLocating("Your location was not shared; type a place instead."),
      { timeout: 10_000 },
    );
  }

  const suggestions = Array.isArray(places.data) ? places.data : [];
  return (
    <main className="narrow">
      <h1>Where are you?</h1>
      {here ? (
        <p className="muted">
          Now: {here.label}, within {here.radiusKm} km.
        </p>
      ) : null}
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
          <label htmlFor="place">Town, city, postcode or coordinates</label>
          <input
            id="place"
            name="place"
            list="place-options"
            autoComplete="off"
            defaultValue={result && "values" in result ? String((result.values as { place?: string })?.place ?? "") : ""}
            placeholder="Paris, 75001, or 48.8566, 2.3522"
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
          <label htmlFor="radiusKm">Search within</label>
          <select id="radiusKm" name="radiusKm" defaultValue={here?.radiusKm ?? SEARCH_LIMITS.defaultRadiusKm}>
            {RADII.map((r) => (
              <option key={r} value={r}>
                {r} km
              </option>
            ))}
          </select>
          {errors?.radiusKm ? <span className="field-error">{errors.radiusKm}</span> : null}
        </div>
        <p className="actions">
          <button type="submit" disabled={navigation.state !== "idle"}>
            Use this place
          </button>
          <button type="button" className="secondary" onClick={locateMe}>
            Use my location
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
