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

  // Emails about a person's own account, in their language (users.locale, set at sign-up or by the switcher).
  "email.footnote.default": "Nearshop: your neighbourhood's shops, online.",
  "email.welcome.subject": "Confirm your email for Nearshop",
  "email.welcome.preview": "{shop, select, none {Confirm your email to finish your Nearshop account} other {Confirm your email to open your shop}}",
  "email.welcome.heading": "Welcome to Nearshop, {name}",
  "email.welcome.text":
    "{shop, select, none {Your account is ready: order from shops near you and follow every order in one place. Confirm your email address to log in.} other {Your shop {shopName} is ready. Confirm your email address to log in.}}",
  "email.welcome.action": "Confirm my email",
  "email.welcome.footnote": "This link works once and expires in 48 hours. If you did not sign up, ignore this email.",
  "email.exists.subject": "You already have a Nearshop account",
  "email.exists.preview": "Someone tried to sign up with your email",
  "email.exists.text":
    "Hello {name}, someone (probably you) tried to sign up with this email address. Log in instead, or reset your password if you have forgotten it: {resetUrl}",
  "email.exists.action": "Log in",
  "email.exists.footnote": "If this was not you, you can ignore this email: nothing has changed.",
  "email.reset.subject": "Reset your Nearshop password",
  "email.reset.heading": "Reset your password",
  "email.reset.text": "Hello {name}, we received a request to reset the password of your Nearshop account.",
  "email.reset.action": "Choose a new password",
  "email.reset.footnote": "This link works once and expires in 1 hour. If you did not ask for it, ignore this email.",
  "email.invite.subject": "You're invited to {shop} on Nearshop",
  "email.invite.preview": "{inviter} invited you to {shop}",
  "email.invite.heading": "Join {shop} on Nearshop",
  "email.invite.text": "{inviter} invited you to work at {shop} as {role, select, manager {a manager} other {a cashier}}.",
  "email.invite.inviter": "The shop owner",
  "email.invite.action": "Accept the invitation",
  "email.invite.footnote": "This invitation expires in 7 days.",

  // To a shop's owners and managers: an in-app notice and an email each, in each person's language.
  "staff.footnote.manage": "You get this because you manage this shop.",
  "staff.footnote.run": "You get this because you run {shop} on Nearshop.",
  "staff.lowStock.title": "Low stock: {product}",
  "staff.lowStock.body": "{available} available at {location} (alert at {threshold}).",
  "staff.lowStock.subject": "Low stock: {product} at {location}",
  "staff.lowStock.heading": "Low stock at {shop}",
  "staff.lowStock.text": "{product} ({sku}) is down to {available} available at {location}; the alert threshold is {threshold}.",
  "staff.lowStock.action": "See the stock",
  "staff.lowStock.footnote": "You get this once each time an item falls to its low-stock threshold, because you manage this shop.",
  "staff.orderPlaced.title": "New order #{number}",
  "staff.orderPlaced.body": "{customer}, {total}, {fulfilment, select, delivery {delivery} other {pickup at {location}}}",
  "staff.orderPlaced.subject": "New order #{number} from {customer}",
  "staff.orderPlaced.text": "{customer} ordered for {fulfilment, select, delivery {delivery} other {pickup at {location}}}.",
  "staff.orderPlaced.action": "Open the order board",
  "staff.refundFailed.title": "Card refund failed on order #{number}",
  "staff.refundFailed.body": "Stripe could not pay {customer} back. Refund them another way (cash or bank transfer) and note it on the order.",
  "staff.order.action": "See the order",
  "staff.dispute.title": "{order, select, none {Card payment disputed: {amount}} other {Card payment disputed: {amount} on order #{order}}}",
  "staff.dispute.body":
    "{due, select, none {The customer's bank took back {amount} ({reason}). Stripe gave no deadline to respond.} other {The customer's bank took back {amount} ({reason}). Respond in your Stripe dashboard by {due}, or the money stays with the customer.}}",
  "staff.dispute.reason":
    "{reason, select, fraudulent {fraud} duplicate {charged twice} product_not_received {product not received} product_unacceptable {product not acceptable} subscription_canceled {subscription cancelled} unrecognized {payment not recognised} credit_not_processed {refund not received} general {general} other {{text}}}",
  "staff.dispute.action": "See the dispute",
  "staff.payoutFailed.title": "Payout of {amount} failed",
  "staff.payoutFailed.body":
    "Your bank returned the payout ({reason}). The money is back in your Stripe balance; check your bank details in your Stripe dashboard so the next payout arrives.",
  "staff.payoutFailed.action": "See payouts",
  "staff.smsCap.title": "SMS limit reached for this month",
  "staff.smsCap.body": "Order #{number}'s customer was not texted: the shop has sent its {cap} SMS for the month. Raise the limit in Settings to send more.",

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
