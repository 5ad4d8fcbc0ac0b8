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
import { translator, useT } from "../lib/i18n";
import { metaT } from "../lib/meta-i18n";

export const meta: MetaFunction = ({ matches }) => [{ title: metaT(matches)("account.home.title") }];

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
  const t = translator(context.locale);
  try {
    const input = parseForm(form, z.preprocess(intentOr("password"), accountForm));
    switch (input.intent) {
      case "unfavourite": {
        const done = await context.trpc.shopper.setFavourite({ shopSlug: input.shopSlug, on: false });
        return redirectWithToast("/account", t("store.shop.favouriteOff", { shop: done.shop }));
      }
      case "marketing": {
        const done = await context.trpc.shopper.setMarketing({ shopSlug: input.shopSlug, on: input.on });
        return redirectWithToast("/account", t(done.consent ? "account.home.newsOn" : "account.home.newsOff", { shop: done.shop }));
      }
      case "password": {
        const { intent: _, ...password } = input;
        // The new session's cookie is put on the response by the procedure.
        await context.trpc.auth.changePassword(password);
        return redirectWithToast("/account", t("account.home.passwordChanged"));
      }
    }
  } catch (error) {
    return toResponse(error, request);
  }
}

export default function Account() {
  const me = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const t = useT();
  return (
    <main className="narrow">
      <h1>{t("account.home.heading")}</h1>
      <p translate="no">
        {me.name} · {me.email}
      </p>
      <p>
        <Link to="/account/security">{t("account.home.securityLink")} →</Link>
      </p>
      <p>
        <Link to="/account/orders">{t("account.home.ordersLink")} →</Link>
      </p>
      <p>
        <Link to="/account/addresses">{t("account.home.addressesLink", { count: me.addresses })} →</Link>
      </p>

      <h2 id="favourites">{t("account.home.favourites")}</h2>
      {me.favourites.length ? (
        <ul className="preferences" aria-labelledby="favourites">
          {me.favourites.map((f) => (
            <li key={f.slug}>
              <span>
                <Link to={`/s/${f.slug}`} translate="no">
                  {f.name}
                </Link>
                , <span translate="no">{f.city}</span>
              </span>
              <Form method="post">
                <input type="hidden" name="intent" value="unfavourite" />
                <input type="hidden" name="shopSlug" value={f.slug} />
                <button type="submit" className="secondary">
                  {t("store.cart.removeOf", { product: f.name })}
                </button>
              </Form>
            </li>
          ))}
        </ul>
      ) : (
        <p className="empty">
          {t("account.home.noFavourites")} <Link to="/nearby">{t("store.nearby.heading")}</Link>
        </p>
      )}

      <h2 id="emails">{t("account.home.emails")}</h2>
      <p className="hint">{t("account.home.emailsHint")}</p>
      {me.marketing.length ? (
        <ul className="preferences" aria-labelledby="emails">
          {me.marketing.map((m) => (
            <li key={m.shopSlug}>
              <span>{t.rich(m.consent ? "account.home.newsOnState" : "account.home.newsOffState", { shop: <span translate="no">{m.shopName}</span> })}</span>
              <Form method="post">
                <input type="hidden" name="intent" value="marketing" />
                <input type="hidden" name="shopSlug" value={m.shopSlug} />
                {m.consent ? null : <input type="hidden" name="on" value="on" />}
                <button type="submit" className="secondary">
                  {t(m.consent ? "account.home.stopNews" : "account.home.getNews", { shop: m.shopName })}
                </button>
              </Form>
            </li>
          ))}
        </ul>
      ) : (
        <p className="empty">{t("account.home.noRecords")}</p>
      )}

      <h2>{t("account.home.changePassword")}</h2>
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="password" />
        <FormError failure={failure} />
        <Field label={t("account.password.current")} name="currentPassword" type="password" failure={failure} autoComplete="current-password" required />
        <Field
          label={t("account.password.new")}
          name="newPassword"
          type="password"
          failure={failure}
          autoComplete="new-password"
          required
          minLength={10}
          hint={t("account.password.newHint")}
        />
        <button type="submit">{t("account.home.changePasswordButton")}</button>
      </Form>
      <h2>{t("account.home.data")}</h2>
      <p>
        {t.rich("account.home.download", {
          link: (chunks) => (
            <a href="/account/data.json" download>
              {chunks}
            </a>
          ),
        })}
      </p>
      <p>
        <Link to="/account/erase">{t("account.home.eraseLink")}</Link>
      </p>
    </main>
  );
}
