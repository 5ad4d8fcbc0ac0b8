import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation, useParams, useRevalidator, useSearchParams } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { StatusBadge, STEP_LABELS } from "../components/orders";
import { redirectWithToast } from "../lib/toast.server";
import { load, toResponse } from "../lib/trpc.server";
import { requireParams } from "../lib/url-params";
import { formatMoney } from "../../server/schemas/money";
import { DataTable } from "../components/ui";
import { ORDER_STATUSES, orderListFields, receiptLookupSchema, transitionSchema } from "../../server/schemas/orders";
import { STATUS_LABELS } from "../../server/services/orders/states";
import { parseForm, readForm } from "../lib/forms";
import { z } from "zod";
import { idSchema } from "../../server/schemas/common";
import { intentOr, UNKNOWN_INTENT } from "../../server/schemas/form-fields";
import { formatShopTime, formatSlot } from "../lib/time";
import { useShopTimeZone } from "../lib/use-shop-time-zone";

export const meta: MetaFunction = () => [{ title: "Orders · Nearshop" }];

/** What the filter form and the pager send; an empty field means "not set". */
const listParams = orderListFields.omit({ cursor: true }).extend({ after: orderListFields.shape.cursor });

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const shopSlug = params.slug ?? "";
  const { after, ...filters } = requireParams(request, listParams);
  // An end before the start is said beside the dates; the list keeps the start.
  const dateError = filters.from && filters.to && filters.to < filters.from ? "To: choose a day on or after the From day" : null;
  const input = { ...filters, ...(dateError ? { to: undefined } : {}), cursor: after };
  const [board, list] = await load(request, () => Promise.all([context.trpc.orders.board({ shopSlug }), context.trpc.orders.list({ shopSlug, ...input })]));
  return data({ board, list, sort: filters.sort, dateError }, { status: dateError ? 400 : 200 });
}

/** Moves an order on from the board, or finds a sale by its receipt number. */
/** Find an order by its number ("#1042" or "1042"), or move one on the board (those buttons send no intent). */
const listPageForm = z.preprocess(
  intentOr("transition"),
  z.discriminatedUnion(
    "intent",
    [
      z.object({
        intent: z.literal("find"),
        number: z.preprocess((n) => (typeof n === "string" ? n.trim().replace(/^#/, "") : n), receiptLookupSchema.shape.number),
      }),
      transitionSchema.pick({ to: true }).extend({ intent: z.literal("transition"), orderId: idSchema }),
    ],
    UNKNOWN_INTENT,
  ),
);

export async function action({ request, params, context }: ActionFunctionArgs) {
  const shopSlug = params.slug ?? "";
  const form = await readForm(request);
  try {
    const input = parseForm(form, listPageForm, { beside: [] });
    if (input.intent === "find") {
      const order = await context.trpc.orders.byNumber({ shopSlug, number: input.number });
      return redirectWithToast(`/shop/${shopSlug}/orders/${order.id}`, `Order #${order.number}`);
    }
    const moved = await context.trpc.orders.transition({ shopSlug, orderId: input.orderId, to: input.to });
    return redirectWithToast(`/shop/${shopSlug}/orders`, `Order #${moved.number}: ${STATUS_LABELS[moved.status].toLowerCase()}.`);
  } catch (error) {
    return toResponse(error, request);
  }
}

const COLUMNS = [
  { title: "New", statuses: ["paid", "confirmed"] },
  { title: "Preparing", statuses: ["preparing"] },
  { title: "Ready / on its way", statuses: ["ready_for_pickup", "out_for_delivery"] },
] as const;

/** A short beep for a new order (Web Audio: no sound file to ship). */
function beep() {
  try {
    const ctx = new AudioContext();
    const osc = ctx.createOscillator();
    osc.frequency.value = 880;
    osc.connect(ctx.destination);
    osc.start();
    osc.stop(ctx.currentTime + 0.15);
  } catch {
    // No audio (autoplay rules): the badge still shows.
  }
}

export default function Orders() {
  const { board, list, sort, dateError } = useLoaderData<typeof loader>();
  const timeZone = useShopTimeZone();
  const slug = useParams().slug ?? "";
  const [params] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  const revalidator = useRevalidator();
  const [fresh, setFresh] = useState(0);
  const [live, setLive] = useState<"connecting" | "live" | "offline">("connecting");
  const revalidate = useRef(revalidator.revalidate);
  revalidate.current = revalidator.revalidate;

  useEffect(() => {
    const source = new EventSource(`/shop/${slug}/orders/events`);
    source.onopen = () => setLive("live");
    source.onerror = () => setLive("offline");
    source.addEventListener("order", (e) => {
      const change = JSON.parse((e as MessageEvent<string>).data) as { isNew: boolean };
      if (change.isNew) {
        setFresh((n) => n + 1);
        beep();
      }
      revalidate.current();
    });
    return () => source.close();
  }, [slug]);

  useEffect(() => {
    const base = document.title.replace(/^\(\d+\) /, "");
    document.title = fresh ? `(${fresh}) ${base}` : base;
  }, [fresh]);

  return (
    <>
      <h1>
        Orders{" "}
        {fresh ? (
          <button type="button" className="count new-orders" onClick={() => setFresh(0)} aria-label={`${fresh} new orders; mark seen`}>
            {fresh} new
          </button>
        ) : null}
      </h1>
      <p className="hint" aria-live="polite">
        {live === "live" ? "Live: new orders appear here without reloading." : live === "offline" ? "Reconnecting to live updates…" : "Connecting…"}
      </p>
      <section className="board" aria-label="Order board">
        {COLUMNS.map((col) => {
          const orders = board.filter((o) => (col.statuses as readonly string[]).includes(o.status));
          return (
            <div key={col.title} className="board-column">
              <h2>
                {col.title} <small>({orders.length})</small>
              </h2>
              {orders.length === 0 ? <p className="empty">None</p> : null}
              {orders.map((o) => (
                <article key={o.id} className="board-card" aria-label={`Order ${o.number}`}>
                  <h3>
                    <Link to={`/shop/${slug}/orders/${o.id}`}>#{o.number}</Link> {o.contactName}
                  </h3>
                  <p>
                    <StatusBadge status={o.status} /> {o.fulfilment === "delivery" ? "Delivery" : `Pickup · ${o.location.name}`} ·{" "}
                    {formatMoney(o.total, o.currency)}
                  </p>
                  {o.pickupSlotStart && o.pickupSlotEnd ? (
                    <p className="pickup-slot">
                      <strong>Pickup {formatSlot(o.pickupSlotStart, o.pickupSlotEnd, timeZone)}</strong>
                    </p>
                  ) : null}
                  <ul>
                    {o.lines.map((l, i) => (
                      <li key={i}>
                        {l.quantity} × {l.title}
                        {l.variantTitle ? ` (${l.variantTitle})` : ""}
                      </li>
                    ))}
                  </ul>
                  {o.note ? (
                    <p className="order-note">
                      <strong>Note from the customer:</strong> {o.note}
                    </p>
                  ) : null}
                  <p className="hint">{formatShopTime(o.createdAt, timeZone)}</p>
                  <div className="row">
                    {o.next
                      .filter((to) => to !== "cancelled" && !(to === "completed" && o.paid < o.total))
                      .map((to) => (
                        <Form key={to} method="post">
                          <input type="hidden" name="orderId" value={o.id} />
                          <input type="hidden" name="to" value={to} />
                          <button type="submit" disabled={busy}>
                            {STEP_LABELS[to]}
                          </button>
                        </Form>
                      ))}
                    {o.next.includes("completed") && o.paid < o.total ? <Link to={`/shop/${slug}/orders/${o.id}`}>Take payment…</Link> : null}
                  </div>
                </article>
              ))}
            </div>
          );
        })}
      </section>

      <h2>All orders and sales</h2>
      <Form method="post" className="inline-form">
        <input type="hidden" name="intent" value="find" />
        <label>
          Receipt or order number <input name="number" inputMode="numeric" size={8} />
        </label>
        <button type="submit">Open</button>
      </Form>
      <Form method="get" className="filters" aria-label="Filter orders">
        <input type="hidden" name="sort" value={sort} />
        <label>
          Status{" "}
          <select name="status" defaultValue={params.get("status") ?? ""}>
            <option value="">Any</option>
            {ORDER_STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Channel{" "}
          <select name="channel" defaultValue={params.get("channel") ?? ""}>
            <option value="">Online and till</option>
            <option value="online">Online</option>
            <option value="pos">Till</option>
          </select>
        </label>
        <label>
          From <input type="date" name="from" defaultValue={params.get("from") ?? ""} aria-invalid={dateError ? true : undefined} />
        </label>
        <label>
          To{" "}
          <input
            type="date"
            name="to"
            defaultValue={params.get("to") ?? ""}
            aria-invalid={dateError ? true : undefined}
            aria-describedby={dateError ? "date-error" : undefined}
          />
        </label>
        <label>
          Search <input name="q" defaultValue={params.get("q") ?? ""} placeholder="#number, name or email" />
        </label>
        <button type="submit">Filter</button>
        {[...params.keys()].some((k) => k !== "sort") ? (
          <Link to="?" className="button secondary">
            Clear
          </Link>
        ) : null}
      </Form>
      {dateError ? (
        <p id="date-error" className="field-error" role="alert">
          {dateError}
        </p>
      ) : null}
      <p className="hint">Days and times are in the shop&apos;s time zone ({timeZone}).</p>
      <DataTable
        label="Orders"
        rows={list.items}
        rowKey={(o) => o.id}
        sort={sort}
        nextCursor={list.nextCursor}
        empty={
          <p>
            No orders match.
            {[...params.keys()].some((k) => k !== "sort") ? (
              <>
                {" "}
                <Link to="?">Clear the filters</Link>
              </>
            ) : null}
          </p>
        }
        columns={[
          { header: "#", sortKey: "number", cell: (o) => <Link to={`/shop/${slug}/orders/${o.id}`}>#{o.number}</Link> },
          { header: "When", sortKey: "created", cell: (o) => formatShopTime(o.createdAt, timeZone) },
          { header: "Customer", cell: (o) => o.contactName },
          { header: "Channel", cell: (o) => (o.channel === "pos" ? "Till" : o.fulfilment === "delivery" ? "Delivery" : "Pickup") },
          { header: "Status", cell: (o) => <StatusBadge status={o.status} /> },
          { header: "Total", sortKey: "total", numeric: true, cell: (o) => formatMoney(o.total, o.currency) },
        ]}
      />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
