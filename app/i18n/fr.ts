import type { MessageKey } from "./en";

/**
 * Les mêmes messages en français, écrits comme une boutique française les
 * écrirait (espace avant « : », montants « 1,40 € », heures « 19:00 »).
 * Les SMS restent en GSM-7 : pas de « ê », « â », « ç », « ô », « n° »
 * (voir la décision sur les messages), d'où « disponible » plutôt que « prête ».
 */
export const fr: Record<MessageKey, string> = {
  "sms.order.ready": "Votre commande {number} chez {shop} est disponible. Retrait : {place}. Suivi : {url} STOP pour ne plus recevoir de SMS.",
  "sms.order.outForDelivery": "Votre commande {number} chez {shop} est en cours de livraison. Suivi : {url} STOP pour ne plus recevoir de SMS.",
  "sms.order.delayed":
    "Votre commande {number} chez {shop} a du retard, toutes nos excuses. {kind, select, slot {Nouveau créneau : {when}.} other {Elle sera disponible vers {when}.}} Suivi : {url} STOP pour ne plus recevoir de SMS.",
  "sms.order.delayedWithReason":
    "Votre commande {number} chez {shop} a du retard ({reason}), toutes nos excuses. {kind, select, slot {Nouveau créneau : {when}.} other {Elle sera disponible vers {when}.}} Suivi : {url} STOP pour ne plus recevoir de SMS.",

  "email.order.placed.subject": "Votre commande n° {number} chez {shop}",
  "email.order.placed.heading": "Merci pour votre commande",
  "email.order.placed.intro":
    "{fulfilment, select, delivery {{shop} a bien reçu votre commande n° {number}, à livrer.} other {{shop} a bien reçu votre commande n° {number}, à retirer à {location}.}}",
  "email.order.placed.payment":
    "{paid, select, yes {Elle est réglée. Nous vous écrirons dès qu'elle sera prête.} other {Vous réglerez à {location} en la retirant. Nous vous écrirons dès qu'elle sera prête.}}",
  "email.order.ready.subject": "Votre commande n° {number} est prête",
  "email.order.ready.heading": "Votre commande est prête",
  "email.order.ready.intro": "Votre commande n° {number} est prête. Retrait : {place}.",
  "email.order.outForDelivery.subject": "Votre commande n° {number} est en route",
  "email.order.outForDelivery.heading": "Votre commande est en route",
  "email.order.outForDelivery.intro": "{shop} a confié votre commande n° {number} au livreur.",
  "email.order.delayed.subject": "Votre commande n° {number} a du retard",
  "email.order.delayed.heading": "Votre commande arrivera un peu plus tard",
  "email.order.delayed.intro":
    "{kind, select, slot {{shop} a déplacé votre commande n° {number} sur un nouveau créneau de retrait : {when}.} other {{shop} aura préparé votre commande n° {number} vers {when}.}}",
  "email.order.delayed.reason": "Motif indiqué par la boutique : {reason}",
  "email.order.delayed.sorry": "Toutes nos excuses pour l'attente.",
  "email.order.cancelled.subject": "Votre commande n° {number} a été annulée",
  "email.order.cancelled.heading": "Votre commande a été annulée",
  "email.order.cancelled.intro":
    "{paid, select, yes {Votre commande n° {number} chez {shop} a été annulée ; tout paiement vous est remboursé.} other {Votre commande n° {number} chez {shop} a été annulée et rien ne vous a été débité.}}",
  "email.receipt.subject": "Votre ticket de caisse chez {shop} (n° {number})",
  "email.receipt.heading": "Ticket n° {number}",
  "email.receipt.intro": "Merci de votre visite chez {shop} le {date}.",
  "email.receipt.payment":
    "{kind, select, cash {Espèces : {amount}} stripe {Carte (en ligne) : {amount}} other {Carte : {amount}}}{hasChange, select, yes {, rendu {change}} other {}}",

  "email.order.action": "Voir votre commande",
  "email.order.footnote": "Commande n° {number} chez {shop}. Une question ? Répondez directement à la boutique.",
  "email.order.line": "{quantity} × {item} : {total}",
  "email.order.discount": "Remise : −{amount}",
  "email.order.delivery": "Livraison : {amount}",
  "email.order.tax": "{included, select, yes {TVA incluse : {amount}} other {TVA : {amount}}}",
  "email.order.total": "Total : {amount}",
  "email.order.items": "{count, plural, one {# article} other {# articles}}",
  "email.pasteLink": "Ou copiez ce lien dans votre navigateur : {url}",
  "email.marketing.footer": "Vous recevez les nouveautés et offres de {shop}.",
  "email.marketing.unsubscribe": "Se désabonner",

  "unsubscribe.title": "Ne plus recevoir les nouveautés et offres de {shop} ?",
  "unsubscribe.explain": "Vous recevrez toujours les emails sur vos commandes.",
  "unsubscribe.button": "Ne plus recevoir les nouveautés",
  "unsubscribe.done.title": "Vous ne recevrez plus les nouveautés et offres de {shop}",
  "unsubscribe.done.explain": "Vous avez changé d'avis ? Réactivez-les dans votre compte Nearshop, ou demandez à {shop}.",
  "unsubscribe.already": "Vous ne recevez pas les nouveautés et offres de {shop}",
  "unsubscribe.invalid.title": "Ce lien de désabonnement n'est pas valide",
  "unsubscribe.invalid.explain": "Vérifiez que vous avez copié le lien en entier depuis l'email.",
};
