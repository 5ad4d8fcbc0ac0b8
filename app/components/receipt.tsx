import { formatRate, type VatRow } from "../../server/services/orders/vat";

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
  return (
    <header className="receipt-head">
      <h1>{shop.name}</h1>
      <p>
        {shop.addressLine1}
        {shop.addressLine2 ? (
          <>
            <br />
            {shop.addressLine2}
          </>
        ) : null}
        <br />
        {shop.postalCode} {shop.city} · {shop.country}
        {shop.phone ? (
          <>
            <br />
            Tel. {shop.phone}
          </>
        ) : null}
        {shop.vatNumber ? (
          <>
            <br />
            VAT no. {shop.vatNumber}
          </>
        ) : null}
        {shop.companyNumber ? (
          <>
            <br />
            Company no. {shop.companyNumber}
          </>
        ) : null}
      </p>
    </header>
  );
}

/** Tax per rate: rate, net, tax and gross, as a VAT receipt must show them. */
export function VatTable({ rows, money, label = "VAT" }: { rows: readonly VatRow[]; money: (n: number) => string; label?: string }) {
  if (rows.length === 0) return null;
  return (
    <table className="vat" aria-label={`${label} by rate`}>
      <thead>
        <tr>
          <th scope="col">{label}</th>
          <th scope="col" className="num">
            Net
          </th>
          <th scope="col" className="num">
            Tax
          </th>
          <th scope="col" className="num">
            Gross
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.rate}>
            <td>{formatRate(r.rate)}</td>
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
      {(text ?? "").split("\n").map((line, i) => (line ? <p key={i}>{line}</p> : null))}
      <p>{fallback}</p>
    </footer>
  );
}
