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

  "email.footnote.default": "Nearshop : les boutiques de votre quartier, en ligne.",
  "email.welcome.subject": "Confirmez votre adresse email pour Nearshop",
  "email.welcome.preview":
    "{shop, select, none {Confirmez votre adresse email pour finaliser votre compte Nearshop} other {Confirmez votre adresse email pour ouvrir votre boutique}}",
  "email.welcome.heading": "Bienvenue sur Nearshop, {name}",
  "email.welcome.text":
    "{shop, select, none {Votre compte est prêt : commandez dans les boutiques près de chez vous et suivez toutes vos commandes au même endroit. Confirmez votre adresse email pour vous connecter.} other {Votre boutique {shopName} est prête. Confirmez votre adresse email pour vous connecter.}}",
  "email.welcome.action": "Confirmer mon adresse email",
  "email.welcome.footnote": "Ce lien ne fonctionne qu’une fois et expire dans 48 heures. Si vous ne vous êtes pas inscrit, ignorez cet email.",
  "email.exists.subject": "Vous avez déjà un compte Nearshop",
  "email.exists.preview": "Quelqu’un a essayé de s’inscrire avec votre adresse email",
  "email.exists.text":
    "Bonjour {name}, quelqu’un (sans doute vous) a essayé de s’inscrire avec cette adresse email. Connectez-vous plutôt, ou réinitialisez votre mot de passe si vous l’avez oublié : {resetUrl}",
  "email.exists.action": "Se connecter",
  "email.exists.footnote": "Si ce n’était pas vous, vous pouvez ignorer cet email : rien n’a changé.",
  "email.reset.subject": "Réinitialisez votre mot de passe Nearshop",
  "email.reset.heading": "Réinitialiser votre mot de passe",
  "email.reset.text": "Bonjour {name}, nous avons reçu une demande de réinitialisation du mot de passe de votre compte Nearshop.",
  "email.reset.action": "Choisir un nouveau mot de passe",
  "email.reset.footnote": "Ce lien ne fonctionne qu’une fois et expire dans 1 heure. Si vous ne l’avez pas demandé, ignorez cet email.",
  "email.invite.subject": "Vous êtes invité à rejoindre {shop} sur Nearshop",
  "email.invite.preview": "{inviter} vous invite à rejoindre {shop}",
  "email.invite.heading": "Rejoignez {shop} sur Nearshop",
  "email.invite.text": "{inviter} vous invite à travailler chez {shop} en tant que {role, select, manager {responsable} other {caissier ou caissière}}.",
  "email.invite.inviter": "Le propriétaire de la boutique",
  "email.invite.action": "Accepter l’invitation",
  "email.invite.footnote": "Cette invitation expire dans 7 jours.",

  "staff.footnote.manage": "Vous recevez ceci parce que vous gérez cette boutique.",
  "staff.footnote.run": "Vous recevez ceci parce que vous tenez {shop} sur Nearshop.",
  "staff.lowStock.title": "Stock bas : {product}",
  "staff.lowStock.body": "{available} disponible(s) à {location} (alerte à {threshold}).",
  "staff.lowStock.subject": "Stock bas : {product} à {location}",
  "staff.lowStock.heading": "Stock bas chez {shop}",
  "staff.lowStock.text": "Il ne reste que {available} {product} ({sku}) disponible(s) à {location} ; le seuil d’alerte est de {threshold}.",
  "staff.lowStock.action": "Voir le stock",
  "staff.lowStock.footnote": "Vous recevez ceci chaque fois qu’un article atteint son seuil de stock bas, parce que vous gérez cette boutique.",
  "staff.orderPlaced.title": "Nouvelle commande n° {number}",
  "staff.orderPlaced.body": "{customer}, {total}, {fulfilment, select, delivery {livraison} other {retrait à {location}}}",
  "staff.orderPlaced.subject": "Nouvelle commande n° {number} de {customer}",
  "staff.orderPlaced.text": "{customer} a commandé en {fulfilment, select, delivery {livraison} other {retrait à {location}}}.",
  "staff.orderPlaced.action": "Ouvrir le tableau des commandes",
  "staff.refundFailed.title": "Échec du remboursement par carte de la commande n° {number}",
  "staff.refundFailed.body": "Stripe n’a pas pu rembourser {customer}. Remboursez autrement (espèces ou virement) et notez-le sur la commande.",
  "staff.order.action": "Voir la commande",
  "staff.dispute.title":
    "{order, select, none {Paiement par carte contesté : {amount}} other {Paiement par carte contesté : {amount} sur la commande n° {order}}}",
  "staff.dispute.body":
    "{due, select, none {La banque du client a repris {amount} ({reason}). Stripe n’a donné aucun délai pour répondre.} other {La banque du client a repris {amount} ({reason}). Répondez dans votre tableau de bord Stripe avant le {due}, sinon l’argent reste au client.}}",
  "staff.dispute.reason":
    "{reason, select, fraudulent {fraude} duplicate {débité deux fois} product_not_received {produit non reçu} product_unacceptable {produit non conforme} subscription_canceled {abonnement résilié} unrecognized {paiement non reconnu} credit_not_processed {remboursement non reçu} general {motif général} other {{text}}}",
  "staff.dispute.action": "Voir la contestation",
  "staff.payoutFailed.title": "Le virement de {amount} a échoué",
  "staff.payoutFailed.body":
    "Votre banque a renvoyé le virement ({reason}). L’argent est revenu sur votre solde Stripe ; vérifiez vos coordonnées bancaires dans votre tableau de bord Stripe pour que le prochain virement arrive.",
  "staff.payoutFailed.action": "Voir les virements",
  "staff.smsCap.title": "Limite de SMS atteinte pour ce mois",
  "staff.smsCap.body":
    "Le client de la commande n° {number} n’a pas reçu de SMS : la boutique a envoyé ses {cap} SMS du mois. Augmentez la limite dans les Réglages pour en envoyer davantage.",

  "unsubscribe.title": "Ne plus recevoir les nouveautés et offres de {shop} ?",
  "unsubscribe.explain": "Vous recevrez toujours les emails sur vos commandes.",
  "unsubscribe.button": "Ne plus recevoir les nouveautés",
  "unsubscribe.done.title": "Vous ne recevrez plus les nouveautés et offres de {shop}",
  "unsubscribe.done.explain": "Vous avez changé d'avis ? Réactivez-les dans votre compte Nearshop, ou demandez à {shop}.",
  "unsubscribe.already": "Vous ne recevez pas les nouveautés et offres de {shop}",
  "unsubscribe.invalid.title": "Ce lien de désabonnement n'est pas valide",
  "unsubscribe.invalid.explain": "Vérifiez que vous avez copié le lien en entier depuis l'email.",
};
