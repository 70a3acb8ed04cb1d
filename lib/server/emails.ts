import { portalUrl, sendMail } from "@/lib/server/mail";
import { addDays, formatFrenchDate, formatFrenchMonth, formatParisDateTime, parisDay } from "@/lib/domain/calendar-day";
import { increaseRightUntil } from "@/lib/domain/prices";
import { TOKEN_VALIDITY_MS } from "@/lib/domain/tokens";
import { formatEuros } from "@/lib/domain/money";
import { formatMsisdn } from "@/lib/domain/identifiers";
import { ALERT_KIND_LABELS, formatGio, type AlertKind } from "@/lib/domain/usage";
import { formatBreachValue, VOICE_RULE_LABELS, type VoiceRule } from "@/lib/domain/voice";

type Recipient = { name: string; email: string; identifier: string };

/** *Initialisation du mot de passe* (SPEC §2, seed 000). */
export function sendPasswordInitEmail(user: Recipient, token: string, sentAt: Date) {
  const until = new Date(sentAt.getTime() + TOKEN_VALIDITY_MS.PASSWORD_INIT);
  return sendMail({
    to: user.email,
    kind: "password-init",
    secrets: [token],
    subject: "MyOpenIP : initialisation du mot de passe",
    text: [
      `Bonjour ${user.name},`,
      "",
      "Votre espace MyOpenIP a été créé.",
      `Votre identifiant est : ${user.identifier}`,
      "",
      "Initialisation du mot de passe :",
      portalUrl(`/premiere-connexion/${token}`),
      "",
      `Ce lien est valide 15 jours à compter de l'envoi (jusqu'au ${formatFrenchDate(parisDay(until))}) et ne peut servir qu'une fois.`,
      "Si vous n'avez pas créé votre mot de passe dans ce délai, contactez votre commercial ou le service clients OpenIP afin qu'un nouveau lien soit généré.",
      "",
      "Votre mot de passe doit comporter au moins 8 caractères dont 1 majuscule, 1 chiffre et 1 caractère spécial.",
    ].join("\n"),
  });
}

/** Forgotten password: a reset link valid one hour (SPEC §2). */
export function sendPasswordResetEmail(user: Recipient, token: string) {
  return sendMail({
    to: user.email,
    kind: "password-reset",
    secrets: [token],
    subject: "MyOpenIP : réinitialisation du mot de passe",
    text: [
      `Bonjour ${user.name},`,
      "",
      `Une réinitialisation du mot de passe a été demandée pour l'identifiant ${user.identifier}.`,
      "Pour choisir un nouveau mot de passe, ouvrez ce lien (valide 1 heure, utilisable une seule fois) :",
      portalUrl(`/premiere-connexion/${token}`),
      "",
      "Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : votre mot de passe reste inchangé.",
    ].join("\n"),
  });
}

type TerminationMail = { ref: string; name: string; effectiveOn: string };

/** Confirmation of a scheduled termination (SPEC §3), to the user who requested it. */
export function sendTerminationScheduledEmail(user: Recipient, oc: TerminationMail & { lastDayToCancel: string; amountCents: number | null }) {
  return sendMail({
    to: user.email,
    kind: "termination-scheduled",
    subject: `MyOpenIP : résiliation programmée de l'offre ${oc.ref}`,
    text: [
      `Bonjour ${user.name},`,
      "",
      `La résiliation de l'offre contractée ${oc.ref} (${oc.name}) est programmée.`,
      `Dernier jour de service : ${formatFrenchDate(oc.effectiveOn)}.`,
      ...(oc.amountCents === null ? [] : [oc.amountCents > 0 ? `Montant dû au titre de la période d'engagement en cours : ${formatEuros(oc.amountCents)} HT.` : "Aucun montant n'est dû au titre de l'engagement."]),
      "Le mois au cours duquel la résiliation prend effet est dû en totalité.",
      `Vous pouvez annuler cette résiliation depuis le portail jusqu'au ${formatFrenchDate(oc.lastDayToCancel)} inclus.`,
      "",
      portalUrl(`/offres-contractees/${oc.ref}`),
    ].join("\n"),
  });
}

/** Confirmation of a cancelled termination. */
export function sendTerminationCancelledEmail(user: Recipient, oc: TerminationMail) {
  return sendMail({
    to: user.email,
    kind: "termination-cancelled",
    subject: `MyOpenIP : résiliation annulée de l'offre ${oc.ref}`,
    text: [
      `Bonjour ${user.name},`,
      "",
      `La résiliation de l'offre contractée ${oc.ref} (${oc.name}) prévue le ${formatFrenchDate(oc.effectiveOn)} est annulée : l'offre reste en service.`,
      "",
      portalUrl(`/offres-contractees/${oc.ref}`),
    ].join("\n"),
  });
}

// Mon profil (issue 4): email change and password change. No password is ever sent (SPEC §2).

/** To the NEW address: the link that confirms it (valid 24 hours, single use); the change waits for it. */
export function sendEmailChangeConfirmationEmail(user: Recipient, newEmail: string, token: string) {
  return sendMail({
    to: newEmail,
    kind: "email-change-confirm",
    secrets: [token],
    subject: "MyOpenIP : confirmation de votre nouvelle adresse email",
    text: [
      `Bonjour ${user.name},`,
      "",
      `Vous avez demandé que l'adresse email de votre compte MyOpenIP (identifiant ${user.identifier}) devienne : ${newEmail}.`,
      `Pour confirmer cette adresse, ouvrez ce lien (valide ${TOKEN_VALIDITY_MS.EMAIL_CHANGE / 3_600_000} heures, utilisable une seule fois) :`,
      portalUrl(`/confirmation-email/${token}`),
      "",
      "Tant que vous ne l'avez pas confirmée, les messages de MyOpenIP continuent d'être envoyés à votre adresse actuelle.",
      "Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : l'adresse de votre compte reste inchangée.",
    ].join("\n"),
  });
}

/** To the CURRENT address: a change to another address was asked; nothing changes until it is confirmed there. */
export function sendEmailChangeRequestedNoticeEmail(user: Recipient, newEmail: string) {
  return sendMail({
    to: user.email,
    kind: "email-change-notice",
    subject: "MyOpenIP : demande de changement de votre adresse email",
    text: [
      `Bonjour ${user.name},`,
      "",
      `Une modification de l'adresse email de votre compte MyOpenIP (identifiant ${user.identifier}) a été demandée.`,
      `Nouvelle adresse : ${newEmail}`,
      "Le changement ne prendra effet qu'après confirmation depuis cette nouvelle adresse ; d'ici là, vos messages restent envoyés ici.",
      "",
      "Si vous n'êtes pas à l'origine de cette demande, annulez-la depuis la page Mon profil, changez votre mot de passe et prévenez le service clients OpenIP :",
      portalUrl("/mon-profil"),
    ].join("\n"),
  });
}

/** After a password change from *Mon profil*: a notice, without the password, to the account's address. */
export function sendPasswordChangedEmail(user: Recipient, at: Date) {
  return sendMail({
    to: user.email,
    kind: "password-changed",
    subject: "MyOpenIP : votre mot de passe a été modifié",
    text: [
      `Bonjour ${user.name},`,
      "",
      `Le mot de passe de votre compte MyOpenIP (identifiant ${user.identifier}) a été modifié le ${formatParisDateTime(at)}.`,
      "Toutes vos autres sessions ont été fermées.",
      "",
      "Si vous n'êtes pas à l'origine de ce changement, choisissez sans attendre un nouveau mot de passe avec « Mot de passe oublié » et prévenez le service clients OpenIP :",
      portalUrl("/mot-de-passe-oublie"),
    ].join("\n"),
  });
}

/** Each step of an order (SPEC §6), to each of its recipients (SPEC §15, lib/server/recipients.ts). */
export function sendOrderStepEmail(user: Pick<Recipient, "name" | "email">, order: { ref: string; step: string; detail: string }) {
  return sendMail({
    to: user.email,
    kind: "order-step",
    subject: `MyOpenIP : commande ${order.ref} – ${order.step}`,
    text: [
      `Bonjour ${user.name},`,
      "",
      `La commande ${order.ref} est maintenant : ${order.step}.`,
      ...(order.detail ? [order.detail] : []),
      "",
      portalUrl(`/commandes/${order.ref}`),
    ].join("\n"),
  });
}

/** Confirmation of a scheduled termination of one OpenSIM line (SPEC §3, §4). */
export function sendLineTerminationEmail(user: Recipient, line: { ref: string; msisdn: string; effectiveOn: string; lastDayToCancel: string; amountCents: number | null }) {
  return sendMail({
    to: user.email,
    kind: "line-termination-scheduled",
    subject: `MyOpenIP : résiliation programmée de la ligne ${line.msisdn}`,
    text: [
      `Bonjour ${user.name},`,
      "",
      `La résiliation de la ligne ${line.msisdn} (ressource ${line.ref}) est programmée.`,
      `Dernier jour de service : ${formatFrenchDate(line.effectiveOn)}.`,
      ...(line.amountCents === null ? [] : [line.amountCents > 0 ? `Montant dû au titre de la période d'engagement en cours : ${formatEuros(line.amountCents)} HT.` : "Aucun montant n'est dû au titre de l'engagement."]),
      "Le mois au cours duquel la résiliation prend effet est dû en totalité.",
      `Vous pouvez annuler cette résiliation depuis le portail jusqu'au ${formatFrenchDate(line.lastDayToCancel)} inclus.`,
      "",
      portalUrl(`/ressources/${line.ref}`),
    ].join("\n"),
  });
}


/**
 * A line has reached 80 % or 100 % of its data allowance or of a cap this month (SPEC §4 *Monitoring
 * tab*), to each active administrator of its end client. Volumes in bytes, amounts in cents.
 */
export function sendUsageAlertEmail(
  user: Recipient,
  alert: { msisdn: string; plan: string; resourceRef: string; month: string; kind: AlertKind; percent: number; used: bigint | number; limit: bigint | number },
) {
  const number = formatMsisdn(alert.msisdn);
  const label = ALERT_KIND_LABELS[alert.kind];
  const amounts = alert.kind === "ALLOWANCE" ? `${formatGio(BigInt(alert.used))} consommés sur ${formatGio(BigInt(alert.limit))}` : `${formatEuros(alert.used)} sur ${formatEuros(alert.limit)}`;
  return sendMail({
    to: user.email,
    kind: "usage-alert",
    subject: `MyOpenIP : ligne ${number}, ${alert.percent} % ${alert.kind === "ALLOWANCE" ? "de l'enveloppe data" : `du ${label}`} atteint`,
    text: [
      `Bonjour ${user.name},`,
      "",
      `La ligne ${number} (${alert.plan}) a atteint ${alert.percent} % de son ${label} en ${formatFrenchMonth(alert.month)} : ${amounts}.`,
      "",
      "Suivez la consommation de la ligne sur le portail :",
      portalUrl(`/ressources/${alert.resourceRef}`),
    ].join("\n"),
  });
}

/**
 * A telephony service broke rules of the terms (issue 9), to each active administrator of its company:
 * one email per check listing the days and rules found for the first time (each day and rule is
 * mailed once).
 */
export function sendVoiceAlertEmail(user: Recipient, service: { ref: string; name: string; alerts: { day: string; rule: VoiceRule; value: number }[] }) {
  const lines = service.alerts.map((a) => `- ${formatFrenchDate(a.day)} : ${VOICE_RULE_LABELS[a.rule]} (${formatBreachValue(a.rule, a.value)})`);
  return sendMail({
    to: user.email,
    kind: "voice-alert",
    subject: `MyOpenIP : service ${service.ref}, ${service.alerts.length > 1 ? `${service.alerts.length} alertes` : "alerte"} d'usage de la téléphonie`,
    text: [
      `Bonjour ${user.name},`,
      "",
      `Les appels du service ${service.ref} (${service.name}) ne respectent pas les conditions d'utilisation de la téléphonie :`,
      ...lines,
      "",
      "Au-delà, le service peut être suspendu (conditions générales de vente, article 12.1). Consultez le détail sur le portail :",
      portalUrl(`/services/${service.ref}/monitoring`),
    ].join("\n"),
  });
}

/** A contestation was filed (SPEC §7), to the user who filed it. */
export function sendContestationFiledEmail(user: Recipient, invoice: { number: string; reason: string }) {
  return sendMail({
    to: user.email,
    kind: "contestation-filed",
    subject: `MyOpenIP : contestation de la facture ${invoice.number} enregistrée`,
    text: [
      `Bonjour ${user.name},`,
      "",
      `Votre contestation de la facture ${invoice.number} est enregistrée ; l'administration des ventes OpenIP va l'étudier.`,
      `Motif : ${invoice.reason}`,
      "La contestation ne dispense pas du paiement de la facture (conditions générales, art. 9.1).",
      "",
      portalUrl(`/factures/${invoice.number}`),
    ].join("\n"),
  });
}

/** The decision on a contestation (SPEC §7), to the user who filed it. */
export function sendContestationDecisionEmail(user: Recipient, decision: { number: string; outcome: string; reason: string; creditNote: { number: string; totalTtcCents: number } | null }) {
  return sendMail({
    to: user.email,
    kind: "contestation-decided",
    subject: `MyOpenIP : contestation de la facture ${decision.number} – ${decision.outcome}`,
    text: [
      `Bonjour ${user.name},`,
      "",
      `Votre contestation de la facture ${decision.number} a été traitée : ${decision.outcome}.`,
      `Motif de la décision : ${decision.reason}`,
      ...(decision.creditNote
        ? [`L'avoir ${decision.creditNote.number} de ${formatEuros(decision.creditNote.totalTtcCents)} TTC est émis ; il sera déduit de votre prochaine facture.`]
        : []),
      "",
      portalUrl(`/factures/${decision.number}`),
    ].join("\n"),
  });
}

/** A price increase (SPEC §11, seed 003 art. 7.2 and 13): the new price, its date, the right to terminate without fees. */
export function sendPriceIncreaseEmail(
  user: Pick<Recipient, "name" | "email">,
  change: { offer: string; previous: { monthlyFeeCents: number; oneOffFeeCents: number }; next: { monthlyFeeCents: number; oneOffFeeCents: number }; effectiveOn: string; noticeOn: string },
) {
  const until = increaseRightUntil(change);
  const fees: [string, number, number][] = [
    ["Le prix mensuel", change.previous.monthlyFeeCents, change.next.monthlyFeeCents],
    ["Les frais de mise en service", change.previous.oneOffFeeCents, change.next.oneOffFeeCents],
  ];
  return sendMail({
    to: user.email,
    kind: "price-increase",
    subject: `MyOpenIP : évolution du prix de l'offre ${change.offer}`,
    text: [
      `Bonjour ${user.name},`,
      "",
      `À compter du ${formatFrenchDate(change.effectiveOn)}, les prix de l'offre ${change.offer} évoluent :`,
      ...fees.filter(([, before, after]) => before !== after).map(([label, before, after]) => `- ${label} passe de ${formatEuros(before)} HT à ${formatEuros(after)} HT.`),
      "",
      `Conformément aux conditions générales de vente (art. 7.2 et 13), vous pouvez résilier sans frais ni préavis les offres contractées concernées, jusqu'au ${formatFrenchDate(until)} : la résiliation prend alors effet le ${formatFrenchDate(addDays(change.effectiveOn, -1))}, veille de l'application du nouveau prix.`,
      "Rendez-vous sur MyOpenIP, page de l'offre contractée, « Résilier ».",
      "",
      portalUrl("/offres-contractees"),
    ].join("\n"),
  });
}
