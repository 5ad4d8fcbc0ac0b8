import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { Field, FormError } from "../components/form";
import { useSubmitKey } from "../components/submit-key";
import { Badge, Button, ConfirmButton, DataTable, Select } from "../components/ui";
import { keepValues, parseForm, readForm } from "../lib/forms";
import { staffPageForm } from "../../server/schemas/staff";
import { redirectWithToast } from "../lib/toast.server";
import { load, toResponse } from "../lib/trpc.server";
import type { loader as shopLoader } from "./shop.$slug";
import { idSchema } from "../../server/schemas/common";
import { oncePerSubmitKey } from "../lib/submit-key.server";
import { requireParams } from "../lib/url-params";
import { z } from "zod";
import { formatShopTime } from "../lib/time";
import { useShopTimeZone } from "../lib/use-shop-time-zone";

export const meta: MetaFunction = () => [{ title: "Staff · Nearshop" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { after } = requireParams(request, z.object({ after: idSchema.optional() }));
  return load(request, () => context.trpc.staff.list({ shopSlug: params.slug ?? "", cursor: after }));
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const shopSlug = params.slug ?? "";
  const here = `/shop/${shopSlug}/staff`;
  try {
    const input = parseForm(form, staffPageForm, { beside: ["email"] });
    switch (input.intent) {
      case "invite": {
        // Sent twice (double click, resent POST): one invitation, the same answer.
        const email = await oncePerSubmitKey(
          form,
          `invite:${shopSlug}`,
          async () => (await context.trpc.staff.invite({ shopSlug, email: input.email, role: input.role })).email,
        );
        return redirectWithToast(here, `Invitation sent to ${email}.`);
      }
      case "change-role":
        await context.trpc.staff.changeRole({ shopSlug, membershipId: input.membershipId, role: input.role });
        return redirectWithToast(here, "Role changed.");
      case "remove":
        await context.trpc.staff.remove({ shopSlug, membershipId: input.membershipId });
        return redirectWithToast(here, "Removed from the shop.");
      case "revoke":
        await context.trpc.staff.revokeInvitation({ shopSlug, invitationId: input.invitationId });
        return redirectWithToast(here, "Invitation withdrawn.");
    }
  } catch (error) {
    return toResponse(error, request, keepValues(form));
  }
}

const INVITE_ROLES = [
  { value: "cashier", label: "Cashier: sells at the till, looks things up" },
  { value: "manager", label: "Manager: also manages staff list and settings" },
];

export default function Staff() {
  const { members, invitations, nextCursor } = useLoaderData<typeof loader>();
  const timeZone = useShopTimeZone();
  const shopData = useRouteLoaderData<typeof shopLoader>("routes/shop.$slug");
  const failure = useActionData<typeof action>();
  const isOwner = shopData?.role === "owner";
  const inviteOnce = useSubmitKey();
  return (
    <>
      <h1>Staff</h1>
      {isOwner ? (
        <p>
          <Link to="security">Sign-in security: two-factor, signing people out →</Link>
        </p>
      ) : null}
      <FormError failure={failure} />
      <DataTable
        label="Staff"
        rows={members}
        rowKey={(m) => m.id}
        nextCursor={nextCursor}
        empty={<p>Nobody works here yet.</p>}
        columns={[
          { header: "Name", cell: (m) => m.user.name },
          { header: "Email", cell: (m) => m.user.email, className: "break" },
          {
            header: "Role",
            cell: (m) =>
              isOwner && m.role !== "owner" ? (
                <Form method="post" className="inline">
                  <input type="hidden" name="intent" value="change-role" />
                  <input type="hidden" name="membershipId" value={m.id} />
                  <select name="role" defaultValue={m.role} aria-label={`Role of ${m.user.name}`}>
                    <option value="manager">manager</option>
                    <option value="cashier">cashier</option>
                  </select>
                  <Button variant="secondary" match={{ intent: "change-role", membershipId: m.id }}>
                    Change
                  </Button>
                </Form>
              ) : (
                <Badge tone="accent">{m.role}</Badge>
              ),
          },
          ...(isOwner
            ? [
                {
                  header: "Actions",
                  hideHeader: true,
                  cell: (m: (typeof members)[number]) =>
                    m.role !== "owner" ? (
                      <Form method="post">
                        <input type="hidden" name="membershipId" value={m.id} />
                        <ConfirmButton
                          name="intent"
                          value="remove"
                          title={`Remove ${m.user.name} from the shop?`}
                          message="They lose access at once."
                          confirmLabel="Remove"
                        >
                          Remove
                        </ConfirmButton>
                      </Form>
                    ) : null,
                },
              ]
            : []),
        ]}
      />

      <h2>Pending invitations</h2>
      {invitations.length === 0 ? (
        <p className="empty-state">No pending invitations.</p>
      ) : (
        <ul className="list">
          {invitations.map((i) => (
            <li key={i.id}>
              {i.email} · {i.role} · expires {formatShopTime(i.expiresAt, timeZone)}{" "}
              {isOwner ? (
                <Form method="post" className="inline">
                  <input type="hidden" name="invitationId" value={i.id} />
                  <ConfirmButton
                    name="intent"
                    value="revoke"
                    variant="link"
                    title={`Withdraw the invitation to ${i.email}?`}
                    message="Its link stops working."
                    confirmLabel="Withdraw invitation"
                  >
                    Withdraw
                  </ConfirmButton>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      )}

      {isOwner ? (
        <>
          <h2>Invite someone</h2>
          <Form method="post" noValidate className="inline-form" ref={inviteOnce.ref}>
            <input type="hidden" name="intent" value="invite" />
            {inviteOnce.input}
            <Field label="Email" name="email" type="email" failure={failure} required />
            <Select label="Role" name="role" id="invite-role" defaultValue="cashier" failure={failure} options={INVITE_ROLES} />
            <Button pendingLabel="Sending…">Send invitation</Button>
          </Form>
        </>
      ) : null}
    </>
  );
}
