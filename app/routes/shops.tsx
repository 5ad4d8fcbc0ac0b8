import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Badge } from "../components/ui";
import { Link, useLoaderData } from "@remix-run/react";
import { load } from "../lib/trpc.server";
import { translator, useT, type WebKey } from "../lib/i18n";
import type { ShopRole } from "../../server/schemas/roles";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: translator(data?.locale ?? "en")("store.shops.title") }];

const ROLES: Record<ShopRole, WebKey> = { owner: "store.shops.role.owner", manager: "store.shops.role.manager", cashier: "store.shops.role.cashier" };

export async function loader({ request, context }: LoaderFunctionArgs) {
  return { shops: await load(request, () => context.trpc.auth.myShops()), locale: context.locale };
}

export default function Shops() {
  const { shops } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <main className="narrow">
      <h1>{t("store.shops.heading")}</h1>
      {shops.length === 0 ? (
        <p className="empty">{t.rich("store.shops.none", { link: (chunks) => <Link to="/signup">{chunks}</Link> })}</p>
      ) : (
        <ul className="cards">
          {shops.map((s) => (
            <li key={s.id}>
              <Link to={`/shop/${s.slug}`}>
                <strong translate="no">{s.name}</strong> <Badge tone="accent">{t(ROLES[s.role])}</Badge>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
