import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link } from "@remix-run/react";

export const meta: MetaFunction = () => [
  { title: "Nearshop: your shop, online and at the till" },
  { name: "description", content: "Run your shop's catalog, stock, till and online orders in one place." },
];

export async function loader({ context }: LoaderFunctionArgs) {
  if (context.user) throw redirect("/shops");
  return null;
}

export default function Index() {
  return (
    <main className="narrow hero">
      <h1>Your shop, online and at the till</h1>
      <p>Nearshop runs your catalog, stock, point of sale and online orders, and helps customers nearby find you.</p>
      <form method="get" action="/search" role="search" className="search-box">
        <label className="sr-only" htmlFor="home-q">
          Search products near you
        </label>
        <input id="home-q" type="search" name="q" placeholder="What are you looking for nearby?" />
        <button type="submit">Search</button>
      </form>
      <p>
        <Link to="/nearby">Shops near me</Link>
      </p>
      <p className="actions">
        <Link to="/signup" className="button">
          Open your shop
        </Link>
        <Link to="/login">I already have an account</Link>
      </p>
    </main>
  );
}
