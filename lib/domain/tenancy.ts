/**
 * Who may see what (SPEC §1), as plain predicates. `lib/server/authz.ts` turns the same rules into
 * database filters; both are tested against each other.
 */
export type Viewer = {
  companyId: number;
  /** Acting in a reseller or operator universe: its direct clients are in scope. */
  actsAsReseller: boolean;
  staff: boolean;
};

export type CompanyRef = { id: number; parentId: number | null };

/** Its own company; in a reseller or operator universe, its direct clients (not their clients); staff all. */
export function canSeeCompany(viewer: Viewer, company: CompanyRef): boolean {
  if (viewer.staff || company.id === viewer.companyId) return true;
  return viewer.actsAsReseller && company.parentId === viewer.companyId;
}

/** A company with a reseller or operator universe: it has clients of its own, which its parent does not see. */
export function holdsResellerUniverse(company: { universes: readonly string[] }): boolean {
  return company.universes.some((u) => u === "REVENDEUR" || u === "OPERATEUR");
}

export const RESELLER_CLIENT_USERS_MESSAGE =
  "Ce client a son propre univers revendeur : seuls ses administrateurs et le service client d'OpenIP gèrent ses utilisateurs.";

/**
 * A parent acting on the users of a client that holds a reseller universe (issue 32): it could create or promote an
 * administrator there, log in as them and reach that client's own clients, which SPEC §1 hides from it. Refused.
 */
export function isResellerClientOf(viewer: Viewer, company: CompanyRef & { universes: readonly string[] }): boolean {
  return !viewer.staff && viewer.actsAsReseller && company.parentId === viewer.companyId && company.id !== viewer.companyId && holdsResellerUniverse(company);
}

/** A direct client of the viewer (what the client directory lists and acts on). */
export function isClientOf(viewer: Viewer, company: CompanyRef): boolean {
  if (company.id === viewer.companyId) return false;
  return viewer.staff || (viewer.actsAsReseller && company.parentId === viewer.companyId);
}

/** An OC, its services and resources: its end client, the end client's direct parent, staff. */
export function canSeeContractedOffer(viewer: Viewer, endClient: CompanyRef): boolean {
  return canSeeCompany(viewer, endClient);
}

/** An invoice or credit note: the billing account's owner, that owner's direct parent, staff. */
export function canSeeInvoice(viewer: Viewer, billingAccountOwner: CompanyRef): boolean {
  return canSeeCompany(viewer, billingAccountOwner);
}

/**
 * Prices of an OC (monthly fee, early-termination amount): the owner of its billing account, that
 * owner's direct parent, staff. An end client billed through its reseller sees no price.
 */
export function canSeePrices(viewer: Viewer, billingAccountOwner: CompanyRef): boolean {
  return canSeeCompany(viewer, billingAccountOwner);
}

/**
 * How an invoice line names its end client: by name with its site when the viewer may see that
 * client, otherwise *Client de {raison sociale of the client's parent}* without the site.
 */
export function invoiceLineClient(
  viewer: Viewer,
  endClient: CompanyRef & { name: string; parentName: string | null },
): { label: string; showSite: boolean } {
  if (canSeeCompany(viewer, endClient)) return { label: endClient.name, showSite: true };
  return { label: `Client de ${endClient.parentName ?? "un client"}`, showSite: false };
}

/** Who edits master data (SPEC §12): a viewer who is, or is not, an administrator of its company. */
export type Editor = Viewer & { administrator: boolean };

/** A company's details (legal address, VAT number) and contacts: its administrators, its direct parent's in a reseller universe, staff. */
export function mayEditCompany(editor: Editor, company: CompanyRef): boolean {
  if (editor.staff) return true;
  return editor.administrator && canSeeCompany(editor, company);
}

/** A company's sites: its users and its direct parent's (who order for it), staff. */
export function mayEditSites(editor: Editor, company: CompanyRef): boolean {
  return canSeeCompany(editor, company);
}

/**
 * A company's billing accounts and SEPA mandates: staff for anyone; its administrators for itself; a reseller's
 * administrators for a direct client billed directly, on its behalf (§17). A client billed through its reseller
 * has no account of its own.
 */
export function mayManageBillingAccounts(editor: Editor, company: CompanyRef & { billingMode: "DIRECTE" | "VIA_REVENDEUR" }): boolean {
  if (editor.staff) return true;
  if (!editor.administrator) return false;
  if (company.id === editor.companyId) return true;
  return editor.actsAsReseller && company.parentId === editor.companyId && company.billingMode === "DIRECTE";
}
