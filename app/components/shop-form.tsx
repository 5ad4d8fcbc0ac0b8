import { Field } from "./form";

type Failure = Parameters<typeof Field>[0]["failure"];
type Shop = Partial<Record<string, string | number | null>>;

const TIME_ZONES = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];

/** The shop's details; sign-up prefixes the names with "shop.". */
export function ShopFields({ failure, prefix = "", shop = {} }: { failure?: Failure; prefix?: string; shop?: Shop }) {
  const n = (k: string) => `${prefix}${k}`;
  return (
    <>
      <Field label="Shop name" name={n("name")} failure={failure} defaultValue={shop.name} required maxLength={100} />
      <Field label="Shop address on Nearshop" name={n("slug")} failure={failure} defaultValue={shop.slug} required maxLength={50}
        hint="Lowercase letters, digits and hyphens: nearshop.example/shop/corner-bakery" />
      <div className="row">
        <Field label="Currency" name={n("currency")} failure={failure} defaultValue={shop.currency ?? "EUR"} required maxLength={3} />
        <Field label="Time zone" name={n("timezone")} failure={failure} defaultValue={shop.timezone ?? "Europe/Paris"} required list="time-zones" />
        <datalist id="time-zones">
          {TIME_ZONES.map((tz) => (
            <option key={tz} value={tz} />
          ))}
        </datalist>
      </div>
      <Field label="Street address" name={n("addressLine1")} failure={failure} defaultValue={shop.addressLine1} required />
      <Field label="Address line 2 (optional)" name={n("addressLine2")} failure={failure} defaultValue={shop.addressLine2} />
      <div className="row">
        <Field label="City" name={n("city")} failure={failure} defaultValue={shop.city} required />
        <Field label="Postal code" name={n("postalCode")} failure={failure} defaultValue={shop.postalCode} required />
        <Field label="Country code" name={n("country")} failure={failure} defaultValue={shop.country} required maxLength={2} />
      </div>
      <div className="row">
        <Field label="Latitude" name={n("latitude")} failure={failure} defaultValue={shop.latitude} required inputMode="decimal" />
        <Field label="Longitude" name={n("longitude")} failure={failure} defaultValue={shop.longitude} required inputMode="decimal" />
      </div>
      <div className="row">
        <Field label="Contact email (optional)" name={n("email")} type="email" failure={failure} defaultValue={shop.email} />
        <Field label="Phone (optional)" name={n("phone")} failure={failure} defaultValue={shop.phone} />
      </div>
    </>
  );
}
