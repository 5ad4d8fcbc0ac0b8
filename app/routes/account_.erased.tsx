import type { MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { useT } from "../lib/i18n";
import { metaT } from "../lib/meta-i18n";

export const meta: MetaFunction = ({ matches }) => [{ title: metaT(matches)("account.erased.title") }];

export default function AccountErased() {
  const t = useT();
  return (
    <main className="narrow">
      <h1>{t("account.erased.heading")}</h1>
      <p>{t("account.erased.text")}</p>
      <p>
        <Link to="/">{t("account.erased.back")}</Link>
      </p>
    </main>
  );
}
