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
import { translator, useT } from "../lib/i18n";
import { metaT } from "../lib/meta-i18n";

export const meta: MetaFunction = ({ matches }) => [{ title: metaT(matches)("account.addresses.title") }];

const here = "/account/addresses";

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (!context.user) throw redirect(`/login?next=${here}`);
  const { edit } = requireParams(request, z.object({ edit: idSchema.optional() }), { edit: "Address to edit" });
  const addresses = await load(request, () => context.trpc.shopper.addresses());
  const editing = edit ? addresses.find((a) => a.id === edit) : undefined;
  if (edit && !editing) throw new Response(translator(context.locale)("account.addresses.notYours"), { status: 404, statusText: "Not Found" });
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
  const t = translator(context.locale);
  try {
    // The address id is hidden: a message about it is said at the top.
    const input = parseForm(form, addressesForm, { beside: ["label", "address", "place", "makeDefault"] });
    switch (input.intent) {
      case "add": {
        const { intent: _, ...address } = input;
        const saved = await context.trpc.shopper.addAddress(address);
        return redirectWithToast(here, t(saved.isDefault ? "account.addresses.savedDefault" : "account.addresses.saved", { label: saved.label }));
      }
      case "edit": {
        const { intent: _, ...address } = input;
        const saved = await context.trpc.shopper.updateAddress(address);
        return redirectWithToast(here, t("account.addresses.updated", { label: saved.label }));
      }
      case "delete": {
        const gone = await context.trpc.shopper.deleteAddress({ addressId: input.addressId });
        return redirectWithToast(here, t("account.addresses.deleted", { label: gone.label }));
      }
      case "default": {
        const saved = await context.trpc.shopper.setDefaultAddress({ addressId: input.addressId });
        return redirectWithToast(here, t("account.addresses.nowDefault", { label: saved.label }));
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
  const t = useT();
  return (
    <main className="narrow">
      <p>
        <Link to="/account">← {t("account.home.heading")}</Link>
      </p>
      <h1>{t("account.addresses.heading")}</h1>
      <p className="hint">{t("account.addresses.intro", { max: MAX_SAVED_ADDRESSES })}</p>
      {addresses.length ? (
        <ul className="preferences saved-address-list" aria-label={t("account.addresses.list")}>
          {addresses.map((a) => (
            <li key={a.id}>
              <span>
                <strong translate="no">{a.label}</strong> {a.isDefault ? <Badge tone="success">{t("account.addresses.default")}</Badge> : null}
                <br />
                <span translate="no">{a.address}</span>
                <br />
                <small className="muted">{t.rich("account.addresses.distanceFrom", { place: <span translate="no">{a.placeLabel}</span> })}</small>
              </span>
              <span className="actions">
                <Link to={`?edit=${a.id}`} className="button secondary" aria-label={t("account.addresses.editOf", { label: a.label })}>
                  {t("common.edit")}
                </Link>
                {a.isDefault ? null : (
                  <Form method="post" className="inline">
                    <input type="hidden" name="intent" value="default" />
                    <input type="hidden" name="addressId" value={a.id} />
                    <Button
                      variant="secondary"
                      match={{ intent: "default", addressId: a.id }}
                      aria-label={t("account.addresses.makeDefaultOf", { label: a.label })}
                    >
                      {t("account.addresses.makeDefault")}
                    </Button>
                  </Form>
                )}
                <Form method="post" className="inline">
                  <input type="hidden" name="intent" value="delete" />
                  <input type="hidden" name="addressId" value={a.id} />
                  <ConfirmButton
                    title={t("account.addresses.deleteTitle", { label: a.label })}
                    message={t("account.addresses.deleteMessage", { address: a.address })}
                    confirmLabel={t("account.addresses.deleteConfirm")}
                    pendingLabel={t("account.addresses.deleting")}
                  >
                    {t("account.addresses.deleteOf", { label: a.label })}
                  </ConfirmButton>
                </Form>
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="empty">{t("account.addresses.none")}</p>
      )}

      {editing ? (
        <section aria-labelledby="edit-address">
          <h2 id="edit-address">{t.rich("account.addresses.editOf", { label: <span translate="no">{editing.label}</span> })}</h2>
          <AddressForm key={`${editing.id}-${String(editing.updatedAt)}`} intent="edit" failure={failure} values={editing}>
            <input type="hidden" name="addressId" value={editing.id} />
          </AddressForm>
          <p>
            <Link to={here}>{t("common.cancel")}</Link>
          </p>
        </section>
      ) : full ? (
        <p className="hint">{t("account.addresses.full", { max: MAX_SAVED_ADDRESSES })}</p>
      ) : (
        <section aria-labelledby="add-address">
          <h2 id="add-address">{t("account.addresses.add")}</h2>
          {/* Keyed on the list: once an address is saved, the form starts empty again. */}
          <AddressForm
            key={addresses.map((a) => a.id).join()}
            intent="add"
            first={addresses.length === 0}
            failure={failure}
            values={{ label: addresses.length ? "" : t("store.delivery.home"), address: "", placeLabel: place, isDefault: false }}
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
  const t = useT();
  return (
    <Form method="post" noValidate className="wide-form">
      <input type="hidden" name="intent" value={intent} />
      {children}
      <FormError failure={failure} />
      <Field
        label={t("account.addresses.name")}
        name="label"
        failure={mine}
        defaultValue={values.label}
        required
        maxLength={40}
        hint={t("account.addresses.nameHint")}
      />
      <Field
        label={t("account.addresses.address")}
        name="address"
        failure={mine}
        defaultValue={values.address}
        required
        autoComplete="street-address"
        hint={t("account.addresses.addressHint")}
      />
      <Field
        label={t("account.addresses.place")}
        name="place"
        failure={mine}
        defaultValue={values.placeLabel}
        required
        autoComplete="postal-code"
        hint={t("account.addresses.placeHint")}
      />
      {/* The first address is the default anyway; the default stays one until another is chosen. */}
      {values.isDefault || first ? null : <Checkbox label={t("account.addresses.makeThisDefault")} name="makeDefault" failure={mine} />}
      <Button pendingLabel={t("common.saving")} match={{ intent }}>
        {intent === "add" ? t("account.addresses.save") : t("account.addresses.saveChanges")}
      </Button>
    </Form>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
