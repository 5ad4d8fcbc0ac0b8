import { Field } from "./form";
import { Combobox, Select } from "./ui";

type Failure = Parameters<typeof Field>[0]["failure"];
type Shop = Partial<Record<string, string | number | null>>;

const LANGUAGES = [
  { value: "fr", label: "French" },
  { value: "en", label: "English" },
];

const TIME_ZONES = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];

const LABELS: Record<string, string> = {
  name: "Shop name",
  slug: "Shop address on Nearshop",
  currency: "Currency",
  timezone: "Time zone",
  addressLine1: "Street address",
  addressLine2: "Address line 2",
  city: "City",
  postalCode: "Postal code",
  country: "Country code",
  language: "Language of the catalog",
  latitude: "Latitude",
  longitude: "Longitude",
  email: "Contact email",
  phone: "Phone",
};

/** The shop fields' names for an error summary, with sign-up's "shop." prefix if any. */
export const shopFieldLabels = (prefix = "") => Object.fromEntries(Object.entries(LABELS).map(([k, v]) => [`${prefix}${k}`, v]));

/** The shop's details; sign-up prefixes the names with "shop.". */
export function ShopFields({ failure, prefix = "", shop = {} }: { failure?: Failure; prefix?: string; shop?: Shop }) {
  const n = (k: string) => `${prefix}${k}`;
  return (
    <>
      <Field label="Shop name" name={n("name")} failure={failure} defaultValue={shop.name} required maxLength={100} />
      <Field
        label="Shop address on Nearshop"
        name={n("slug")}
        failure={failure}
        defaultValue={shop.slug}
        required
        maxLength={50}
        hint="Lowercase letters, digits and hyphens: nearshop.example/shop/corner-bakery"
      />
      <div className="row">
        <Field label="Currency" name={n("currency")} failure={failure} defaultValue={shop.currency ?? "EUR"} required maxLength={3} />
        <TimeZoneField name={n("timezone")} failure={failure} value={typeof shop.timezone === "string" ? shop.timezone : "Europe/Paris"} />
      </div>
      <Field label="Street address" name={n("addressLine1")} failure={failure} defaultValue={shop.addressLine1} required />
      <Field label="Address line 2 (optional)" name={n("addressLine2")} failure={failure} defaultValue={shop.addressLine2} />
      <div className="row">
        <Field label="City" name={n("city")} failure={failure} defaultValue={shop.city} required />
        <Field label="Postal code" name={n("postalCode")} failure={failure} defaultValue={shop.postalCode} required />
        <Field label="Country code" name={n("country")} failure={failure} defaultValue={shop.country} required maxLength={2} />
      </div>
      <Select
        label="Language of the catalog"
        name={n("language")}
        failure={failure}
        defaultValue={typeof shop.language === "string" ? shop.language : ""}
        options={[...(typeof shop.language === "string" ? [] : [{ value: "", label: "From the country (French in FR, BE, LU, MC)" }]), ...LANGUAGES]}
        hint="Search understands your products' words in this language: “tartes aux pommes” finds “Tarte aux pommes”."
      />
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

/** The time zone picked from a filtered list; the shop's own zone is always one of the options, whatever the browser knows. */
function TimeZoneField({ name, failure, value }: { name: string; failure?: Failure; value: string }) {
  const zones = TIME_ZONES.includes(value) ? TIME_ZONES : [value, ...TIME_ZONES];
  return (
    <Combobox
      label="Time zone"
      name={name}
      failure={failure}
      defaultValue={value}
      placeholder="Type a city, e.g. Paris"
      options={zones.map((tz) => ({ value: tz, label: tz.replace(/_/g, " ") }))}
    />
  );
}
