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
