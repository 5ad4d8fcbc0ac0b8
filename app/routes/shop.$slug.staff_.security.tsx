import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useParams } from "@remix-run/react";
import { ConfirmButton } from "../components/ui";
import { FormError } from "../components/form";
import { parseForm, readForm } from "../lib/forms";
import { staffSecurityForm } from "../../server/schemas/staff";
import { formatShopTime } from "../lib/time";
import { redirectWithToast } from "../lib/toast.server";
import { load, toResponse } from "../lib/trpc.server";
import { useShopTimeZone } from "../lib/use-shop-time-zone";

export const meta: MetaFunction = () => [{ title: "Staff sign-in security · Nearshop" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  return load(request, () => context.trpc.staff.security({ shopSlug: params.slug ?? "" }));
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const shopSlug = params.slug ?? "";
  const here = `/shop/${shopSlug}/staff/security`;
  try {
    const input = parseForm(form, staffSecurityForm);
    switch (input.intent) {
      case "require": {
        const { required } = input;
        await context.trpc.staff.requireTwoFactor({ shopSlug, required });
        return redirectWithToast(
          here,
          required ? "Two-factor sign-in is now required: staff without it set it up at their next sign-in." : "Two-factor sign-in is no longer required.",
        );
      }
      case "sign-out": {
        const { ended } = await context.trpc.staff.signOutEverywhere({ shopSlug, membershipId: input.membershipId });
        return redirectWithToast(here, ended === 0 ? "They were not signed in anywhere." : `Signed out of ${ended} session${ended === 1 ? "" : "s"}.`);
      }
    }
  } catch (error) {
    return toResponse(error, request);
  }
}

export default function StaffSecurity() {
  const { requireTwoFactor, members } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const timeZone = useShopTimeZone();
  const without = members.filter((m) => !m.twoFactor).length;
  const { slug } = useParams();
  return (
    <>
      <p>
        <Link to={`/shop/${slug}/staff`}>← Staff</Link>
      </p>
      <h1>Staff sign-in security</h1>
      <FormError failure={failure} />
      <Form method="post">
        <input type="hidden" name="intent" value="require" />
        <label>
          <input type="checkbox" name="required" defaultChecked={requireTwoFactor} aria-describedby="require-hint" /> Require two-factor sign-in for everyone on
          the staff
        </label>
        <p className="hint" id="require-hint">
          Anyone without it is asked to set it up (an authenticator app on their phone) the next time they sign in.
          {without > 0 ? ` ${without} of ${members.length} do not have it yet.` : " Everyone has it."}
        </p>
        <button type="submit">Save</button>
      </Form>

      <h2>People</h2>
      <div className="table-scroll" tabIndex={0} role="region" aria-label="Staff sign-in security">
        <table>
          <thead>
            <tr>
              <th>Name</th>
              <th>Role</th>
              <th>Two-factor</th>
              <th>Signed in</th>
              <th>Last seen</th>
              <th>
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr key={m.id}>
                <td>
                  {m.name}
                  <br />
                  <small className="hint">{m.email}</small>
                </td>
                <td>
                  <span className="badge">{m.role}</span>
                </td>
                <td>{m.twoFactor ? <span className="badge">On</span> : <span className="badge low">Off</span>}</td>
                <td className="num">{m.sessions}</td>
                <td>{m.lastSeenAt ? formatShopTime(m.lastSeenAt, timeZone) : "—"}</td>
                <td>
                  {m.role !== "owner" && m.sessions > 0 ? (
                    <Form method="post" className="inline">
                      <input type="hidden" name="membershipId" value={m.id} />
                      <ConfirmButton
                        name="intent"
                        value="sign-out"
                        variant="link"
                        title={`Sign ${m.name} out of every browser and device?`}
                        message="They can sign in again with their password."
                        confirmLabel="Sign out everywhere"
                      >
                        Sign out everywhere
                      </ConfirmButton>
                    </Form>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
