import { useRouteLoaderData } from "@remix-run/react";
import type { loader as shopLoader } from "./shop.$slug";

export default function ShopOverview() {
  const data = useRouteLoaderData<typeof shopLoader>("routes/shop.$slug");
  if (!data) return null;
  const { shop, role } = data;
  return (
    <>
      <h1>{shop.name}</h1>
      <p>
        You are {role === "owner" ? "the owner" : `a ${role}`} here. Prices are in {shop.currency}; times are shown in {shop.timezone}.
      </p>
      {shop.status !== "active" ? <p className="form-error">This shop is suspended: customers cannot see it.</p> : null}
    </>
  );
}
