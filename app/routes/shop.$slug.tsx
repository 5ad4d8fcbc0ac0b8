import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { Badge, MenuButton } from "../components/ui";
import { load } from "../lib/trpc.server";
import { hasRole, type ShopRole } from "../../server/schemas/roles";
import { useT, type WebKey } from "../lib/i18n";

/** A role as staff read it. */
export const ROLE_KEYS: Record<ShopRole, WebKey> = { cashier: "office.role.cashier", manager: "office.role.manager", owner: "office.role.owner" };

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.shop.name ?? "Shop"} · Nearshop` }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const shopSlug = params.slug ?? "";
  return load(request, () => context.trpc.shops.current({ shopSlug }));
}

export default function ShopLayout() {
  const { shop, role, unread } = useLoaderData<typeof loader>();
  const t = useT();
  const atLeast = (r: ShopRole) => hasRole(role, r);
  return (
    <div className="shop">
      <aside className="sidebar">
        <div className="shop-id">
          <p className="shop-name" translate="no">
            {shop.name}
          </p>
          <Badge tone="accent" className="role">
            {t(ROLE_KEYS[role])}
          </Badge>
        </div>
        <MenuButton id="shop-menu" label={t("office.nav.menu")}>
          <nav aria-label={t("office.nav.label")}>
            <NavLink to="." end>
              {t("office.nav.overview")}
            </NavLink>
            <NavLink to="pos">{t("office.nav.till")}</NavLink>
            <NavLink to="registers">{t("office.nav.registers")}</NavLink>
            <NavLink to="orders">{t("office.nav.orders")}</NavLink>
            <NavLink to="customers">{t("office.nav.customers")}</NavLink>
            <NavLink to="products">{t("office.nav.products")}</NavLink>
            <NavLink to="stock">{t("office.nav.stock")}</NavLink>
            <NavLink to="locations">{t("office.nav.locations")}</NavLink>
            <NavLink to="notifications">
              {t("office.nav.notifications")}
              {unread ? (
                <span className="count" aria-label={t("office.nav.unread", { count: unread })}>
                  {unread}
                </span>
              ) : null}
            </NavLink>
            {atLeast("manager") ? <NavLink to="reports">{t("office.nav.reports")}</NavLink> : null}
            {atLeast("manager") ? <NavLink to="staff">{t("office.nav.staff")}</NavLink> : null}
            {atLeast("manager") ? <NavLink to="payments">{t("office.nav.payments")}</NavLink> : null}
            {atLeast("manager") ? <NavLink to="settings">{t("office.nav.settings")}</NavLink> : null}
            {atLeast("owner") ? <NavLink to="audit">{t("office.nav.audit")}</NavLink> : null}
          </nav>
        </MenuButton>
      </aside>
      <main>
        <Outlet />
      </main>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
