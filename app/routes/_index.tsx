import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { translator, useT } from "../lib/i18n";

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  const t = translator(data?.locale ?? "en");
  return [{ title: t("store.home.title") }, { name: "description", content: t("store.home.description") }];
};

export async function loader({ context }: LoaderFunctionArgs) {
  if (context.user) throw redirect("/shops");
  return { locale: context.locale };
}

export default function Index() {
  const t = useT();
  return (
    <main className="narrow hero">
      <h1>{t("store.home.heading")}</h1>
      <p>{t("store.home.lead")}</p>
      <form method="get" action="/search" role="search" className="search-box">
        <label className="sr-only" htmlFor="home-q">
          {t("store.home.searchLabel")}
        </label>
        <input id="home-q" type="search" name="q" placeholder={t("store.home.searchPlaceholder")} />
        <button type="submit">{t("common.nav.search")}</button>
      </form>
      <p>
        <Link to="/nearby">{t("common.nav.nearby")}</Link>
      </p>
      <p className="actions">
        <Link to="/signup" className="button">
          {t("common.nav.openShop")}
        </Link>
        <Link to="/login">{t("store.home.haveAccount")}</Link>
      </p>
    </main>
  );
}
