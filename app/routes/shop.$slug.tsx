import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { Badge, MenuButton } from "../components/ui";
import { load } from "../lib/trpc.server";
import { hasRole, type ShopRole } from "../../server/schemas/roles";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.shop.name ?? "Shop"} · Nearshop` }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const shopSlug = params.slug ?? "";
  return load(request, () => context.trpc.shops.current({ shopSlug }));
}

export default function ShopLayout() {
  const { shop, role, unread } = useLoaderData<typeof loader>();
  const atLeast = (r: ShopRole) => hasRole(role, r);
  return (
    <div className="shop">
      <aside className="sidebar">
        <div className="shop-id">
          <p className="shop-name">{shop.name}</p>
          <Badge tone="accent" className="role">
            {role}
          </Badge>
        </div>
        <MenuButton id="shop-menu" label="Shop menu">
          <nav aria-label="Shop">
            <NavLink to="." end>
              Overview
            </NavLink>
            <NavLink to="pos">Till</NavLink>
            <NavLink to="registers">Registers</NavLink>
            <NavLink to="orders">Orders</NavLink>
            <NavLink to="customers">Customers</NavLink>
            <NavLink to="products">Products</NavLink>
            <NavLink to="stock">Stock</NavLink>
            <NavLink to="locations">Locations</NavLink>
            <NavLink to="notifications">
              Notifications
              {unread ? (
                <span className="count" aria-label={`${unread} unread`}>
                  {unread}
                </span>
              ) : null}
            </NavLink>
            {atLeast("manager") ? <NavLink to="reports">Reports</NavLink> : null}
            {atLeast("manager") ? <NavLink to="staff">Staff</NavLink> : null}
            {atLeast("manager") ? <NavLink to="payments">Card payments</NavLink> : null}
            {atLeast("manager") ? <NavLink to="settings">Settings</NavLink> : null}
            {atLeast("owner") ? <NavLink to="audit">Audit log</NavLink> : null}
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
