import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { DataTable } from "../components/ui";
import { StatusBadge } from "../components/orders";
import { load } from "../lib/trpc.server";
import { idSchema } from "../../server/schemas/common";
import { requireParams } from "../lib/url-params";
import { z } from "zod";
import { useFormat, useT } from "../lib/i18n";
import { metaT } from "../lib/meta-i18n";

export const meta: MetaFunction = ({ matches }) => [{ title: metaT(matches)("account.orders.title") }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  // The pager sends `after`.
  const { after } = requireParams(request, z.object({ after: idSchema.optional() }));
  return load(request, () => context.trpc.checkout.myOrders({ cursor: after }));
}

export default function MyOrders() {
  const { items, nextCursor } = useLoaderData<typeof loader>();
  const t = useT();
  const f = useFormat();
  return (
    <main className="discovery">
      <h1>{t("common.nav.orders")}</h1>
      <DataTable
        label={t("common.nav.orders")}
        rows={items}
        rowKey={(o) => o.id}
        nextCursor={nextCursor}
        empty={<p>{t.rich("account.orders.none", { link: (chunks) => <Link to="/nearby">{chunks}</Link> })}</p>}
        columns={[
          { header: t("account.orders.order"), cell: (o) => <Link to={`/orders/${o.id}`}>{t("account.orders.number", { number: o.number })}</Link> },
          {
            header: t("store.facets.shop"),
            cell: (o) => (
              <Link to={`/s/${o.shop.slug}`} translate="no">
                {o.shop.name}
              </Link>
            ),
          },
          { header: t("account.orders.when"), cell: (o) => f.dateTimeNamed(o.createdAt, o.shop.timezone) },
          { header: t("account.orders.status"), cell: (o) => <StatusBadge status={o.status} /> },
          { header: t("store.cart.total"), numeric: true, cell: (o) => f.money(o.total, o.currency) },
        ]}
      />
    </main>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
