import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { z } from "zod";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { Badge, Button, Checkbox, ConfirmButton, Field, FormError } from "../components/ui";
import { keepValues, parseForm, readForm } from "../lib/forms";
import { savedLocation } from "../lib/location.server";
import { redirectWithToast } from "../lib/toast.server";
import { load, toResponse } from "../lib/trpc.server";
import { requireParams } from "../lib/url-params";
import { addressIdSchema, MAX_SAVED_ADDRESSES, savedAddressSchema, updateAddressSchema } from "../../server/schemas/addresses";
import { idSchema } from "../../server/schemas/common";
import { checkbox, UNKNOWN_INTENT } from "../../server/schemas/form-fields";

export const meta: MetaFunction = () => [{ title: "Delivery addresses · Your account · Nearshop" }];

const here = "/account/addresses";

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (!context.user) throw redirect(`/login?next=${here}`);
  const { edit } = requireParams(request, z.object({ edit: idSchema.optional() }), { edit: "Address to edit" });
  const addresses = await load(request, () => context.trpc.shopper.addresses());
  const editing = edit ? addresses.find((a) => a.id === edit) : undefined;
  if (edit && !editing) throw new Response("That address is not one of yours, or it was deleted.", { status: 404, statusText: "Not Found" });
  const location = await savedLocation(request);
  return { addresses, editing: editing ?? null, place: location?.label ?? "" };
}

/** The page's forms: an address added or changed, one deleted, one made the default. */
const addressesForm = z.discriminatedUnion(
  "intent",
  [
    savedAddressSchema.extend({ intent: z.literal("add"), makeDefault: checkbox }),
    updateAddressSchema.extend({ intent: z.literal("edit"), makeDefault: checkbox }),
    addressIdSchema.extend({ intent: z.literal("delete") }),
    addressIdSchema.extend({ intent: z.literal("default") }),
  ],
  UNKNOWN_INTENT,
);

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  try {
    // The address id is hidden: a message about it is said at the top.
    const input = parseForm(form, addressesForm, { beside: ["label", "address", "place", "makeDefault"] });
    switch (input.intent) {
      case "add": {
        const { intent: _, ...address } = input;
        const saved = await context.trpc.shopper.addAddress(address);
        return redirectWithToast(here, `${saved.label} is saved${saved.isDefault ? " as your default address" : ""}.`);
      }
      case "edit": {
        const { intent: _, ...address } = input;
        const saved = await context.trpc.shopper.updateAddress(address);
        return redirectWithToast(here, `${saved.label} is updated.`);
      }
      case "delete": {
        const gone = await context.trpc.shopper.deleteAddress({ addressId: input.addressId });
        return redirectWithToast(here, `${gone.label} is deleted.`);
      }
      case "default": {
        const saved = await context.trpc.shopper.setDefaultAddress({ addressId: input.addressId });
        return redirectWithToast(here, `${saved.label} is now your default address.`);
      }
    }
  } catch (error) {
    return toResponse(error, request, keepValues(form));
  }
}

export default function Addresses() {
  const { addresses, editing, place } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const full = addresses.length >= MAX_SAVED_ADDRESSES;
  return (
    <main className="narrow">
      <p>
        <Link to="/account">← Your account</Link>
      </p>
      <h1>Delivery addresses</h1>
      <p className="hint">
        Offered at checkout when you choose delivery, your default first. Keep up to {MAX_SAVED_ADDRESSES}. The town or postcode is where the shop measures its
        delivery distance from.
      </p>
      {addresses.length ? (
        <ul className="preferences saved-address-list" aria-label="Your delivery addresses">
          {addresses.map((a) => (
            <li key={a.id}>
              <span>
                <strong>{a.label}</strong> {a.isDefault ? <Badge tone="success">Default</Badge> : null}
                <br />
                {a.address}
                <br />
                <small className="muted">Distance from {a.placeLabel}</small>
              </span>
              <span className="actions">
                <Link to={`?edit=${a.id}`} className="button secondary" aria-label={`Edit ${a.label}`}>
                  Edit
                </Link>
                {a.isDefault ? null : (
                  <Form method="post" className="inline">
                    <input type="hidden" name="intent" value="default" />
                    <input type="hidden" name="addressId" value={a.id} />
                    <Button variant="secondary" match={{ intent: "default", addressId: a.id }} aria-label={`Make ${a.label} the default`}>
                      Make default
                    </Button>
                  </Form>
                )}
                <Form method="post" className="inline">
                  <input type="hidden" name="intent" value="delete" />
                  <input type="hidden" name="addressId" value={a.id} />
                  <ConfirmButton
                    title={`Delete ${a.label}?`}
                    message={`${a.address} will no longer be offered at checkout. Orders already placed keep their address.`}
                    confirmLabel="Delete address"
                    pendingLabel="Deleting…"
                  >
                    Delete {a.label}
                  </ConfirmButton>
                </Form>
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="empty">No saved addresses yet. Add one below, or tick &quot;Save this address to my account&quot; when you check out a delivery.</p>
      )}

      {editing ? (
        <section aria-labelledby="edit-address">
          <h2 id="edit-address">Edit {editing.label}</h2>
          <AddressForm key={`${editing.id}-${String(editing.updatedAt)}`} intent="edit" failure={failure} values={editing}>
            <input type="hidden" name="addressId" value={editing.id} />
          </AddressForm>
          <p>
            <Link to={here}>Cancel</Link>
          </p>
        </section>
      ) : full ? (
        <p className="hint">You keep {MAX_SAVED_ADDRESSES} addresses, the most there is room for: delete one to add another.</p>
      ) : (
        <section aria-labelledby="add-address">
          <h2 id="add-address">Add an address</h2>
          {/* Keyed on the list: once an address is saved, the form starts empty again. */}
          <AddressForm
            key={addresses.map((a) => a.id).join()}
            intent="add"
            first={addresses.length === 0}
            failure={failure}
            values={{ label: addresses.length ? "" : "Home", address: "", placeLabel: place, isDefault: false }}
          />
        </section>
      )}
    </main>
  );
}

function AddressForm({
  intent,
  failure,
  values,
  first = false,
  children,
}: {
  intent: "add" | "edit";
  first?: boolean;
  failure: ReturnType<typeof useActionData<typeof action>>;
  values: { label: string; address: string; placeLabel: string; isDefault: boolean };
  children?: ReactNode;
}) {
  // A refused form of the other kind keeps its values to itself.
  const mine = failure && "values" in failure && failure.values?.intent === intent ? failure : undefined;
  return (
    <Form method="post" noValidate className="wide-form">
      <input type="hidden" name="intent" value={intent} />
      {children}
      <FormError failure={failure} />
      <Field label="Name" name="label" failure={mine} defaultValue={values.label} required maxLength={40} hint="Home, Work, Grandma's…" />
      <Field
        label="Address"
        name="address"
        failure={mine}
        defaultValue={values.address}
        required
        autoComplete="street-address"
        hint="Street, number, flat, floor"
      />
      <Field
        label="Town or postcode"
        name="place"
        failure={mine}
        defaultValue={values.placeLabel}
        required
        autoComplete="postal-code"
        hint="Lyon, 69001, or coordinates like 45.76, 4.83"
      />
      {/* The first address is the default anyway; the default stays one until another is chosen. */}
      {values.isDefault || first ? null : <Checkbox label="Make this my default address" name="makeDefault" failure={mine} />}
      <Button pendingLabel="Saving…" match={{ intent }}>
        {intent === "add" ? "Save address" : "Save changes"}
      </Button>
    </Form>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
