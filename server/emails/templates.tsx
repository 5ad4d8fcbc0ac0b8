import { Text } from "@react-email/components";
import { EmailLayout, type EmailLayoutProps } from "./layout";

export function WelcomeEmail(p: { name: string; shopName?: string; url: string }) {
  return (
    <EmailLayout
      preview={p.shopName ? "Confirm your email to open your shop" : "Confirm your email to finish your Nearshop account"}
      heading={`Welcome to Nearshop, ${p.name}`}
      action={{ label: "Confirm my email", url: p.url }}
      footnote="This link works once and expires in 48 hours. If you did not sign up, ignore this email."
    >
      <Text>
        {p.shopName ? `Your shop ${p.shopName} is ready.` : "Your account is ready: order from shops near you and follow every order in one place."} Confirm
        your email address to log in.
      </Text>
    </EmailLayout>
  );
}

export function AccountExistsEmail(p: { name: string; loginUrl: string; resetUrl: string }) {
  return (
    <EmailLayout
      preview="Someone tried to sign up with your email"
      heading="You already have a Nearshop account"
      action={{ label: "Log in", url: p.loginUrl }}
      footnote="If this was not you, you can ignore this email: nothing has changed."
    >
      <Text>
        Hello {p.name}, someone (probably you) tried to sign up with this email address. Log in instead, or reset your password if you have forgotten it:{" "}
        {p.resetUrl}
      </Text>
    </EmailLayout>
  );
}

export function PasswordResetEmail(p: { name: string; url: string }) {
  return (
    <EmailLayout
      preview="Reset your Nearshop password"
      heading="Reset your password"
      action={{ label: "Choose a new password", url: p.url }}
      footnote="This link works once and expires in 1 hour. If you did not ask for it, ignore this email."
    >
      <Text>Hello {p.name}, we received a request to reset the password of your Nearshop account.</Text>
    </EmailLayout>
  );
}

export function StaffInviteEmail(p: { shopName: string; inviterName: string; role: string; url: string }) {
  return (
    <EmailLayout
      preview={`${p.inviterName} invited you to ${p.shopName}`}
      heading={`Join ${p.shopName} on Nearshop`}
      action={{ label: "Accept the invitation", url: p.url }}
      footnote="This invitation expires in 7 days."
    >
      <Text>
        {p.inviterName} invited you to work at {p.shopName} as {p.role === "manager" ? "a manager" : "a cashier"}.
      </Text>
    </EmailLayout>
  );
}

export function LowStockEmail(p: { shopName: string; product: string; sku: string; location: string; available: number; threshold: number; url: string }) {
  return (
    <EmailLayout
      preview={`Low stock: ${p.product} at ${p.location}`}
      heading={`Low stock at ${p.shopName}`}
      action={{ label: "See the stock", url: p.url }}
      footnote="You get this once each time an item falls to its low-stock threshold, because you manage this shop."
    >
      <Text>
        {p.product} ({p.sku}) is down to {p.available} available at {p.location}; the alert threshold is {p.threshold}.
      </Text>
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
export function NewOrderEmail(p: { customer: string; fulfilment: string; order: EmailOrder; url: string }) {
  return (
    <EmailLayout
      preview={`New order #${p.order.number} from ${p.customer}`}
      heading={`New order #${p.order.number}`}
      action={{ label: "Open the order board", url: p.url }}
      footnote="You get this because you manage this shop."
    >
      <Text>
        {p.customer} ordered for {p.fulfilment}.
      </Text>
      <OrderSummary order={p.order} />
    </EmailLayout>
  );
}

/** A payments notice to a shop's managers or owner (disputes, failed payouts). */
export function PaymentNoticeEmail(p: { shopName: string; heading: string; lines: string[]; url: string; actionLabel: string }) {
  return (
    <EmailLayout
      preview={`${p.shopName}: ${p.heading}`}
      heading={p.heading}
      action={{ label: p.actionLabel, url: p.url }}
      footnote={`You get this because you run ${p.shopName} on Nearshop.`}
    >
      {p.lines.map((line) => (
        <Text key={line}>{line}</Text>
      ))}
    </EmailLayout>
  );
}
