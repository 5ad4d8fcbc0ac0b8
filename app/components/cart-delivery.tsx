import { Link } from "@remix-run/react";
import { useState } from "react";
import { Checkbox, Field, type Failure } from "./ui";

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
  return (
    <>
      {saved.length ? (
        <fieldset className="saved-addresses" aria-describedby={error ? "f-savedAddressId-error" : undefined}>
          <legend>Deliver to</legend>
          {saved.map((a) => (
            <label key={a.id} className="check">
              <input type="radio" name="savedAddressId" value={a.id} checked={choice === a.id} onChange={() => setChoice(a.id)} />{" "}
              <span>
                <strong>{a.label}</strong>
                {a.isDefault ? " (default)" : ""}: {a.address}
              </span>
            </label>
          ))}
          <label className="check">
            <input type="radio" name="savedAddressId" value="" checked={choice === ""} onChange={() => setChoice("")} /> A new address
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
            Distance checked from {picked.placeLabel}, as saved with this address. <Link to="/account/addresses">Your addresses</Link>
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
          <Field label="Delivery address" name="deliveryAddress" failure={failure} required autoComplete="street-address" />
          {here ? (
            <p className="hint">
              Distance checked from your location: {here.label}. <Link to="/near?next=/cart">Change</Link>
            </p>
          ) : (
            <p className="field-error" role="alert">
              Set your location first: <Link to="/near?next=/cart">choose where you are</Link>.
            </p>
          )}
          {signedIn ? (
            <>
              <Checkbox label="Save this address to my account" name="saveAddress" failure={failure} />
              <Field label="Name it (optional)" name="saveAddressLabel" failure={failure} placeholder="Home" maxLength={40} />
            </>
          ) : null}
        </>
      )}
    </>
  );
}
