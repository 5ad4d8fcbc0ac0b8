import { Text } from "@react-email/components";
import { t, type Locale } from "../../app/i18n";
import { EmailLayout, type EmailLayoutProps } from "./layout";

/** The words every account or staff email shares, in its language. */
function frame(locale: Locale, url: string) {
  return { lang: locale, pasteLink: t(locale, "email.pasteLink", { url }) };
}

export function WelcomeEmail(p: { locale: Locale; name: string; shopName?: string; url: string }) {
  const shop = p.shopName ? "yes" : "none";
  return (
    <EmailLayout
      {...frame(p.locale, p.url)}
      preview={t(p.locale, "email.welcome.preview", { shop })}
      heading={t(p.locale, "email.welcome.heading", { name: p.name })}
      action={{ label: t(p.locale, "email.welcome.action"), url: p.url }}
      footnote={t(p.locale, "email.welcome.footnote")}
    >
      <Text>{t(p.locale, "email.welcome.text", { shop, shopName: p.shopName ?? "" })}</Text>
    </EmailLayout>
  );
}

export function AccountExistsEmail(p: { locale: Locale; name: string; loginUrl: string; resetUrl: string }) {
  return (
    <EmailLayout
      {...frame(p.locale, p.loginUrl)}
      preview={t(p.locale, "email.exists.preview")}
      heading={t(p.locale, "email.exists.subject")}
      action={{ label: t(p.locale, "email.exists.action"), url: p.loginUrl }}
      footnote={t(p.locale, "email.exists.footnote")}
    >
      <Text>{t(p.locale, "email.exists.text", { name: p.name, resetUrl: p.resetUrl })}</Text>
    </EmailLayout>
  );
}

export function PasswordResetEmail(p: { locale: Locale; name: string; url: string }) {
  return (
    <EmailLayout
      {...frame(p.locale, p.url)}
      preview={t(p.locale, "email.reset.subject")}
      heading={t(p.locale, "email.reset.heading")}
      action={{ label: t(p.locale, "email.reset.action"), url: p.url }}
      footnote={t(p.locale, "email.reset.footnote")}
    >
      <Text>{t(p.locale, "email.reset.text", { name: p.name })}</Text>
    </EmailLayout>
  );
}

export function StaffInviteEmail(p: { locale: Locale; shopName: string; inviterName: string | null; role: string; url: string }) {
  const inviter = p.inviterName ?? t(p.locale, "email.invite.inviter");
  return (
    <EmailLayout
      {...frame(p.locale, p.url)}
      preview={t(p.locale, "email.invite.preview", { inviter, shop: p.shopName })}
      heading={t(p.locale, "email.invite.heading", { shop: p.shopName })}
      action={{ label: t(p.locale, "email.invite.action"), url: p.url }}
      footnote={t(p.locale, "email.invite.footnote")}
    >
      <Text>{t(p.locale, "email.invite.text", { inviter, shop: p.shopName, role: p.role === "manager" ? "manager" : "cashier" })}</Text>
    </EmailLayout>
  );
}

export function LowStockEmail(p: {
  locale: Locale;
  shopName: string;
  product: string;
  sku: string;
  location: string;
  available: number;
  threshold: number;
  url: string;
}) {
  const values = { product: p.product, sku: p.sku, location: p.location, available: p.available, threshold: p.threshold, shop: p.shopName };
  return (
    <EmailLayout
      {...frame(p.locale, p.url)}
      preview={t(p.locale, "staff.lowStock.subject", values)}
      heading={t(p.locale, "staff.lowStock.heading", values)}
      action={{ label: t(p.locale, "staff.lowStock.action"), url: p.url }}
      footnote={t(p.locale, "staff.lowStock.footnote")}
    >
      <Text>{t(p.locale, "staff.lowStock.text", values)}</Text>
    </EmailLayout>
  );
}

/** An order as an email shows it: each line already written out in the email's language ("2 × Baguette: €2.80"). */
export type EmailOrder = { number: number; shopName: string; count?: string; lines: string[]; extra?: string[]; total: string };

function OrderSummary({ order }: { order: EmailOrder }) {
  return (
    <>
      {order.count ? <Text style={{ margin: "4px 0", color: "#6b6b66" }}>{order.count}</Text> : null}
      {order.lines.map((l, i) => (
        <Text key={i} style={{ margin: "4px 0" }}>
          {l}
        </Text>
      ))}
      {(order.extra ?? []).map((e, i) => (
        <Text key={`x${i}`} style={{ margin: "4px 0" }}>
          {e}
        </Text>
      ))}
      <Text style={{ fontWeight: 700 }}>{order.total}</Text>
    </>
  );
}

/**
 * To the customer, for each step that matters (placed, ready, out, delayed,
 * cancelled) and for receipts: every text comes written in the customer's
 * language (app/i18n); the layout only places it.
 */
export function OrderUpdateEmail(
  p: {
    heading: string;
    paragraphs: string[];
    order: EmailOrder;
    url?: string;
    actionLabel?: string;
    footnote?: string;
  } & Pick<EmailLayoutProps, "lang" | "pasteLink" | "marketing">,
) {
  return (
    <EmailLayout
      lang={p.lang}
      preview={`${p.order.shopName}: ${p.heading}`}
      heading={p.heading}
      action={p.url ? { label: p.actionLabel ?? "See your order", url: p.url } : undefined}
      footnote={p.footnote ?? `Order #${p.order.number} at ${p.order.shopName}. Questions? Reply to the shop directly.`}
      pasteLink={p.pasteLink}
      marketing={p.marketing}
    >
      {p.paragraphs.map((text) => (
        <Text key={text}>{text}</Text>
      ))}
      <OrderSummary order={p.order} />
    </EmailLayout>
  );
}

/** To the shop's owners and managers: a new online order to prepare. */
export function NewOrderEmail(p: { locale: Locale; customer: string; fulfilment: "delivery" | "pickup"; location: string; order: EmailOrder; url: string }) {
  const values = { number: p.order.number, customer: p.customer, fulfilment: p.fulfilment, location: p.location };
  return (
    <EmailLayout
      {...frame(p.locale, p.url)}
      preview={t(p.locale, "staff.orderPlaced.subject", values)}
      heading={t(p.locale, "staff.orderPlaced.title", values)}
      action={{ label: t(p.locale, "staff.orderPlaced.action"), url: p.url }}
      footnote={t(p.locale, "staff.footnote.manage")}
    >
      <Text>{t(p.locale, "staff.orderPlaced.text", values)}</Text>
      <OrderSummary order={p.order} />
    </EmailLayout>
  );
}

/** A notice to a shop's managers or owner (disputes, failed payouts, failed refunds), its texts written in their language. */
export function PaymentNoticeEmail(p: {
  locale: Locale;
  shopName: string;
  heading: string;
  lines: string[];
  url: string;
  actionLabel: string;
  order?: EmailOrder;
}) {
  return (
    <EmailLayout
      {...frame(p.locale, p.url)}
      preview={`${p.shopName}: ${p.heading}`}
      heading={p.heading}
      action={{ label: p.actionLabel, url: p.url }}
      footnote={t(p.locale, "staff.footnote.run", { shop: p.shopName })}
    >
      {p.lines.map((line) => (
        <Text key={line}>{line}</Text>
      ))}
      {p.order ? <OrderSummary order={p.order} /> : null}
    </EmailLayout>
  );
}
