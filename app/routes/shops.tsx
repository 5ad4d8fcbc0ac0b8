import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Badge } from "../components/ui";
import { Link, useLoaderData } from "@remix-run/react";
import { load } from "../lib/trpc.server";

export const meta: MetaFunction = () => [{ title: "Your shops · Nearshop" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  return { shops: await load(request, () => context.trpc.auth.myShops()) };
}

export default function Shops() {
  const { shops } = useLoaderData<typeof loader>();
  return (
    <main className="narrow">
      <h1>Your shops</h1>
      {shops.length === 0 ? (
        <p className="empty">
          You are not a member of any shop yet. Ask a shop owner to invite you, or <Link to="/signup">open your own</Link>.
        </p>
      ) : (
        <ul className="cards">
          {shops.map((s) => (
            <li key={s.id}>
              <Link to={`/shop/${s.slug}`}>
                <strong>{s.name}</strong> <Badge tone="accent">{s.role}</Badge>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
