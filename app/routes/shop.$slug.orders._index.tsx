import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation, useParams, useRevalidator, useSearchParams } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { STATUS_KEYS, StatusBadge, stepLabel } from "../components/orders";
import { redirectWithToast } from "../lib/toast.server";
import { load, toResponse } from "../lib/trpc.server";
import { requireParams } from "../lib/url-params";
import { DataTable } from "../components/ui";
import { ORDER_STATUSES, orderListFields, receiptLookupSchema, transitionSchema } from "../../server/schemas/orders";
import { parseForm, readForm } from "../lib/forms";
import { z } from "zod";
import { idSchema } from "../../server/schemas/common";
import { intentOr, UNKNOWN_INTENT } from "../../server/schemas/form-fields";
import { translator, useFormat, useT, type WebKey } from "../lib/i18n";
import { useShopTimeZone } from "../lib/use-shop-time-zone";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: translator(data?.locale ?? "en")("orders.list.title") }];

/** What the filter form and the pager send; an empty field means "not set". */
const listParams = orderListFields.omit({ cursor: true }).extend({ after: orderListFields.shape.cursor });

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const shopSlug = params.slug ?? "";
  const { after, ...filters } = requireParams(request, listParams);
  // An end before the start is said beside the dates; the list keeps the start.
  const dateError = filters.from && filters.to && filters.to < filters.from ? translator(context.locale)("orders.list.dateError") : null;
  const input = { ...filters, ...(dateError ? { to: undefined } : {}), cursor: after };
  const [board, list] = await load(request, () => Promise.all([context.trpc.orders.board({ shopSlug }), context.trpc.orders.list({ shopSlug, ...input })]));
  return data({ board, list, sort: filters.sort, dateError, locale: context.locale }, { status: dateError ? 400 : 200 });
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
  const t = translator(context.locale);
  try {
    const input = parseForm(form, listPageForm, { beside: [] });
    if (input.intent === "find") {
      const order = await context.trpc.orders.byNumber({ shopSlug, number: input.number });
      return redirectWithToast(`/shop/${shopSlug}/orders/${order.id}`, t("orders.toast.found", { number: order.number }));
    }
    const moved = await context.trpc.orders.transition({ shopSlug, orderId: input.orderId, to: input.to });
    return redirectWithToast(`/shop/${shopSlug}/orders`, t("orders.toast.moved", { number: moved.number, status: moved.status }));
  } catch (error) {
    return toResponse(error, request);
  }
}

const COLUMNS: readonly { title: WebKey; statuses: readonly string[] }[] = [
  { title: "office.today.groupNew", statuses: ["paid", "confirmed"] },
  { title: "office.today.groupPreparing", statuses: ["preparing"] },
  { title: "office.today.groupReady", statuses: ["ready_for_pickup", "out_for_delivery"] },
];

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
  const t = useT();
  const f = useFormat();
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
        {t("orders.list.heading")}{" "}
        {fresh ? (
          <button type="button" className="count new-orders" onClick={() => setFresh(0)} aria-label={t("orders.list.freshLabel", { count: fresh })}>
            {t("orders.list.fresh", { count: fresh })}
          </button>
        ) : null}
      </h1>
      <p className="hint" aria-live="polite">
        {live === "live" ? t("orders.list.live") : live === "offline" ? t("orders.list.reconnecting") : t("orders.list.connecting")}
      </p>
      <section className="board" aria-label={t("orders.list.board")}>
        {COLUMNS.map((col) => {
          const orders = board.filter((o) => col.statuses.includes(o.status));
          return (
            <div key={col.title} className="board-column">
              <h2>
                {t(col.title)} <small>({orders.length})</small>
              </h2>
              {orders.length === 0 ? <p className="empty">{t("orders.list.none")}</p> : null}
              {orders.map((o) => (
                <article key={o.id} className="board-card" aria-label={t("orders.label.order", { number: o.number })}>
                  <h3>
                    <Link to={`/shop/${slug}/orders/${o.id}`}>#{o.number}</Link> <span translate="no">{o.contactName}</span>
                  </h3>
                  <p>
                    <StatusBadge status={o.status} />{" "}
                    {o.fulfilment === "delivery" ? (
                      t("orders.fulfilment.delivery")
                    ) : (
                      <>
                        {t("orders.fulfilment.pickup")} · <span translate="no">{o.location.name}</span>
                      </>
                    )}{" "}
                    · {f.money(o.total, o.currency)}
                  </p>
                  {o.pickupSlotStart && o.pickupSlotEnd ? (
                    <p className="pickup-slot">
                      <strong>{t("orders.list.pickupSlot", { slot: f.slot(o.pickupSlotStart, o.pickupSlotEnd, timeZone) })}</strong>
                    </p>
                  ) : null}
                  <ul>
                    {o.lines.map((l, i) => (
                      <li key={i}>
                        {l.quantity} × <span translate="no">{l.title}</span>
                        {l.variantTitle ? <span translate="no"> ({l.variantTitle})</span> : ""}
                      </li>
                    ))}
                  </ul>
                  {o.note ? (
                    <p className="order-note">
                      <strong>{t("orders.list.note")}</strong> <span translate="no">{o.note}</span>
                    </p>
                  ) : null}
                  <p className="hint">{f.dateTime(o.createdAt, timeZone)}</p>
                  <div className="row">
                    {o.next
                      .filter((to) => to !== "cancelled" && !(to === "completed" && o.paid < o.total))
                      .map((to) => (
                        <Form key={to} method="post">
                          <input type="hidden" name="orderId" value={o.id} />
                          <input type="hidden" name="to" value={to} />
                          <button type="submit" disabled={busy}>
                            {stepLabel(t, to)}
                          </button>
                        </Form>
                      ))}
                    {o.next.includes("completed") && o.paid < o.total ? <Link to={`/shop/${slug}/orders/${o.id}`}>{t("office.today.takePayment")}</Link> : null}
                  </div>
                </article>
              ))}
            </div>
          );
        })}
      </section>

      <h2>{t("orders.list.all")}</h2>
      <Form method="post" className="inline-form">
        <input type="hidden" name="intent" value="find" />
        <label>
          {t("orders.list.number")} <input name="number" inputMode="numeric" size={8} />
        </label>
        <button type="submit">{t("orders.list.open")}</button>
      </Form>
      <Form method="get" className="filters" aria-label={t("orders.list.filter")}>
        <input type="hidden" name="sort" value={sort} />
        <label>
          {t("orders.list.status")}{" "}
          <select name="status" defaultValue={params.get("status") ?? ""}>
            <option value="">{t("orders.list.any")}</option>
            {ORDER_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(STATUS_KEYS[s])}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("orders.list.channel")}{" "}
          <select name="channel" defaultValue={params.get("channel") ?? ""}>
            <option value="">{t("orders.list.channelAll")}</option>
            <option value="online">{t("orders.channel.online")}</option>
            <option value="pos">{t("orders.channel.pos")}</option>
          </select>
        </label>
        <label>
          {t("orders.list.from")} <input type="date" name="from" defaultValue={params.get("from") ?? ""} aria-invalid={dateError ? true : undefined} />
        </label>
        <label>
          {t("orders.list.to")}{" "}
          <input
            type="date"
            name="to"
            defaultValue={params.get("to") ?? ""}
            aria-invalid={dateError ? true : undefined}
            aria-describedby={dateError ? "date-error" : undefined}
          />
        </label>
        <label>
          {t("orders.list.search")} <input name="q" defaultValue={params.get("q") ?? ""} placeholder={t("orders.list.searchPlaceholder")} />
        </label>
        <button type="submit">{t("orders.list.filterButton")}</button>
        {[...params.keys()].some((k) => k !== "sort") ? (
          <Link to="?" className="button secondary">
            {t("orders.list.clear")}
          </Link>
        ) : null}
      </Form>
      {dateError ? (
        <p id="date-error" className="field-error" role="alert">
          {dateError}
        </p>
      ) : null}
      <p className="hint">{t("orders.list.zone", { zone: timeZone })}</p>
      <DataTable
        label={t("orders.list.heading")}
        rows={list.items}
        rowKey={(o) => o.id}
        sort={sort}
        nextCursor={list.nextCursor}
        empty={
          <p>
            {t("orders.list.empty")}
            {[...params.keys()].some((k) => k !== "sort") ? (
              <>
                {" "}
                <Link to="?">{t("orders.list.clearFilters")}</Link>
              </>
            ) : null}
          </p>
        }
        columns={[
          { header: "#", sortKey: "number", cell: (o) => <Link to={`/shop/${slug}/orders/${o.id}`}>#{o.number}</Link> },
          { header: t("orders.col.when"), sortKey: "created", cell: (o) => f.dateTime(o.createdAt, timeZone) },
          { header: t("orders.col.customer"), cell: (o) => <span translate="no">{o.contactName}</span> },
          {
            header: t("orders.col.channel"),
            cell: (o) =>
              o.channel === "pos" ? t("orders.channel.pos") : o.fulfilment === "delivery" ? t("orders.fulfilment.delivery") : t("orders.fulfilment.pickup"),
          },
          { header: t("orders.col.status"), cell: (o) => <StatusBadge status={o.status} /> },
          { header: t("orders.col.total"), sortKey: "total", numeric: true, cell: (o) => f.money(o.total, o.currency) },
        ]}
      />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
