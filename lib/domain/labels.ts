import type { InvoiceState, OcState, OrderType, ResourceState, ServiceState, ServiceType } from "@/lib/generated/prisma/enums";
import type { PaymentState } from "@/lib/domain/collections";

// The French labels of the domain's states and types, as the guides name them: shared by the pages, the
// CSV exports and the lists' columns, which also render in the browser (components/data-table.tsx), so
// nothing here may import server code.

export const LEGAL_FORMS = {
  SARL: "SARL - Société à responsabilité limitée",
  SAS: "SAS - Société par actions simplifiée",
  SASU: "SASU - Société par actions simplifiée unipersonnelle",
  SA: "SA - Société anonyme",
  EURL: "EURL - Entreprise unipersonnelle à responsabilité limitée",
  EI: "EI - Entreprise individuelle",
  ASSOCIATION: "Association",
  AUTRES: "Autres",
} as const;

export const SERVICE_TYPES: Record<ServiceType, string> = {
  ACCES_IP: "Accès IP",
  TELEPHONIE_IP: "Téléphonie IP",
  OPENSIM: "OpenSIM",
  OPTION: "Option",
};

export const SERVICE_STATES: Record<ServiceState, string> = {
  EN_COURS_DE_LIVRAISON: "En cours de livraison",
  EN_SERVICE: "En service",
  RESILIATION_PROGRAMMEE: "Résiliation programmée",
  RESILIE: "Résilié",
};

export const OC_STATES: Record<OcState, string> = {
  EN_COURS_DE_LIVRAISON: "En cours de livraison",
  LIVREE: "Livrée",
  RESILIATION_PROGRAMMEE: "Résiliation programmée",
  RESILIEE: "Résiliée",
};

export const ORDER_TYPES: Record<OrderType, string> = {
  CREATION: "Création",
  MODIFICATION: "Modification",
  PORTABILITE: "Portabilité",
  RESILIATION: "Résiliation",
};

/** The ADV queue's *Âge* filter: orders submitted more than N days ago. */
export const ORDER_AGES: [string, string][] = [["2", "Plus de 2 jours"], ["7", "Plus de 7 jours"], ["30", "Plus de 30 jours"]];

export const RESOURCE_STATES: Record<ResourceState, string> = {
  DISPONIBLE: "Disponible",
  ACTIF: "Actif",
  SUSPENDU: "Suspendu",
  RESILIATION_PROGRAMMEE: "Résiliation programmée",
  RESILIE: "Résilié",
};

export const INVOICE_STATE_LABELS: Record<InvoiceState, string> = { EMISE: "Émise", CONTESTEE: "Contestée" };

/** French labels of the actions the code writes (`audit(tx, { action })` in lib/server); others show their code. */
export const AUDIT_ACTIONS: Record<string, string> = {
  "company.create": "Création d'une société",
  "company.activate": "Réactivation d'une société",
  "company.deactivate": "Désactivation d'une société",
  "company.add-reseller-universe": "Ajout d'un univers revendeur",
  "company.update-details": "Modification de l'adresse ou du numéro de TVA d'une société",
  "contact.create": "Ajout d'un contact",
  "contact.update": "Modification d'un contact",
  "contact.delete": "Suppression d'un contact",
  "site.create": "Création d'un site",
  "site.update": "Modification d'un site",
  "user.create": "Création d'un utilisateur",
  "user.resend-link": "Nouveau lien d'initialisation",
  "user.password-reset-request": "Demande de réinitialisation du mot de passe",
  "user.password-init": "Initialisation du mot de passe",
  "user.password-reset": "Réinitialisation du mot de passe",
  "user.login": "Connexion",
  "user.role-change": "Changement de rôle d'un utilisateur",
  "user.staff-role-change": "Changement de rôle d'un membre de l'équipe (ADV / Support)",
  "setup.operator": "Mise en service : création de l'opérateur",
  "settings.payment": "Modification des paramètres de paiement",
  "company.billing-mode": "Changement du mode de facturation d'un client",
  "order.reseller-approve": "Validation d'une commande par le revendeur",
  "order.reseller-refuse": "Refus d'une commande par le revendeur",
  "offer.create": "Création d'une offre du catalogue",
  "offer.update": "Modification d'une offre du catalogue",
  "offer.price": "Publication d'un prix du catalogue",
  "offer.withdraw": "Retrait d'une offre de la vente",
  "offer.reactivate": "Remise en vente d'une offre",
  "user.activate": "Réactivation d'un utilisateur",
  "user.deactivate": "Désactivation d'un utilisateur",
  "contracted-offer.terminate": "Résiliation d'une offre contractée",
  "contracted-offer.cancel-termination": "Annulation d'une résiliation",
  "contracted-offer.terminated": "Résiliation appliquée",
  "line.activate": "Activation d'une ligne mobile",
  "line.suspend": "Suspension d'une ligne mobile",
  "line.resume": "Réactivation d'une ligne mobile",
  "line.reset-voicemail": "Réinitialisation du mot de passe de messagerie",
  "line.send-sms": "Envoi d'un SMS",
  "line.change-resource": "Changement de ressource d'une ligne",
  "line.terminate": "Résiliation d'une ligne mobile",
  "line.cancel-termination": "Annulation de la résiliation d'une ligne",
  "line.terminated": "Résiliation de ligne appliquée",
  "order.create": "Commande passée",
  "order.assign-pilot": "Affectation du pilote ADV",
  "order.validate": "Validation d'une commande",
  "order.refuse": "Refus d'une commande",
  "order.start-delivery": "Commande en cours de livraison",
  "order.deliver": "Livraison d'une commande",
  "user.profile-update": "Modification du profil",
  "user.email-change-request": "Demande de changement d'adresse email",
  "user.email-change-confirm": "Confirmation du changement d'adresse email",
  "user.email-change-cancel": "Annulation du changement d'adresse email",
  "user.password-change": "Changement du mot de passe",
  "terms.accept": "Acceptation des conditions d'utilisation",
  "terms.publish": "Publication des conditions d'utilisation",
  "usage.import": "Import des consommations",
  "voice.import": "Import des appels",
  "invoice.issue": "Émission d'une facture",
  "direct-debit.file": "Fichier de prélèvement SEPA écrit",
  "bank-statement.import": "Import d'un relevé bancaire",
  "payment.record": "Paiement enregistré à la main",
  "bank-entry.assign": "Écriture bancaire affectée à une facture",
  "bank-entry.dismiss": "Écriture bancaire classée",
  "account.hold": "Mise en attente des relances d'un compte",
  "account.hold-lift": "Levée de la mise en attente des relances d'un compte",
  "account.suspend": "Suspension des lignes d'un compte (impayé ou seuil d'encours)",
  "account.suspension-lift": "Réactivation des lignes d'un compte",
  "invoice.penalty-waive": "Renonciation aux pénalités de retard d'une facture",
  "penalty.legal-rate": "Taux d'intérêt légal d'un semestre",
  "invoice.contest": "Contestation d'une facture",
  "invoice.contestation-accept": "Contestation acceptée (avoir émis)",
  "invoice.contestation-reject": "Contestation rejetée",
  "billing-account.create": "Création d'un compte de facturation",
  "billing-account.update": "Modification d'un compte de facturation",
  "billing-account.credit-limit": "Seuil d'encours d'un compte de facturation",
  "mandate.create": "Enregistrement d'un mandat SEPA",
  "mandate.amend": "Modification d'un mandat SEPA (titulaire ou compte bancaire)",
  "mandate.revoke": "Révocation d'un mandat SEPA",
  "mandate.signed-copy": "Dépôt du mandat SEPA signé",
};

export function auditActionLabel(action: string): string {
  return Object.hasOwn(AUDIT_ACTIONS, action) ? AUDIT_ACTIONS[action] : action;
}

/** An invoice's payment state (SPEC §13, lib/domain/collections.ts). */
export const PAYMENT_STATE_LABELS: Record<PaymentState, string> = {
  EMISE: "Émise",
  PRELEVEMENT_PROGRAMME: "Prélèvement programmé",
  PAYEE: "Payée",
  PARTIELLEMENT_PAYEE: "Partiellement payée",
  IMPAYEE: "Impayée",
  EN_RETARD: "En retard",
};

/** The *État* of an invoice in lists: its payment state, and whether a contestation is open (§7, §13). */
export function invoiceStateLabel(paymentState: PaymentState, state: InvoiceState): string {
  return state === "CONTESTEE" ? `${PAYMENT_STATE_LABELS[paymentState]} · contestée` : PAYMENT_STATE_LABELS[paymentState];
}

/** The *État* filter of the invoice list: each payment state, and the contested invoices. */
export const INVOICE_STATE_FILTER: Record<PaymentState | "CONTESTEE", string> = { ...PAYMENT_STATE_LABELS, CONTESTEE: "Contestée" };
