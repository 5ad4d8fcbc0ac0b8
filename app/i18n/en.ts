/**
 * English messages for what customers read outside the app: SMS and order
 * emails (docs/decisions/0033-i18n-messages.md). ICU MessageFormat; one
 * whole sentence (or a whole SMS) per key; values arrive formatted (money,
 * times) except counts. `fr.ts` must have the same keys and placeholders
 * (app/i18n/catalog.test.ts).
 */
export const en = {
  // SMS: one key is one whole text. Keep them GSM-7 (no curly quotes, no
  // dashes other than "-") and within two segments with a usual shop name.
  "sms.order.ready": "{shop}: your order #{number} is ready. Pick it up at {place}. {url} Reply STOP to stop texts.",
  "sms.order.outForDelivery": "{shop}: your order #{number} is on its way. {url} Reply STOP to stop texts.",
  "sms.order.delayed":
    "{shop}: sorry, your order #{number} is running late. {kind, select, slot {New pickup time: {when}.} other {It will be ready at about {when}.}} {url} Reply STOP to stop texts.",
  "sms.order.delayedWithReason":
    "{shop}: sorry, your order #{number} is running late ({reason}). {kind, select, slot {New pickup time: {when}.} other {It will be ready at about {when}.}} {url} Reply STOP to stop texts.",

  // Order emails to the customer.
  "email.order.placed.subject": "Your order #{number} at {shop}",
  "email.order.placed.heading": "Thank you for your order",
  "email.order.placed.intro":
    "{fulfilment, select, delivery {{shop} has your order #{number} for delivery.} other {{shop} has your order #{number} for pickup at {location}.}}",
  "email.order.placed.payment":
    "{paid, select, yes {It is paid. We will email you when it is ready.} other {You pay at {location} when you collect it. We will email you when it is ready.}}",
  "email.order.ready.subject": "Your order #{number} is ready for pickup",
  "email.order.ready.heading": "Your order is ready",
  "email.order.ready.intro": "Your order #{number} is ready for pickup at {place}.",
  "email.order.outForDelivery.subject": "Your order #{number} is on its way",
  "email.order.outForDelivery.heading": "Your order is on its way",
  "email.order.outForDelivery.intro": "{shop} has sent out your order #{number}.",
  "email.order.delayed.subject": "Your order #{number} is delayed",
  "email.order.delayed.heading": "Your order will be a little later",
  "email.order.delayed.intro":
    "{kind, select, slot {{shop} has moved your order #{number} to a new pickup time: {when}.} other {{shop} will have your order #{number} ready at about {when}.}}",
  "email.order.delayed.reason": "The shop's reason: {reason}",
  "email.order.delayed.sorry": "Sorry for the wait.",
  "email.order.cancelled.subject": "Your order #{number} was cancelled",
  "email.order.cancelled.heading": "Your order was cancelled",
  "email.order.cancelled.intro":
    "{paid, select, yes {Your order #{number} at {shop} was cancelled; any payment is refunded.} other {Your order #{number} at {shop} was cancelled and nothing was charged.}}",
  "email.receipt.subject": "Your receipt from {shop} (#{number})",
  "email.receipt.heading": "Receipt #{number}",
  "email.receipt.intro": "Thank you for shopping at {shop} on {date}.",
  "email.receipt.payment":
    "{kind, select, cash {Cash: {amount}} stripe {Card (online): {amount}} other {Card: {amount}}}{hasChange, select, yes {, change {change}} other {}}",

  // The parts every customer order email shares.
  "email.order.action": "See your order",
  "email.order.footnote": "Order #{number} at {shop}. Questions? Reply to the shop directly.",
  "email.order.line": "{quantity} × {item}: {total}",
  "email.order.discount": "Discount: −{amount}",
  "email.order.delivery": "Delivery: {amount}",
  "email.order.tax": "{included, select, yes {Tax included: {amount}} other {Tax: {amount}}}",
  "email.order.total": "Total: {amount}",
  "email.order.items": "{count, plural, one {# item} other {# items}}",
  "email.pasteLink": "Or paste this link into your browser: {url}",
  "email.marketing.footer": "You get news and offers from {shop}.",
  "email.marketing.unsubscribe": "Unsubscribe",

  // The unsubscribe page (/unsubscribe/<token>).
  "unsubscribe.title": "Stop news and offers from {shop}?",
  "unsubscribe.explain": "You will still get emails about your orders.",
  "unsubscribe.button": "Stop news and offers",
  "unsubscribe.done.title": "You will no longer get news and offers from {shop}",
  "unsubscribe.done.explain": "Changed your mind? Switch news and offers back on in your Nearshop account, or ask {shop}.",
  "unsubscribe.already": "You do not get news and offers from {shop}",
  "unsubscribe.invalid.title": "This unsubscribe link is not valid",
  "unsubscribe.invalid.explain": "Check that you copied the whole link from the email.",
} as const;

export type MessageKey = keyof typeof en;
