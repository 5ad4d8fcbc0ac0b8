import { type VatRow } from "../../server/services/orders/vat";
import type { TenderKind } from "../../server/db/generated/enums";
import { useFormat, useT, type WebKey } from "../lib/i18n";

/** How a payment was taken or paid back, as a receipt names it. */
export const TENDER_LABELS: Record<TenderKind, WebKey> = {
  cash: "till.tender.cash",
  card_terminal: "till.tender.card_terminal",
  stripe: "till.tender.stripe",
  exchange: "till.tender.exchange",
};

type ShopLegal = {
  name: string;
  addressLine1: string;
  addressLine2: string | null;
  city: string;
  postalCode: string;
  country: string;
  phone: string | null;
  vatNumber: string | null;
  companyNumber: string | null;
};

/** The top of every receipt: the shop's name, address and registration numbers. */
export function ReceiptHeader({ shop }: { shop: ShopLegal }) {
  const t = useT();
  return (
    <header className="receipt-head">
      <h1 translate="no">{shop.name}</h1>
      <p>
        <span translate="no">{shop.addressLine1}</span>
        {shop.addressLine2 ? (
          <>
            <br />
            <span translate="no">{shop.addressLine2}</span>
          </>
        ) : null}
        <br />
        <span translate="no">
          {shop.postalCode} {shop.city} · {shop.country}
        </span>
        {shop.phone ? (
          <>
            <br />
            {t.rich("till.receipt.tel", { phone: <span translate="no">{shop.phone}</span> })}
          </>
        ) : null}
        {shop.vatNumber ? (
          <>
            <br />
            {t.rich("till.receipt.vatNo", { number: <span translate="no">{shop.vatNumber}</span> })}
          </>
        ) : null}
        {shop.companyNumber ? (
          <>
            <br />
            {t.rich("till.receipt.companyNo", { number: <span translate="no">{shop.companyNumber}</span> })}
          </>
        ) : null}
      </p>
    </header>
  );
}

/** Tax per rate: rate, net, tax and gross, as a VAT receipt must show them. */
export function VatTable({ rows, money, label }: { rows: readonly VatRow[]; money: (n: number) => string; label?: string }) {
  const t = useT();
  const f = useFormat();
  if (rows.length === 0) return null;
  const title = label ?? t("till.vat.label");
  return (
    <table className="vat" aria-label={t("till.vat.byRate", { label: title })}>
      <thead>
        <tr>
          <th scope="col">{title}</th>
          <th scope="col" className="num">
            {t("till.vat.net")}
          </th>
          <th scope="col" className="num">
            {t("till.vat.tax")}
          </th>
          <th scope="col" className="num">
            {t("till.vat.gross")}
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.rate}>
            <td>{f.number(r.rate / 100)} %</td>
            <td className="num">{money(r.net)}</td>
            <td className="num">{money(r.tax)}</td>
            <td className="num">{money(r.gross)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The shop's own footer text, line by line, then the house's. */
export function ReceiptFooter({ text, fallback }: { text: string | null; fallback: string }) {
  return (
    <footer className="thanks">
      {(text ?? "").split("\n").map((line, i) =>
        line ? (
          <p key={i} translate="no">
            {line}
          </p>
        ) : null,
      )}
      <p>{fallback}</p>
    </footer>
  );
}
