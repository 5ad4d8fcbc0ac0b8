import { Field } from "./form";
import { Combobox, Select } from "./ui";
import { translator, useT, type T, type WebKey } from "../lib/i18n";

type Failure = Parameters<typeof Field>[0]["failure"];
type Shop = Partial<Record<string, string | number | null>>;

const TIME_ZONES = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];

const LABELS: Record<string, WebKey> = {
  name: "settings.field.name",
  slug: "settings.field.slug",
  currency: "settings.field.currency",
  timezone: "settings.field.timezone",
  addressLine1: "settings.field.addressLine1",
  addressLine2: "settings.field.addressLine2",
  city: "settings.field.city",
  postalCode: "settings.field.postalCode",
  country: "settings.field.country",
  language: "settings.field.language",
  latitude: "settings.field.latitude",
  longitude: "settings.field.longitude",
  email: "settings.field.email",
  phone: "settings.field.phone",
};

/** The shop fields' names for an error summary, with sign-up's "shop." prefix if any, in the page's language. */
export const shopFieldLabels = (prefix = "", t: T = translator("en")) => Object.fromEntries(Object.entries(LABELS).map(([k, v]) => [`${prefix}${k}`, t(v)]));

/** The shop's details; sign-up prefixes the names with "shop.". */
export function ShopFields({ failure, prefix = "", shop = {} }: { failure?: Failure; prefix?: string; shop?: Shop }) {
  const n = (k: string) => `${prefix}${k}`;
  const t = useT();
  const languages = [
    { value: "fr", label: t("settings.language.fr") },
    { value: "en", label: t("settings.language.en") },
  ];
  return (
    <>
      <Field label={t("settings.field.name")} name={n("name")} failure={failure} defaultValue={shop.name} required maxLength={100} />
      <Field
        label={t("settings.field.slug")}
        name={n("slug")}
        failure={failure}
        defaultValue={shop.slug}
        required
        maxLength={50}
        hint={t.rich("settings.field.slugHint", { example: <span translate="no">nearshop.example/shop/corner-bakery</span> })}
      />
      <div className="row">
        <Field label={t("settings.field.currency")} name={n("currency")} failure={failure} defaultValue={shop.currency ?? "EUR"} required maxLength={3} />
        <TimeZoneField name={n("timezone")} failure={failure} value={typeof shop.timezone === "string" ? shop.timezone : "Europe/Paris"} />
      </div>
      <Field label={t("settings.field.addressLine1")} name={n("addressLine1")} failure={failure} defaultValue={shop.addressLine1} required />
      <Field label={t("settings.field.addressLine2Optional")} name={n("addressLine2")} failure={failure} defaultValue={shop.addressLine2} />
      <div className="row">
        <Field label={t("settings.field.city")} name={n("city")} failure={failure} defaultValue={shop.city} required />
        <Field label={t("settings.field.postalCode")} name={n("postalCode")} failure={failure} defaultValue={shop.postalCode} required />
        <Field label={t("settings.field.country")} name={n("country")} failure={failure} defaultValue={shop.country} required maxLength={2} />
      </div>
      <Select
        label={t("settings.field.language")}
        name={n("language")}
        failure={failure}
        defaultValue={typeof shop.language === "string" ? shop.language : ""}
        options={[...(typeof shop.language === "string" ? [] : [{ value: "", label: t("settings.field.fromCountry") }]), ...languages]}
        hint={t("settings.field.languageHint")}
      />
      <div className="row">
        <Field label={t("settings.field.latitude")} name={n("latitude")} failure={failure} defaultValue={shop.latitude} required inputMode="decimal" />
        <Field label={t("settings.field.longitude")} name={n("longitude")} failure={failure} defaultValue={shop.longitude} required inputMode="decimal" />
      </div>
      <div className="row">
        <Field label={t("settings.field.emailOptional")} name={n("email")} type="email" failure={failure} defaultValue={shop.email} />
        <Field label={t("settings.field.phoneOptional")} name={n("phone")} failure={failure} defaultValue={shop.phone} />
      </div>
    </>
  );
}

/** The time zone picked from a filtered list; the shop's own zone is always one of the options, whatever the browser knows. */
function TimeZoneField({ name, failure, value }: { name: string; failure?: Failure; value: string }) {
  const zones = TIME_ZONES.includes(value) ? TIME_ZONES : [value, ...TIME_ZONES];
  const t = useT();
  return (
    <Combobox
      label={t("settings.field.timezone")}
      name={name}
      failure={failure}
      defaultValue={value}
      placeholder={t("settings.field.timezonePlaceholder")}
      options={zones.map((tz) => ({ value: tz, label: tz.replace(/_/g, " ") }))}
    />
  );
}
