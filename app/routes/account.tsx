import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Field, FormError } from "../components/form";
import { parseForm, readForm } from "../lib/forms";
import { z } from "zod";
import { checkbox, intentOr, UNKNOWN_INTENT } from "../../server/schemas/form-fields";
import { slugSchema } from "../../server/schemas/shop";
import { changePasswordSchema } from "../../server/schemas/auth";
import { redirectWithToast } from "../lib/toast.server";
import { toResponse } from "../lib/trpc.server";

export const meta: MetaFunction = () => [{ title: "Your account · Nearshop" }];

export async function loader({ context }: LoaderFunctionArgs) {
  if (!context.user) throw redirect("/login?next=/account");
  const [favourites, marketing, addresses] = await Promise.all([
    context.trpc.shopper.favourites(),
    context.trpc.shopper.marketing(),
    context.trpc.shopper.addresses(),
  ]);
  return { name: context.user.name, email: context.user.email, favourites, marketing, addresses: addresses.length };
}

/** The page's forms: the password, a favourite removed, a shop's marketing emails on or off. */
const accountForm = z.discriminatedUnion(
  "intent",
  [
    changePasswordSchema.extend({ intent: z.literal("password") }),
    z.object({ intent: z.literal("unfavourite"), shopSlug: slugSchema }),
    z.object({ intent: z.literal("marketing"), shopSlug: slugSchema, on: checkbox }),
  ],
  UNKNOWN_INTENT,
);

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  try {
    const input = parseForm(form, z.preprocess(intentOr("password"), accountForm));
    switch (input.intent) {
      case "unfavourite": {
        const done = await context.trpc.shopper.setFavourite({ shopSlug: input.shopSlug, on: false });
        return redirectWithToast("/account", `${done.shop} is no longer in your favourites.`);
      }
      case "marketing": {
        const done = await context.trpc.shopper.setMarketing({ shopSlug: input.shopSlug, on: input.on });
        return redirectWithToast("/account", done.consent ? `${done.shop} may send you news and offers.` : `${done.shop} will not send you news or offers.`);
      }
      case "password": {
        const { intent: _, ...password } = input;
        // The new session's cookie is put on the response by the procedure.
        await context.trpc.auth.changePassword(password);
        return redirectWithToast("/account", "Password changed. Your other sessions have been logged out.");
      }
    }
  } catch (error) {
    return toResponse(error, request);
  }
}

export default function Account() {
  const me = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  return (
    <main className="narrow">
      <h1>Your account</h1>
      <p>
        {me.name} · {me.email}
      </p>
      <p>
        <Link to="/account/security">Security: two-factor sign-in and where you are signed in →</Link>
      </p>
      <p>
        <Link to="/account/orders">Your orders in every shop →</Link>
      </p>
      <p>
        <Link to="/account/addresses">
          Delivery addresses
          {me.addresses ? `: ${me.addresses} saved` : ""} →
        </Link>
      </p>

      <h2 id="favourites">Favourite shops</h2>
      {me.favourites.length ? (
        <ul className="preferences" aria-labelledby="favourites">
          {me.favourites.map((f) => (
            <li key={f.slug}>
              <span>
                <Link to={`/s/${f.slug}`}>{f.name}</Link>, {f.city}
              </span>
              <Form method="post">
                <input type="hidden" name="intent" value="unfavourite" />
                <input type="hidden" name="shopSlug" value={f.slug} />
                <button type="submit" className="secondary">
                  Remove {f.name}
                </button>
              </Form>
            </li>
          ))}
        </ul>
      ) : (
        <p className="empty">
          None yet: press ♡ on a shop&apos;s page to keep it here. <Link to="/nearby">Shops near you</Link>
        </p>
      )}

      <h2 id="emails">Email from shops</h2>
      <p className="hint">Order emails always come. These are the shops&apos; news and offers, one shop at a time.</p>
      {me.marketing.length ? (
        <ul className="preferences" aria-labelledby="emails">
          {me.marketing.map((m) => (
            <li key={m.shopSlug}>
              <span>
                {m.shopName}: {m.consent ? "news and offers on" : "no news or offers"}
              </span>
              <Form method="post">
                <input type="hidden" name="intent" value="marketing" />
                <input type="hidden" name="shopSlug" value={m.shopSlug} />
                {m.consent ? null : <input type="hidden" name="on" value="on" />}
                <button type="submit" className="secondary">
                  {m.consent ? `Stop news from ${m.shopName}` : `Get news from ${m.shopName}`}
                </button>
              </Form>
            </li>
          ))}
        </ul>
      ) : (
        <p className="empty">No shop keeps a customer record of you yet.</p>
      )}

      <h2>Change your password</h2>
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="password" />
        <FormError failure={failure} />
        <Field label="Current password" name="currentPassword" type="password" failure={failure} autoComplete="current-password" required />
        <Field
          label="New password"
          name="newPassword"
          type="password"
          failure={failure}
          autoComplete="new-password"
          required
          minLength={10}
          hint="At least 10 characters. This logs you out on your other devices."
        />
        <button type="submit">Change password</button>
      </Form>
      <h2>Your data</h2>
      <p>
        <a href="/account/data.json" download>
          Download all your data
        </a>{" "}
        (account, orders in every shop, what shops keep on you, consents, messages) as a JSON file.
      </p>
      <p>
        <Link to="/account/erase">Erase your account…</Link>
      </p>
    </main>
  );
}
