import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { Banner, Button, FormError } from "../components/ui";
import { localeFromAcceptLanguage, t, type Locale } from "../i18n";
import { parseForm, readForm } from "../lib/forms";
import { toResponse } from "../lib/trpc.server";
import { metaT } from "../lib/meta-i18n";

// The title in the browser's language (the root's), as the tab and history show it.
export const meta: MetaFunction = ({ matches }) => [{ title: metaT(matches)("store.unsubscribe.meta") }, { name: "robots", content: "noindex" }];

/** A token that is not one of ours (tampered, cut short, hostile): the same "no such link" page, never an error. */
const isNoSuchLink = (error: unknown) => error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST");
const invalid = (request: Request) =>
  data({ invalid: true as const, locale: localeFromAcceptLanguage(request.headers.get("accept-language")) ?? "en" }, { status: 404 });

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  try {
    return { invalid: false as const, link: await context.trpc.shopper.unsubscribeLink({ token: params.token ?? "" }) };
  } catch (error) {
    if (isNoSuchLink(error)) return invalid(request);
    throw error;
  }
}

/**
 * The page's button, or a mail client's one-click unsubscribe (RFC 8058:
 * a POST with the body `List-Unsubscribe=One-Click`, no cookie, no Origin;
 * server/http/security.ts lets this path through its origin check, since it
 * can only ever turn news off).
 */
const unsubscribeForm = z.object({
  "List-Unsubscribe": z.literal("One-Click", { message: "List-Unsubscribe: only One-Click is understood" }).optional(),
});

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  try {
    parseForm(form, unsubscribeForm);
    return { invalid: false as const, done: await context.trpc.shopper.unsubscribe({ token: params.token ?? "" }) };
  } catch (error) {
    if (isNoSuchLink(error)) return invalid(request);
    return toResponse(error, request);
  }
}

function NoSuchLink({ locale }: { locale: Locale }) {
  return (
    <main className="narrow">
      <h1>{t(locale, "unsubscribe.invalid.title")}</h1>
      <p>{t(locale, "unsubscribe.invalid.explain")}</p>
    </main>
  );
}

export default function Unsubscribe() {
  const page = useLoaderData<typeof loader>();
  const sent = useActionData<typeof action>();
  if (page.invalid) return <NoSuchLink locale={page.locale} />;
  if (sent && "invalid" in sent && sent.invalid) return <NoSuchLink locale={sent.locale} />;
  const { locale, shopName, subscribed } = page.link;
  const shop = { shop: shopName };
  if (sent && "done" in sent) {
    return (
      <main className="narrow" lang={locale}>
        <h1>{t(locale, "unsubscribe.done.title", shop)}</h1>
        <Banner tone="success">
          <p>{t(locale, "unsubscribe.done.explain", shop)}</p>
        </Banner>
      </main>
    );
  }
  if (!subscribed) {
    return (
      <main className="narrow" lang={locale}>
        <h1>{t(locale, "unsubscribe.already", shop)}</h1>
      </main>
    );
  }
  return (
    <main className="narrow" lang={locale}>
      <h1>{t(locale, "unsubscribe.title", shop)}</h1>
      <FormError failure={sent && "formError" in sent ? sent : undefined} />
      <p>{t(locale, "unsubscribe.explain")}</p>
      <Form method="post">
        <Button type="submit">{t(locale, "unsubscribe.button")}</Button>
      </Form>
    </main>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
