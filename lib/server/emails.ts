import { portalUrl, sendMail } from "@/lib/server/mail";
import { formatFrenchDate, parisDay } from "@/lib/domain/calendar-day";
import { TOKEN_VALIDITY_MS } from "@/lib/domain/tokens";
import { formatEuros } from "@/lib/domain/money";

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
