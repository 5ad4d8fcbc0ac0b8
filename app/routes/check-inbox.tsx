import { useT } from "../lib/i18n";
import { metaT } from "../lib/meta-i18n";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";

export const meta: MetaFunction = ({ matches }) => [{ title: metaT(matches)("account.inbox.title") }];

export function loader({ request }: LoaderFunctionArgs) {
  const reason = new URL(request.url).searchParams.get("for");
  return { reason: reason === "reset" || reason === "join" ? reason : "signup" };
}

export default function CheckInbox() {
  const { reason } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <main className="narrow">
      <h1>{t("account.inbox.heading")}</h1>
      {reason === "reset" ? <p>{t("account.inbox.reset")}</p> : reason === "join" ? <p>{t("account.inbox.join")}</p> : <p>{t("account.inbox.signup")}</p>}
    </main>
  );
}
