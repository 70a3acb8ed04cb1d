// The cross-tenant matrix (issue 3): for every demo user of SPEC §9, in each of its universes, and
// every object outside its scope, each load and action is "not found" and changes nothing. Later
// issues add their objects and actions to OBJECT_KINDS.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { clientScope, companyScope, editorOf, isRowId, isStaff, isStaffAdministrator, loadActor, viewerOf, type Actor } from "@/lib/server/authz";
import { changeStaffRole } from "@/lib/server/staff-users";
import { addClientResellerUniverse, getClient, listClients, parseClientQuery, setClientActive } from "@/lib/server/clients";
import { canSeeCompany, canSeeContractedOffer, isClientOf, isResellerClientOf, RESELLER_CLIENT_USERS_MESSAGE } from "@/lib/domain/tenancy";
import { DomainError } from "@/lib/domain/errors";
import { allContractedOffers, getContractedOffer, listContractedOffers, parseOcQuery } from "@/lib/server/contracted-offers";
import { cancelTermination, requestTermination } from "@/lib/server/terminations";
import { advanceOrder, allOrders, assignPilot, createOrder, decideOrderApproval, getOrder, listOrders, ordersCsv, parseOrderQuery, type NewOrder } from "@/lib/server/orders";
import { changeUserRole, listCompanyUsers, managesUsersOf, resendUserLink, setUserActive } from "@/lib/server/company-users";
import { getService } from "@/lib/server/services";
import { getResource, monitoredLine } from "@/lib/server/resources";
import { activateResource, changeResource, resetVoicemailPassword, sendSms, setLineSuspended } from "@/lib/server/line-actions";
import { cancelLineTermination, requestLineTermination } from "@/lib/server/line-terminations";
import { creditNotesCsv, documentPdf, getInvoice, invoicesCsv, listCreditNotes, listInvoices, parseCreditNoteQuery, parseInvoiceQuery } from "@/lib/server/invoices";
import { contestInvoice, decideContestation } from "@/lib/server/contestations";
import { canSeeInvoice, mayEditCompany, mayEditSites } from "@/lib/domain/tenancy";
import { addContact, getCompanyDetails, removeContact, updateCompanyDetails, updateContact } from "@/lib/server/company-details";
import { createSite, getSite, listSites, updateSite } from "@/lib/server/sites";
import { listBillingAccounts, updateBillingAccount } from "@/lib/server/billing-accounts";
import { amendMandate, createMandate, getBillingAccount, renderMandateForm, revokeMandate, signedCopyOf, uploadSignedCopy } from "@/lib/server/mandates";
import { accountsWithoutMandate, directDebitFileResponse } from "@/lib/server/direct-debits";
import { accountBalance, setCreditLimit } from "@/lib/server/balance";
import { dunningOverview, holdAccount, liftHold } from "@/lib/server/dunning";
import { assignBankEntry, dismissBankEntry, recordManualPayment } from "@/lib/server/payments";
import { penaltiesOverview, setLegalInterestRate, waivePenalties } from "@/lib/server/penalties";
import { notFound } from "next/navigation";
import { seedDemoWorld, DEMO_USERS } from "@/prisma/demo-world";

type ObjectKind = {
  kind: string;
  /** Every object of the kind in the demo world, with what decides its scope. */
  all: () => Promise<{ id: number; inScope: (actor: Actor) => boolean }[]>;
  /** Loads and actions that take the object's id; each must throw "not found" out of scope. */
  attempts: { name: string; run: (actor: Actor, id: number) => Promise<unknown> }[];
  /** How many attempts the demo world gives at least (a few credit notes and contestations only). */
  minChecks?: number;
  /** An object the actor sees but may not act on: the French refusal it gets instead of "not found". */
  refusal?: (actor: Actor, id: number) => string | null;
};

/** OC actions take the reference; a forged id becomes a reference that names nothing. */
const ocRefs = new Map<number, string>();
const ocRef = (id: number) => ocRefs.get(id) ?? `OC${id}`;

const orderRefs = new Map<number, string>();
const orderRef = (id: number) => orderRefs.get(id) ?? `COM${id}`;
/** A well-formed order; only its end client varies. */
async function anyOrderInput(): Promise<NewOrder> {
  const offer = await db.offer.findFirstOrThrow();
  return { endClientId: 0, type: "CREATION", serviceId: 0, siteId: 1, billingAccountId: 1, wishedOn: "2099-01-01", comment: "", lines: [{ offerId: offer.id, quantity: 1, portingNumber: "", portingRio: "" }] };
}

const serviceRefs = new Map<number, string>();
const serviceRef = (id: number) => serviceRefs.get(id) ?? `SRV${id}`;
const resourceRefs = new Map<number, string>();
const resourceRef = (id: number) => resourceRefs.get(id) ?? `FPC${id}`;
const resourceServices = new Map<number, number>();

const invoiceNumbers = new Map<number, string>();
const invoiceNumber = (id: number) => invoiceNumbers.get(id) ?? `F${id}`;
const creditNoteNumbers = new Map<number, string>();
const creditNoteNumber = (id: number) => creditNoteNumbers.get(id) ?? `A${id}`;

/** Contacts and sites are named by their company and their own id; a forged id is tried on the reseller's client 44660. */
const contactCompanies = new Map<number, number>();
const contactCompany = (id: number) => contactCompanies.get(id) ?? 44660;
const siteCompanies = new Map<number, number>();
const siteCompany = (id: number) => siteCompanies.get(id) ?? 44660;
const anyContact = { role: "TECHNIQUE" as const, name: "Contact d'un autre client", email: "intrus@example.test", phone: null };
const anySite = { name: "SITE D'UN AUTRE CLIENT", address: "1 rue de l'Intrus", postcode: "13001", city: "Marseille", accessNotes: null };

/** Billing accounts are named by their reference, mandates by their RUM; a forged id names nothing. */
const accountRefs = new Map<number, { ref: string; ownerId: number }>();
const accountRef = (id: number) => accountRefs.get(id)?.ref ?? `CC${id}`;
const accountOwner = (id: number) => accountRefs.get(id)?.ownerId ?? -1;
const mandateRums = new Map<number, string>();
const mandateRum = (id: number) => mandateRums.get(id) ?? `RUM-${id}`;
const anyAccount = { name: "Compte d'un autre client", invoiceEmails: ["intrus@example.test"], street: "1 rue de l'Intrus", postcode: "13001", city: "Marseille", paymentMethod: "VIREMENT" as const };
const anyMandate = { debtorName: "Intrus", iban: "FR7630006000011234567890189", bic: null, signedOn: "2026-01-02" };
const aPdf = new Uint8Array(Buffer.from("%PDF-1.4\n%%EOF\n"));

const OBJECT_KINDS: ObjectKind[] = [
  {
    kind: "client company",
    all: async () =>
      (await db.company.findMany({ select: { id: true, parentId: true } })).map((c) => ({ id: c.id, inScope: (actor: Actor) => isClientOf(viewerOf(actor), c) })),
    attempts: [
      { name: "client page", run: (actor, id) => getClient(actor, id) },
      { name: "add a reseller universe", run: (actor, id) => addClientResellerUniverse(actor, id) },
      { name: "deactivate", run: (actor, id) => setClientActive(actor, id, false) },
      { name: "reactivate", run: (actor, id) => setClientActive(actor, id, true) },
    ],
  },
  {
    kind: "contracted offer",
    all: async () => {
      const ocs = await db.contractedOffer.findMany({ select: { id: true, ref: true, endClient: { select: { id: true, parentId: true } } } });
      for (const oc of ocs) ocRefs.set(oc.id, oc.ref);
      return ocs.map((oc) => ({ id: oc.id, inScope: (actor: Actor) => canSeeContractedOffer(viewerOf(actor), oc.endClient) }));
    },
    attempts: [
      { name: "OC page", run: (actor, id) => getContractedOffer(actor, ocRef(id)) },
      { name: "terminate", run: (actor, id) => requestTermination(actor, ocRef(id), { requestedOn: "2099-01-01", comment: null }) },
      { name: "cancel the termination", run: (actor, id) => cancelTermination(actor, ocRef(id)) },
    ],
  },
  {
    kind: "order",
    all: async () => {
      const orders = await db.order.findMany({ select: { id: true, ref: true, endClient: { select: { id: true, parentId: true } } } });
      for (const order of orders) orderRefs.set(order.id, order.ref);
      return orders.map((o) => ({ id: o.id, inScope: (actor: Actor) => canSeeCompany(viewerOf(actor), o.endClient) }));
    },
    attempts: [
      { name: "order page", run: (actor, id) => getOrder(actor, orderRef(id)) },
      { name: "ADV: validate", run: (actor, id) => advanceOrder(actor, orderRef(id), "validate") },
      { name: "ADV: assign a pilot", run: (actor, id) => assignPilot(actor, orderRef(id), 1) },
      { name: "order for its end client", run: async (actor, id) => createOrder(actor, { ...(await anyOrderInput()), endClientId: (isRowId(id) && (await db.order.findUnique({ where: { id } }))?.endClientId) || -1 }) },
    ],
  },
  {
    kind: "order approval (by the end client's reseller, SPEC §12)",
    all: async () =>
      (await db.order.findMany({ select: { id: true, endClient: { select: { parentId: true } } } })).map((o) => ({
        id: o.id,
        inScope: (actor: Actor) => viewerOf(actor).actsAsReseller && o.endClient.parentId === actor.company.id,
      })),
    attempts: [
      { name: "approve", run: async (actor, id) => decideOrderApproval(actor, orderRef(id), { approve: true, billingAccountId: (await db.billingAccount.findFirstOrThrow({ where: { ownerCompanyId: actor.company.id } }).catch(() => ({ id: 1 }))).id }) },
      { name: "refuse", run: (actor, id) => decideOrderApproval(actor, orderRef(id), { approve: false, reason: "Refus hors périmètre" }) },
    ],
    minChecks: 100,
  },
  {
    kind: "service",
    all: async () => {
      const services = await db.service.findMany({ select: { id: true, ref: true, company: { select: { id: true, parentId: true } } } });
      for (const s of services) serviceRefs.set(s.id, s.ref);
      return services.map((s) => ({ id: s.id, inScope: (actor: Actor) => canSeeCompany(viewerOf(actor), s.company) }));
    },
    attempts: [{ name: "service page and its tabs", run: (actor, id) => getService(actor, serviceRef(id)) }],
  },
  {
    kind: "SIM resource",
    all: async () => {
      const resources = await db.simResource.findMany({ select: { id: true, ref: true, serviceId: true, service: { select: { company: { select: { id: true, parentId: true } } } } } });
      for (const r of resources) resourceRefs.set(r.id, r.ref);
      for (const r of resources) resourceServices.set(r.id, r.serviceId);
      return resources.map((r) => ({ id: r.id, inScope: (actor: Actor) => canSeeCompany(viewerOf(actor), r.service.company) }));
    },
    attempts: [
      { name: "resource page", run: (actor, id) => getResource(actor, resourceRef(id)) },
      { name: "its line on its service's Monitoring tab", run: (actor, id) => monitoredLine(actor, resourceRef(id), resourceServices.get(id) ?? 0) },
      { name: "suspend", run: (actor, id) => setLineSuspended(actor, resourceRef(id), true) },
      { name: "resume", run: (actor, id) => setLineSuspended(actor, resourceRef(id), false) },
      { name: "reset the voicemail password", run: (actor, id) => resetVoicemailPassword(actor, resourceRef(id)) },
      { name: "send an SMS", run: (actor, id) => sendSms(actor, resourceRef(id), { to: "0611223344", text: "Bonjour" }) },
      { name: "change the resource (to one of its own client's)", run: (actor, id) => changeResource(actor, resourceRef(id), "FPC367680") },
      { name: "activate", run: (actor, id) => activateResource(actor, resourceRef(id), { numbering: "new", iccid: "89331503190000123400", userName: null }) },
      { name: "terminate the line", run: (actor, id) => requestLineTermination(actor, resourceRef(id), { requestedOn: "2099-01-01", comment: null }) },
      { name: "cancel the line's termination", run: (actor, id) => cancelLineTermination(actor, resourceRef(id)) },
    ],
  },
  {
    kind: "invoice",
    all: async () => {
      const invoices = await db.invoice.findMany({ select: { id: true, number: true, billingAccount: { select: { owner: { select: { id: true, parentId: true } } } } } });
      for (const i of invoices) invoiceNumbers.set(i.id, i.number);
      return invoices.map((i) => ({ id: i.id, inScope: (actor: Actor) => canSeeInvoice(viewerOf(actor), i.billingAccount.owner) }));
    },
    attempts: [
      { name: "invoice page", run: (actor, id) => getInvoice(actor, invoiceNumber(id)) },
      { name: "PDF download", run: (actor, id) => documentPdf(actor, invoiceNumber(id)) },
      { name: "contest", run: (actor, id) => contestInvoice(actor, invoiceNumber(id), "Contestation d'une facture d'un autre client") },
    ],
  },
  {
    kind: "credit note",
    all: async () => {
      const notes = await db.creditNote.findMany({ select: { id: true, number: true, billingAccount: { select: { owner: { select: { id: true, parentId: true } } } } } });
      for (const n of notes) creditNoteNumbers.set(n.id, n.number);
      return notes.map((n) => ({ id: n.id, inScope: (actor: Actor) => canSeeInvoice(viewerOf(actor), n.billingAccount.owner) }));
    },
    attempts: [{ name: "PDF download", run: (actor, id) => documentPdf(actor, creditNoteNumber(id)) }],
    minChecks: 6,
  },
  {
    kind: "contestation (decided by staff only)",
    all: async () => (await db.contestation.findMany({ select: { id: true } })).map((c) => ({ id: c.id, inScope: (actor: Actor) => actor.staffRole !== null })),
    attempts: [
      { name: "accept", run: (actor, id) => decideContestation(actor, id, { outcome: "ACCEPTEE", amountCents: null, reason: "Acceptée par un client" }) },
      { name: "reject", run: (actor, id) => decideContestation(actor, id, { outcome: "REJETEE", amountCents: null, reason: "Rejetée par un client" }) },
    ],
    minChecks: 20,
  },
  {
    kind: "user (managed by company administrators)",
    all: async () => {
      const users = await db.user.findMany({ select: { id: true, company: { select: { id: true, parentId: true, isOperator: true, universes: true } } } });
      for (const u of users) userCompanies.set(u.id, u.company);
      return users.map((u) => ({ id: u.id, inScope: (actor: Actor) => managesUsersOf(actor, u.company) }));
    },
    // A reseller's administrator sees its client 44705, which holds a reseller universe, but may not act on its users (issue 32).
    refusal: (actor, id) => {
      const company = userCompanies.get(id);
      return company && actor.role === "ADMINISTRATEUR" && isResellerClientOf(viewerOf(actor), company) ? RESELLER_CLIENT_USERS_MESSAGE : null;
    },
    attempts: [
      { name: "make administrator", run: (actor, id) => changeUserRole(actor, id, "ADMINISTRATEUR") },
      { name: "make ordinary user", run: (actor, id) => changeUserRole(actor, id, "UTILISATEUR") },
      { name: "deactivate", run: (actor, id) => setUserActive(actor, id, false) },
      { name: "reactivate", run: (actor, id) => setUserActive(actor, id, true) },
      { name: "re-send the link", run: (actor, id) => resendUserLink(actor, id) },
      { name: "list the company's users", run: async (actor, id) => listCompanyUsers(actor, (isRowId(id) && (await db.user.findUnique({ where: { id } }))?.companyId) || -1) },
    ],
  },
  {
    kind: "staff user (managed by the operator's administrators)",
    all: async () =>
      (await db.user.findMany({ select: { id: true, company: { select: { isOperator: true } } } })).map((u) => ({ id: u.id, inScope: (actor: Actor) => u.company.isOperator && isStaffAdministrator(actor) })),
    attempts: [
      { name: "switch ADV / Support", run: (actor, id) => changeStaffRole(actor, id, "SUPPORT") },
    ],
    minChecks: 40,
  },
  {
    kind: "company master data (read; sites, by its users and its direct parent's)",
    all: async () => (await db.company.findMany({ select: { id: true, parentId: true } })).map((c) => ({ id: c.id, inScope: (actor: Actor) => mayEditSites(editorOf(actor), c) })),
    attempts: [
      { name: "Coordonnées tab", run: (actor, id) => getCompanyDetails(actor, id) },
      { name: "Sites tab", run: (actor, id) => listSites(actor, id) },
      { name: "create a site", run: (actor, id) => createSite(actor, id, anySite) },
    ],
  },
  {
    kind: "company details (edited by its administrators, its direct parent's, staff)",
    all: async () => (await db.company.findMany({ select: { id: true, parentId: true } })).map((c) => ({ id: c.id, inScope: (actor: Actor) => mayEditCompany(editorOf(actor), c) })),
    attempts: [
      { name: "legal address and VAT number", run: (actor, id) => updateCompanyDetails(actor, id, { street: "1 rue de l'Intrus", postcode: "13001", city: "Marseille", vatNumber: null }) },
      { name: "add a contact", run: (actor, id) => addContact(actor, id, anyContact) },
    ],
  },
  {
    kind: "contact (read on its company's Coordonnées tab)",
    all: async () => {
      const contacts = await db.contact.findMany({ select: { id: true, company: { select: { id: true, parentId: true } } } });
      for (const c of contacts) contactCompanies.set(c.id, c.company.id);
      return contacts.map((c) => ({ id: c.id, inScope: (actor: Actor) => canSeeCompany(viewerOf(actor), c.company) }));
    },
    attempts: [{ name: "Coordonnées tab", run: (actor, id) => getCompanyDetails(actor, contactCompanies.get(id) ?? -1) }],
  },
  {
    kind: "contact (edited by its company's administrators, its direct parent's, staff)",
    all: async () => {
      const contacts = await db.contact.findMany({ select: { id: true, company: { select: { id: true, parentId: true } } } });
      for (const c of contacts) contactCompanies.set(c.id, c.company.id);
      return contacts.map((c) => ({ id: c.id, inScope: (actor: Actor) => mayEditCompany(editorOf(actor), c.company) }));
    },
    attempts: [
      { name: "update", run: (actor, id) => updateContact(actor, contactCompany(id), id, anyContact) },
      { name: "remove", run: (actor, id) => removeContact(actor, contactCompany(id), id) },
    ],
  },
  {
    kind: "site",
    all: async () => {
      const sites = await db.site.findMany({ select: { id: true, company: { select: { id: true, parentId: true } } } });
      for (const s of sites) siteCompanies.set(s.id, s.company.id);
      return sites.map((s) => ({ id: s.id, inScope: (actor: Actor) => mayEditSites(editorOf(actor), s.company) }));
    },
    attempts: [
      { name: "its edit page", run: (actor, id) => getSite(actor, siteCompany(id), id) },
      { name: "update", run: (actor, id) => updateSite(actor, siteCompany(id), id, anySite) },
    ],
    minChecks: 30,
  },
  {
    kind: "billing account (its owner, the owner's direct parent, staff)",
    all: async () => {
      const accounts = await db.billingAccount.findMany({ select: { id: true, ref: true, owner: { select: { id: true, parentId: true } } } });
      for (const a of accounts) accountRefs.set(a.id, { ref: a.ref, ownerId: a.owner.id });
      return accounts.map((a) => ({ id: a.id, inScope: (actor: Actor) => canSeeCompany(viewerOf(actor), a.owner) }));
    },
    attempts: [
      { name: "its page", run: (actor, id) => getBillingAccount(actor, accountOwner(id), accountRef(id)) },
      { name: "its balance (encours)", run: (actor, id) => accountBalance(actor, accountRef(id)) },
      { name: "set its threshold", run: (actor, id) => setCreditLimit(actor, accountRef(id), "100") },
      { name: "its company's list", run: (actor, id) => listBillingAccounts(actor, accountOwner(id)) },
      { name: "update", run: (actor, id) => updateBillingAccount(actor, accountRef(id), anyAccount) },
      { name: "record a mandate", run: (actor, id) => createMandate(actor, accountRef(id), anyMandate) },
    ],
    minChecks: 60,
  },
  {
    kind: "SEPA mandate (seen and managed with its billing account)",
    all: async () => {
      // The demo world's mandates, and one more on each account without one, to widen the matrix.
      for (const account of await db.billingAccount.findMany({ where: { mandates: { none: {} } }, select: { id: true, ref: true } })) {
        await db.sepaMandate.create({ data: { billingAccountId: account.id, rum: `XT-${account.ref}`, debtorName: "Titulaire", iban: "FR7610278089000002030405104", signedOn: new Date() } });
      }
      const mandates = await db.sepaMandate.findMany({ select: { id: true, rum: true, billingAccount: { select: { owner: { select: { id: true, parentId: true } } } } } });
      for (const m of mandates) mandateRums.set(m.id, m.rum);
      return mandates.map((m) => ({ id: m.id, inScope: (actor: Actor) => canSeeCompany(viewerOf(actor), m.billingAccount.owner) }));
    },
    attempts: [
      { name: "amend", run: (actor, id) => amendMandate(actor, mandateRum(id), { debtorName: "Intrus", iban: "DE89370400440532013000", bic: null }) },
      { name: "revoke", run: (actor, id) => revokeMandate(actor, mandateRum(id)) },
      { name: "download the form", run: (actor, id) => renderMandateForm(actor, mandateRum(id)) },
      { name: "upload the signed copy", run: (actor, id) => uploadSignedCopy(actor, mandateRum(id), { name: "mandat.pdf", bytes: aPdf }) },
      { name: "download the signed copy", run: (actor, id) => signedCopyOf(actor, mandateRum(id)) },
    ],
    minChecks: 75,
  },
  // Getting paid (issue 33): the pain.008 files, the statement entries and the hand entry of payments are ADV's.
  {
    kind: "direct-debit file",
    all: async () => (await db.directDebitFile.findMany({ select: { id: true, messageId: true } })).map((f) => {
      fileIds.set(f.id, f.messageId);
      return { id: f.id, inScope: (actor: Actor) => isStaff(actor, "ADV") };
    }),
    attempts: [
      { name: "the Mandat manquant list", run: (actor) => accountsWithoutMandate(actor) },
      {
        name: "download",
        run: async (actor, id) => {
          if ((await directDebitFileResponse(actor, fileIds.get(id) ?? `PRLV-${id}`)).status === 404) notFound();
        },
      },
    ],
    minChecks: 40,
  },
  {
    kind: "bank entry",
    all: async () => {
      if ((await db.bankEntry.count()) === 0) {
        const entry = { messageId: "MATRIX", bookedOn: new Date("2026-12-01"), direction: "CREDIT", kind: "TRANSFER", state: "A_AFFECTER" as const, importedAt: new Date() };
        await db.bankEntry.createMany({ data: [1, 2].map((n) => ({ ...entry, key: `matrix-${n}`, position: n, amountCents: 1000n * BigInt(n), unassignedCents: 1000n * BigInt(n), label: `Virement ${n}` })) });
      }
      return (await db.bankEntry.findMany({ select: { id: true } })).map((e) => ({ id: e.id, inScope: (actor: Actor) => isStaff(actor, "ADV") }));
    },
    attempts: [
      { name: "assign", run: async (actor, id) => assignBankEntry(actor, id, (await db.invoice.findFirstOrThrow()).number) },
      { name: "dismiss", run: (actor, id) => dismissBankEntry(actor, id) },
    ],
    minChecks: 20,
  },
  {
    kind: "payment by hand",
    all: async () => (await db.invoice.findMany({ select: { id: true, number: true } })).map((i) => {
      invoiceNumbers.set(i.id, i.number);
      return { id: i.id, inScope: (actor: Actor) => isStaff(actor, "ADV") };
    }),
    attempts: [
      { name: "record", run: (actor, id) => recordManualPayment(actor, { invoice: invoiceNumber(id), kind: "VIREMENT", amount: "10,00", receivedOn: "2026-12-01", reference: "", requestKey: `matrix-${actor.userId}-${id}-abcdefgh` }) },
    ],
  },
  {
    kind: "dunning of an account (ADV)",
    all: async () => (await db.billingAccount.findMany({ select: { id: true, ref: true, owner: { select: { id: true } } } })).map((a) => {
      accountRefs.set(a.id, { ref: a.ref, ownerId: a.owner.id });
      return { id: a.id, inScope: (actor: Actor) => isStaff(actor, "ADV") };
    }),
    attempts: [
      { name: "hold", run: (actor, id) => holdAccount(actor, accountRef(id), { reason: "Intrus", until: "2099-01-01" }) },
      { name: "the Recouvrement overview", run: (actor) => dunningOverview(actor) },
    ],
    minChecks: 50,
  },
  {
    kind: "account hold",
    all: async () => {
      if ((await db.accountHold.count()) === 0) {
        const account = await db.billingAccount.findFirstOrThrow({ where: { ref: "CC44705" } });
        await db.accountHold.create({ data: { billingAccountId: account.id, reason: "Échéancier", until: new Date("2099-01-01"), createdById: 1, createdAt: new Date() } });
      }
      return (await db.accountHold.findMany({ select: { id: true } })).map((h) => ({ id: h.id, inScope: (actor: Actor) => isStaff(actor, "ADV") }));
    },
    attempts: [{ name: "lift", run: (actor, id) => liftHold(actor, id) }],
    minChecks: 5,
  },
  // Late-payment penalties (SPEC §13): a penalty invoice is seen like any invoice of its account; the legal rates,
  // the invoices paid late and the waivers are ADV's.
  {
    kind: "penalty invoice",
    all: async () => {
      const invoices = await db.invoice.findMany({ where: { kind: "PENALITES" }, select: { id: true, number: true, billingAccount: { select: { owner: { select: { id: true, parentId: true } } } } } });
      for (const i of invoices) invoiceNumbers.set(i.id, i.number);
      return invoices.map((i) => ({ id: i.id, inScope: (actor: Actor) => canSeeInvoice(viewerOf(actor), i.billingAccount.owner) }));
    },
    attempts: [
      { name: "invoice page", run: (actor, id) => getInvoice(actor, invoiceNumber(id)) },
      { name: "PDF download", run: (actor, id) => documentPdf(actor, invoiceNumber(id)) },
    ],
    minChecks: 6,
  },
  {
    kind: "penalties of an invoice paid (ADV)",
    all: async () => (await db.invoice.findMany({ where: { kind: "FACTURE", paidOn: { not: null } }, select: { id: true, number: true } })).map((i) => {
      invoiceNumbers.set(i.id, i.number);
      return { id: i.id, inScope: (actor: Actor) => isStaff(actor, "ADV") };
    }),
    attempts: [
      { name: "waive", run: (actor, id) => waivePenalties(actor, invoiceNumber(id), "Renonciation d'un intrus") },
      { name: "the Pénalités overview", run: (actor) => penaltiesOverview(actor) },
      { name: "set a legal rate", run: (actor) => setLegalInterestRate(actor, { year: "2030", half: "S1", rate: "9,99" }) },
    ],
    minChecks: 50,
  },
];

const fileIds = new Map<number, string>();

const userCompanies = new Map<number, { id: number; parentId: number | null; universes: string[] }>();

const isNotFound = (error: unknown) => String((error as { digest?: string })?.digest ?? "").includes("404");

/** Everything an attempt could change. */
async function snapshot() {
  const [companies, audits, users, ocs, terminations, orders, orderCount, emails, resources, lines, network, sms, history, invoices, creditNotes, contestations, contacts, sites, accounts, mandates, amendments, payments, entries, files, charges, holds, waivers, legalRates] = await Promise.all([
    db.company.findMany({ orderBy: { id: "asc" } }),
    db.auditEvent.count(),
    db.user.findMany({ orderBy: { id: "asc" }, select: { id: true, active: true, passwordHash: true, role: true, staffRole: true, pendingEmail: true } }),
    db.contractedOffer.findMany({ orderBy: { id: "asc" }, select: { id: true, state: true } }),
    db.termination.findMany({ orderBy: { id: "asc" } }),
    db.order.findMany({ orderBy: { id: "asc" }, select: { id: true, state: true, pilotId: true } }),
    db.order.count(),
    db.outgoingEmail.count(),
    db.simResource.findMany({ orderBy: { id: "asc" }, select: { id: true, state: true, lineId: true } }),
    db.mobileLine.count(),
    db.provisioningRequest.count(),
    db.smsMessage.count(),
    db.resourceHistory.count(),
    db.invoice.findMany({ orderBy: { id: "asc" }, select: { id: true, state: true, paidCents: true, paidOn: true, debit: true, collectionOn: true } }),
    db.creditNote.findMany({ orderBy: { id: "asc" }, select: { id: true, appliedToInvoiceId: true } }),
    db.contestation.findMany({ orderBy: { id: "asc" }, select: { id: true, state: true } }),
    db.contact.findMany({ orderBy: { id: "asc" } }),
    db.site.findMany({ orderBy: { id: "asc" } }),
    db.billingAccount.findMany({ orderBy: { id: "asc" } }),
    db.sepaMandate.findMany({ orderBy: { id: "asc" }, omit: { signedCopy: true } }),
    db.sepaMandateAmendment.count(),
    db.payment.count(),
    db.bankEntry.findMany({ orderBy: { id: "asc" }, select: { id: true, state: true, unassignedCents: true } }),
    db.directDebitFile.count(),
    db.pendingCharge.count(),
    db.accountHold.findMany({ orderBy: { id: "asc" }, select: { id: true, liftedAt: true } }),
    db.penaltyWaiver.count(),
    db.legalInterestRate.findMany({ orderBy: { halfYearStart: "asc" } }),
  ]);
  return JSON.stringify(
    { companies, audits, users, ocs, terminations, orders, orderCount, emails, resources, lines, network, sms, history, invoices, creditNotes, contestations, contacts, sites, accounts, mandates, amendments, payments, entries, files, charges, holds, waivers, legalRates },
    (_key, value: unknown) => (typeof value === "bigint" ? String(value) : value),
  );
}

let actors: { label: string; actor: Actor }[] = [];

beforeAll(async () => {
  await seedDemoWorld(db);
  // The demo world gives its named companies their contacts (SPEC §16); one more for every company widens the matrix.
  const companies = await db.company.findMany({ select: { id: true } });
  await db.contact.createMany({ data: companies.map((c) => ({ companyId: c.id, role: "FACTURATION" as const, name: `Comptabilité ${c.id}`, email: `compta-${c.id}@example.test` })) });
  // 44705, a client of 44000 with a reseller universe, gets users of its own: 44000 sees them and may not manage them.
  await db.user.createMany({
    data: [
      { identifier: "E-0000900001", name: "Administratrice Giraud", email: "admin@transports-giraud.example", companyId: 44705, role: "ADMINISTRATEUR" },
      { identifier: "E-0000900002", name: "Utilisateur Giraud", email: "user@transports-giraud.example", companyId: 44705, role: "UTILISATEUR" },
    ],
  });
  for (const demo of DEMO_USERS.filter((u) => u.withPassword)) {
    const user = await db.user.findUniqueOrThrow({ where: { identifier: demo.identifier }, include: { company: true } });
    const universes = user.company.universes.length ? user.company.universes : [null];
    for (const universe of universes) {
      const actor = await loadActor(user.id, null, universe);
      if (!actor) throw new Error(`no actor for ${demo.identifier}`);
      actors.push({ label: `${demo.identifier} (${universe ?? "staff"})`, actor });
    }
  }
  actors = actors.sort((a, b) => a.label.localeCompare(b.label));
});

describe("scopes agree with the rules of SPEC §1", () => {
  it("companyScope and clientScope select exactly what lib/domain/tenancy allows", async () => {
    const companies = await db.company.findMany({ select: { id: true, parentId: true } });
    expect(actors.length).toBe(7); // users 1–6, the reseller in both of its universes
    for (const { label, actor } of actors) {
      const visible = (await db.company.findMany({ where: companyScope(actor), select: { id: true } })).map((c) => c.id).sort();
      const clients = (await db.company.findMany({ where: clientScope(actor), select: { id: true } })).map((c) => c.id).sort();
      const viewer = viewerOf(actor);
      expect(visible, label).toEqual(companies.filter((c) => canSeeCompany(viewer, c)).map((c) => c.id).sort());
      expect(clients, label).toEqual(companies.filter((c) => isClientOf(viewer, c)).map((c) => c.id).sort());
    }
  });

  it("the reseller's list holds its direct clients only, whatever the filter", async () => {
    const reseller = actors.find((a) => a.label === "E-0000000003 (REVENDEUR)")!.actor;
    const { rows, total } = await listClients(reseller, parseClientQuery({}));
    expect(total).toBe(await db.company.count({ where: { parentId: 44000 } }));
    expect(rows.map((r) => r.id)).toContain(44660);
    for (const id of [46001, 45010, 44000, 10000]) {
      expect((await listClients(reseller, parseClientQuery({ id: String(id) }))).total).toBe(0);
    }
    const asClient = actors.find((a) => a.label === "E-0000000003 (CLIENT)")!.actor;
    expect((await listClients(asClient, parseClientQuery({}))).total).toBe(0);
  });
});

describe("the OC list and its CSV export hold exactly the OCs in scope", () => {
  it("for every demo user in each universe, whatever the filter", async () => {
    const ocs = await db.contractedOffer.findMany({ select: { id: true, endClient: { select: { id: true, parentId: true } } } });
    for (const { label, actor } of actors) {
      const { rows, total } = await listContractedOffers(actor, parseOcQuery({}));
      const expected = ocs.filter((oc) => canSeeContractedOffer(viewerOf(actor), oc.endClient)).map((oc) => oc.id).sort((a, b) => a - b);
      expect(total, label).toBe(expected.length);
      if (total <= 50) expect(rows.map((r) => r.id).sort((a, b) => a - b), label).toEqual(expected);
      const exported: number[] = [];
      for await (const page of allContractedOffers(actor, parseOcQuery({}))) exported.push(...page.map((r) => r.id));
      expect(exported.sort((a, b) => a - b), `${label} (CSV export)`).toEqual(expected);
      const outside = ocs.find((oc) => !canSeeContractedOffer(viewerOf(actor), oc.endClient));
      if (outside) expect((await listContractedOffers(actor, parseOcQuery({ endClient: String(outside.endClient.id) }))).total, label).toBe(0);
    }
  });
});

describe("the order list and its CSV export hold exactly the orders in scope", () => {
  it("for every demo user in each universe", async () => {
    const orders = await db.order.findMany({ select: { id: true, ref: true, endClient: { select: { id: true, parentId: true } } } });
    for (const { label, actor } of actors) {
      const expected = orders.filter((o) => canSeeCompany(viewerOf(actor), o.endClient)).map((o) => o.id).sort((a, b) => a - b);
      expect((await listOrders(actor, parseOrderQuery({}))).total, label).toBe(expected.length);
      const exported: number[] = [];
      for await (const page of allOrders(actor, parseOrderQuery({}))) exported.push(...page.map((o) => o.id));
      expect(exported.sort((a, b) => a - b), `${label} (CSV export)`).toEqual(expected);
      let csv = "";
      for await (const chunk of ordersCsv(actor, parseOrderQuery({}))) csv += chunk;
      expect(csv.trim().split("\n"), label).toHaveLength(expected.length + 1);
      for (const outside of orders.filter((o) => !canSeeCompany(viewerOf(actor), o.endClient))) expect(csv, label).not.toContain(outside.ref);
    }
  });
});

describe("the invoice and credit-note lists and their CSV exports hold exactly what is in scope", () => {
  it("for every demo user in each universe, whatever the filter", async () => {
    const invoices = await db.invoice.findMany({ select: { id: true, number: true, billingAccount: { select: { owner: { select: { id: true, parentId: true } } } } } });
    const notes = await db.creditNote.findMany({ select: { id: true, number: true, billingAccount: { select: { owner: { select: { id: true, parentId: true } } } } } });
    expect(invoices.length).toBeGreaterThan(12);
    for (const { label, actor } of actors) {
      const viewer = viewerOf(actor);
      const expected = invoices.filter((i) => canSeeInvoice(viewer, i.billingAccount.owner)).map((i) => i.id).sort((a, b) => a - b);
      expect((await listInvoices(actor, parseInvoiceQuery({}))).total, label).toBe(expected.length);
      let csv = "";
      for await (const chunk of invoicesCsv(actor, parseInvoiceQuery({}))) csv += chunk;
      const exported = csv.trim().split("\n").slice(1).map((row) => row.replace(/^\uFEFF/, "").split(";")[0]).sort();
      expect(exported, `${label} (CSV export)`).toEqual(invoices.filter((i) => expected.includes(i.id)).map((i) => i.number).sort());
      // Filtering on another tenant's end client (45010, a client of the operator 45001) finds nothing.
      if (!actor.staffRole && actor.company.id !== 45001) expect((await listInvoices(actor, parseInvoiceQuery({ endClient: "45010" }))).total, label).toBe(0);
      const expectedNotes = notes.filter((n) => canSeeInvoice(viewer, n.billingAccount.owner));
      expect((await listCreditNotes(actor, parseCreditNoteQuery({}))).total, label).toBe(expectedNotes.length);
      let notesCsv = "";
      for await (const chunk of creditNotesCsv(actor, parseCreditNoteQuery({}))) notesCsv += chunk;
      for (const outside of notes.filter((n) => !canSeeInvoice(viewer, n.billingAccount.owner))) expect(notesCsv, label).not.toContain(outside.number);
    }
  });
});

describe.each(OBJECT_KINDS)("$kind out of scope", ({ all, attempts, minChecks = 100, refusal }) => {
  it("is not found by any load or action, for every demo user, and nothing changes", async () => {
    const objects = await all();
    const before = await snapshot();
    let checked = 0;
    for (const { label, actor } of actors) {
      for (const object of objects.filter((o) => !o.inScope(actor))) {
        for (const attempt of attempts) {
          const outcome = await attempt.run(actor, object.id).then(
            () => "allowed",
            (error: unknown) => (isNotFound(error) ? "not found" : error instanceof DomainError ? error.message : `error: ${String(error)}`),
          );
          expect(outcome, `${label} → ${attempt.name} ${object.id}`).toBe(refusal?.(actor, object.id) ?? "not found");
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThanOrEqual(minChecks);
    expect(await snapshot()).toBe(before);
  });

  it("forged identifiers (negative, huge, not a number) are not found either", async () => {
    const reseller = actors.find((a) => a.label === "E-0000000003 (REVENDEUR)")!.actor;
    for (const id of [-1, 0, Number.NaN, 2 ** 53, 1e12]) {
      for (const attempt of attempts) {
        await expect(attempt.run(reseller, id).catch((e: unknown) => (isNotFound(e) ? "not found" : e))).resolves.toBe("not found");
      }
    }
  });
});

describe("a line in scope cannot be moved onto a resource outside it", () => {
  it("refused as not ordered, for every user who sees the line and every other client's Disponible resource; nothing changes", async () => {
    const others = await db.simResource.findMany({ where: { state: "DISPONIBLE", service: { companyId: { not: 44660 } } }, select: { ref: true } });
    expect(others.length).toBeGreaterThan(0);
    const before = await snapshot();
    const viewers = actors.filter(({ actor }) => canSeeCompany(viewerOf(actor), { id: 44660, parentId: 44000 }) && actor.staffRole === null);
    expect(viewers.map((v) => v.label)).toEqual(["E-0000000003 (REVENDEUR)", "E-0000000004 (CLIENT)"]);
    for (const { actor } of viewers) {
      for (const other of others) {
        await expect(changeResource(actor, "FPC367678", other.ref)).rejects.toThrow("vous devez au préalable passer une commande du forfait souhaité");
      }
    }
    expect(await snapshot()).toBe(before);
  });
});

describe("in scope, the same actions work (the matrix is not vacuous)", () => {
  it("the reseller sees its account's penalty invoice and its PDF; ADV see the invoices paid late", async () => {
    const reseller = actors.find((a) => a.label === "E-0000000003 (REVENDEUR)")!.actor;
    const penalty = await db.invoice.findFirstOrThrow({ where: { kind: "PENALITES", billingAccount: { ref: "CC44000-R" } } });
    expect((await getInvoice(reseller, penalty.number)).invoice.number).toBe(penalty.number);
    expect((await documentPdf(reseller, penalty.number)).pdf).not.toBeNull();
    const adv = actors.find((a) => a.label === "E-0000000001 (staff)")!.actor;
    expect((await penaltiesOverview(adv)).invoices.some((r) => r.penaltyInvoice === penalty.number)).toBe(true);
  });

  it("the reseller deactivates and reactivates its client 44284, with audit events", async () => {
    const reseller = actors.find((a) => a.label === "E-0000000003 (REVENDEUR)")!.actor;
    await setClientActive(reseller, 44284, false);
    expect((await db.company.findUniqueOrThrow({ where: { id: 44284 } })).active).toBe(false);
    await setClientActive(reseller, 44284, true);
    expect((await db.company.findUniqueOrThrow({ where: { id: 44284 } })).active).toBe(true);
    expect(await db.auditEvent.count({ where: { targetId: "44284", action: { in: ["company.deactivate", "company.activate"] } } })).toBe(2);
    await addClientResellerUniverse(reseller, 44284);
    expect((await db.company.findUniqueOrThrow({ where: { id: 44284 } })).universes).toEqual(["CLIENT", "REVENDEUR"]);
  });
});
