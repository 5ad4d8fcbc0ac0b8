import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { Pager } from "../components/pager";
import { redirectWithToast } from "../lib/toast.server";
import { load, toResponse } from "../lib/trpc.server";
import { parseForm, readForm } from "../lib/forms";
import { unsetIfBlank } from "../../server/schemas/form-fields";
import { idSchema } from "../../server/schemas/common";
import { requireParams } from "../lib/url-params";
import { z } from "zod";
import { translator, useFormat, useT } from "../lib/i18n";
import { useShopTimeZone } from "../lib/use-shop-time-zone";

export const meta: MetaFunction = ({ matches }) => {
  const root = matches.find((m) => m.id === "root")?.data as { locale?: "en" | "fr" } | undefined;
  return [{ title: `${translator(root?.locale ?? "en")("office.nav.notifications")} · Nearshop` }];
};

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { after } = requireParams(request, z.object({ after: idSchema.optional() }));
  return load(request, () => context.trpc.notifications.list({ shopSlug: params.slug ?? "", cursor: after }));
}

/** One notification (and where it points), or all of them when no id is sent. */
const markReadForm = z.object({ notificationId: unsetIfBlank(idSchema), link: z.string().max(2000).default("") });

export async function action({ request, params, context }: ActionFunctionArgs) {
  const shopSlug = params.slug ?? "";
  const form = await readForm(request);
  try {
    const { notificationId: id, link } = parseForm(form, markReadForm);
    if (id) await context.trpc.notifications.markRead({ shopSlug, notificationId: id });
    else await context.trpc.notifications.markAllRead({ shopSlug });
    return redirectWithToast(
      link.startsWith(`/shop/${shopSlug}/`) ? link : `/shop/${shopSlug}/notifications`,
      translator(context.locale)(id ? "office.notifications.marked" : "office.notifications.allMarked"),
    );
  } catch (error) {
    return toResponse(error, request);
  }
}

export default function Notifications() {
  const { items, unread, nextCursor } = useLoaderData<typeof loader>();
  const timezone = useShopTimeZone();
  const t = useT();
  const f = useFormat();
  return (
    <>
      <div className="page-head">
        <h1>{t("office.nav.notifications")}</h1>
        {unread ? (
          <Form method="post">
            <button type="submit" className="secondary">
              {t("office.notifications.markAll", { count: unread })}
            </button>
          </Form>
        ) : null}
      </div>
      {items.length === 0 ? (
        <p className="empty">{t("office.notifications.empty")}</p>
      ) : (
        <ul className="notifications">
          {items.map((n) => (
            <li key={n.id} className={n.readAt ? "read" : "unread"}>
              <p>
                <strong>{n.title}</strong> <small className="muted">{f.dateTime(n.createdAt, timezone)}</small>
              </p>
              <p>{n.body}</p>
              <Form method="post" className="inline">
                <input type="hidden" name="notificationId" value={n.id} />
                {n.link ? <input type="hidden" name="link" value={n.link} /> : null}
                {n.link ? (
                  <button type="submit" className="link">
                    {t("office.notifications.open")}
                  </button>
                ) : null}
                {!n.readAt && !n.link ? (
                  <button type="submit" className="link">
                    {t("office.notifications.markRead")}
                  </button>
                ) : null}
              </Form>
            </li>
          ))}
        </ul>
      )}
      <Pager nextCursor={nextCursor} first={t("office.notifications.newest")} next={t("office.notifications.older")} />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
