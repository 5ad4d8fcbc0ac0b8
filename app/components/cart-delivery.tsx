import { Link } from "@remix-run/react";
import { useState } from "react";
import { Checkbox, Field, type Failure } from "./ui";
import { useT } from "../lib/i18n";

export type SavedAddress = { id: string; label: string; address: string; placeLabel: string; isDefault: boolean };

/**
 * Where the cart's deliveries go. A signed-in shopper with saved addresses
 * picks one (the default first) or types a new one; the server reads the
 * picked address from the account, not from this page. A new address is
 * measured from the shopper's location, and may be kept on the account.
 */
export function DeliveryAddress({
  saved,
  signedIn,
  here,
  failure,
}: {
  saved: SavedAddress[];
  signedIn: boolean;
  here: { label: string } | null;
  failure?: Failure;
}) {
  const kept = failure?.values;
  const keptChoice = kept && "savedAddressId" in kept ? String(kept.savedAddressId ?? "") : undefined;
  const [choice, setChoice] = useState(keptChoice ?? saved.find((a) => a.isDefault)?.id ?? saved[0]?.id ?? "");
  const picked = saved.find((a) => a.id === choice);
  const error = failure?.fieldErrors?.savedAddressId;
  const t = useT();
  return (
    <>
      {saved.length ? (
        <fieldset className="saved-addresses" aria-describedby={error ? "f-savedAddressId-error" : undefined}>
          <legend>{t("store.delivery.to")}</legend>
          {saved.map((a) => (
            <label key={a.id} className="check">
              <input type="radio" name="savedAddressId" value={a.id} checked={choice === a.id} onChange={() => setChoice(a.id)} />{" "}
              <span>
                {t.rich(a.isDefault ? "store.delivery.savedDefault" : "store.delivery.saved", {
                  label: <strong translate="no">{a.label}</strong>,
                  address: <span translate="no">{a.address}</span>,
                })}
              </span>
            </label>
          ))}
          <label className="check">
            <input type="radio" name="savedAddressId" value="" checked={choice === ""} onChange={() => setChoice("")} /> {t("store.delivery.new")}
          </label>
          {error ? (
            <p className="field-error" id="f-savedAddressId-error" role="alert">
              {error}
            </p>
          ) : null}
        </fieldset>
      ) : null}
      {picked ? (
        <>
          <p className="hint">
            {t.rich("store.delivery.checkedSaved", { place: <span translate="no">{picked.placeLabel}</span> })}{" "}
            <Link to="/account/addresses">{t("store.delivery.yourAddresses")}</Link>
          </p>
          {/* The shop's refusal of this address ("delivers within 5 km"): no typed field to sit beside here, and gone once another is picked. */}
          {failure?.fieldErrors?.deliveryAddress && keptChoice === picked.id ? (
            <p className="field-error" role="alert">
              {failure.fieldErrors.deliveryAddress}
            </p>
          ) : null}
        </>
      ) : (
        <>
          <Field label={t("store.delivery.address")} name="deliveryAddress" failure={failure} required autoComplete="street-address" />
          {here ? (
            <p className="hint">
              {t.rich("store.delivery.checkedHere", { place: <span translate="no">{here.label}</span> })}{" "}
              <Link to="/near?next=/cart">{t("store.delivery.change")}</Link>
            </p>
          ) : (
            <p className="field-error" role="alert">
              {t.rich("store.delivery.setLocation", { link: (chunks) => <Link to="/near?next=/cart">{chunks}</Link> })}
            </p>
          )}
          {signedIn ? (
            <>
              <Checkbox label={t("store.delivery.saveIt")} name="saveAddress" failure={failure} />
              <Field label={t("store.delivery.nameIt")} name="saveAddressLabel" failure={failure} placeholder={t("store.delivery.home")} maxLength={40} />
            </>
          ) : null}
        </>
      )}
    </>
  );
}
