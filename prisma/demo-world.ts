/**
 * The demo world of SPEC §9: deterministic, and idempotent (a second run changes nothing but the
 * time-relative bits: the pending initialisation link of E-0000000007 is renewed when it has expired,
 * and the current month's usage is topped up to yesterday).
 * Demo data only; a production start never runs this.
 */
import { searchKey } from "@/lib/domain/search-key";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { LegalForm, Universe } from "@/lib/generated/prisma/enums";
import { hashPassword } from "@/lib/server/password";
import { issueToken } from "@/lib/server/user-tokens";
import { sendPasswordInitEmail } from "@/lib/server/emails";
import { now, today } from "@/lib/server/clock";
import { seedDemoOffers } from "@/prisma/demo-offers";
import { addDays, parseDay } from "@/lib/domain/calendar-day";
import { monthBounds } from "@/lib/domain/plan-change";
import { monthOf } from "@/lib/domain/billing";
import { frenchVatNumber, luhnValid, sirenOfSiret } from "@/lib/domain/identifiers";
import { parseCatalogueCsv } from "@/lib/domain/catalogue-csv";
import { readFileSync } from "node:fs";
import path from "node:path";
import { parisMidnight } from "@/lib/domain/terms";

export const DEMO_PASSWORD = "Demo!2026";
export const OPERATOR_ID = 10000;

/** The digit that makes `body + digit` pass Luhn. */
function luhnComplete(body: string): string {
  for (let check = 0; check <= 9; check++) {
    const candidate = body + check;
    if (luhnValid(candidate)) return candidate;
  }
  throw new Error("unreachable");
}

/** A valid SIRET for a demo company: a Luhn-valid SIREN, then the head office's NIC 0001 + key. */
export function demoSiret(companyId: number): string {
  return luhnComplete(luhnComplete(String(80_000_000 + companyId)) + "0001");
}

type CompanySeed = { id: number; name: string; legalForm: LegalForm; createdOn: string; universes: Universe[]; parentId?: number; isOperator?: boolean; active?: boolean };

const companies: CompanySeed[] = [
  { id: OPERATOR_ID, name: "OpenIP", legalForm: "SAS", createdOn: "2008-01-15", universes: [], isOperator: true },
  { id: 44000, name: "Provence Télécom Services", legalForm: "SAS", createdOn: "2016-09-12", universes: ["REVENDEUR", "CLIENT"] },
  { id: 44660, name: "Cabinet Médical des Oliviers", legalForm: "AUTRES", createdOn: "2019-03-18", universes: ["CLIENT"], parentId: 44000 },
  { id: 44284, name: "Boulangerie Martin", legalForm: "SARL", createdOn: "2019-03-05", universes: ["CLIENT"], parentId: 44000 },
  { id: 45001, name: "Alpes Réseaux MSP", legalForm: "SAS", createdOn: "2018-06-04", universes: ["OPERATEUR"] },
];

const CLIENT_NAMES = [
  "Agence Immobilière du Vieux Port", "Garage Lambert", "Pharmacie Saint-Victor", "Cabinet Comptable Roux", "Hôtel Les Calanques",
  "Transports Giraud", "Atelier Bérard Menuiserie", "Clinique Vétérinaire Mistral", "Restaurant Le Panier", "Librairie Sainte-Anne",
  "Études Notariales Faure", "Boucherie Chabert", "Auto-École Provence", "Cave Vinicole du Luberon", "Fleurs et Jardins Aubagne",
  "Optique Castellane", "Menuiserie Arnaud", "Plomberie Bonnet", "Crèche Les Petits Pas", "Cabinet d'Avocats Mercier",
  "Imprimerie Rolland", "Laboratoire Biomed Sud", "Camping Les Pins", "École de Danse Allegro",
];
const MSP_CLIENT_NAMES = ["Station de Ski Vars Loisirs", "Mairie de Briançon - Services techniques", "Coopérative Laitière des Écrins", "Hôtel Le Chamois", "Scierie Dupraz", "Refuge du Pelvoux"];
const LEGAL_FORM_CYCLE: LegalForm[] = ["SARL", "SAS", "AUTRES", "EURL", "SASU", "SA", "ASSOCIATION", "EI"];

/** The companies of the demo world: the demo top-ups (usage, calls) stay inside them, whatever else the database holds. */
export function demoCompanyIds(): number[] {
  return allCompanies().map((c) => c.id);
}

function allCompanies(): CompanySeed[] {
  const list = [...companies];
  CLIENT_NAMES.forEach((name, i) =>
    list.push({ id: 44700 + i, name, legalForm: LEGAL_FORM_CYCLE[i % LEGAL_FORM_CYCLE.length], createdOn: `20${17 + (i % 8)}-${String(1 + (i % 12)).padStart(2, "0")}-${String(1 + ((i * 7) % 28)).padStart(2, "0")}`, universes: ["CLIENT"], parentId: 44000, active: i !== 8 }),
  );
  MSP_CLIENT_NAMES.forEach((name, i) =>
    list.push({ id: 45010 + i, name, legalForm: LEGAL_FORM_CYCLE[(i + 3) % LEGAL_FORM_CYCLE.length], createdOn: `20${19 + (i % 6)}-${String(2 + i).padStart(2, "0")}-10`, universes: ["CLIENT"], parentId: 45001 }),
  );
  // A client's own client (44705 is given a reseller universe below): 44000 must not see it (SPEC §1).
  list[list.findIndex((c) => c.id === 44705)].universes = ["CLIENT", "REVENDEUR"];
  list.push({ id: 46001, name: "Pâtisserie du Cours Mirabeau", legalForm: "SARL", createdOn: "2021-04-02", universes: ["CLIENT"], parentId: 44705 });
  return list;
}

/** Everyone is an administrator of their company but E-0000000001, ADV without the staff administrator's rights (SPEC §17). */
type UserSeed = { identifier: string; name: string; email: string; companyId: number; staffRole?: "ADV" | "SUPPORT"; role?: "UTILISATEUR"; withPassword: boolean };

export const DEMO_USERS: UserSeed[] = [
  { identifier: "E-0000000001", name: "Charlotte M.", email: "charlotte.m@openip.example", companyId: OPERATOR_ID, staffRole: "ADV", role: "UTILISATEUR", withPassword: true },
  { identifier: "E-0000000002", name: "Service clients OpenIP", email: "support@openip.example", companyId: OPERATOR_ID, staffRole: "SUPPORT", withPassword: true },
  { identifier: "E-0000000003", name: "Julien Arnaud", email: "j.arnaud@provence-telecom.example", companyId: 44000, withPassword: true },
  { identifier: "E-0000000004", name: "Dr Claire Vidal", email: "c.vidal@cabinet-oliviers.example", companyId: 44660, withPassword: true },
  { identifier: "E-0000000005", name: "Paul Martin", email: "paul@boulangerie-martin.example", companyId: 44284, withPassword: true },
  { identifier: "E-0000000006", name: "Sophie Reynaud", email: "s.reynaud@alpes-reseaux.example", companyId: 45001, withPassword: true },
  { identifier: "E-0000000007", name: "Marc Vidal", email: "m.vidal@cabinet-oliviers.example", companyId: 44660, withPassword: false },
];

/** Reference data: the demo catalogue is a catalogue file (SPEC §11), loaded as `npm run setup -- --catalogue` loads one. */
export async function ensureCatalogue(client: PrismaClient) {
  const parsed = parseCatalogueCsv(readFileSync(path.join(process.cwd(), "prisma", "demo-catalogue.csv"), "utf8"));
  if (parsed.rejected.length > 0) throw new Error(`demo-catalogue.csv: ${parsed.rejected.map((r) => r.message).join(" ")}`);
  const { importCatalogue } = await import("@/lib/server/catalogue");
  await client.$transaction((tx) => importCatalogue(tx, parsed.records, null));
}

/** The operator's seller data (SPEC §16; the ICS passes SPEC §13's key). */
const DEMO_OPERATOR_SETTINGS = {
  legalMentions: "S.A.S. au capital de 50 000 € — RCS Nanterre",
  creditorId: "FR97ZZZ482585",
  iban: "FR7630006000011234567890189",
  bic: "AGRIFRPPXXX",
  customerServiceEmail: "serviceclients@openip.fr",
};

/** Legal addresses of the named demo companies; the others get one from their number (SPEC §16). */
const ADDRESSES: Record<number, { street: string; postcode: string; city: string }> = {
  [OPERATOR_ID]: { street: "37-39 rue de Neuilly", postcode: "92110", city: "Clichy" },
  44000: { street: "1 quai du Port", postcode: "13002", city: "Marseille" },
  44660: { street: "12 cours Mirabeau", postcode: "13100", city: "Aix-en-Provence" },
  44284: { street: "40 rue de Rome", postcode: "13001", city: "Marseille" },
  45001: { street: "8 rue Carnot", postcode: "05000", city: "Gap" },
};
/** Accounts, their payment method and mandate (demo IBANs: valid keys, no real account). */
const DEMO_ACCOUNTS: {
  ref: string; name: string; ownerCompanyId: number; invoiceEmails: string[]; paymentMethod: "PRELEVEMENT_SEPA" | "VIREMENT";
  mandate?: { rum: string; debtorName: string; iban: string; bic: string; signedOn: string };
}[] = [
  {
    ref: "CC44000", name: "Provence Télécom Services", ownerCompanyId: 44000, invoiceEmails: ["compta@provence-telecom.example"], paymentMethod: "PRELEVEMENT_SEPA",
    mandate: { rum: "OPENIP-RUM-44000-0001", debtorName: "Provence Télécom Services", iban: "FR7630004012340001234567862", bic: "BNPAFRPPXXX", signedOn: "2016-09-20" },
  },
  { ref: "CC44000-R", name: "Provence Télécom Services – refacturation clients", ownerCompanyId: 44000, invoiceEmails: ["compta@provence-telecom.example"], paymentMethod: "VIREMENT" },
  {
    ref: "CC44660", name: "Cabinet Médical des Oliviers", ownerCompanyId: 44660, invoiceEmails: ["secretariat@cabinet-oliviers.example"], paymentMethod: "PRELEVEMENT_SEPA",
    mandate: { rum: "OPENIP-RUM-44660-0001", debtorName: "Cabinet Médical des Oliviers", iban: "FR7610278089000002030405104", bic: "CMCIFR2AXXX", signedOn: "2019-03-25" },
  },
  {
    ref: "CC45001", name: "Alpes Réseaux MSP", ownerCompanyId: 45001, invoiceEmails: ["factures@alpes-reseaux.example"], paymentMethod: "PRELEVEMENT_SEPA",
    mandate: { rum: "OPENIP-RUM-45001-0001", debtorName: "Alpes Réseaux MSP", iban: "FR7613825002000800123456737", bic: "CEPAFRPP382", signedOn: "2018-06-10" },
  },
  { ref: "CC44705", name: "Transports Giraud", ownerCompanyId: 44705, invoiceEmails: ["comptabilite@transports-giraud.example"], paymentMethod: "VIREMENT" },
];

/** Every named demo company's contacts by role (SPEC §16). */
const DEMO_CONTACTS: { companyId: number; role: "FACTURATION" | "TECHNIQUE" | "ADMINISTRATIF"; name: string; email: string; phone: string }[] = [
  { companyId: 44000, role: "ADMINISTRATIF", name: "Julien Arnaud", email: "j.arnaud@provence-telecom.example", phone: "04 91 00 00 01" },
  { companyId: 44000, role: "FACTURATION", name: "Nadia Ferhat", email: "compta@provence-telecom.example", phone: "04 91 00 00 02" },
  { companyId: 44000, role: "TECHNIQUE", name: "Hugo Blanc", email: "support@provence-telecom.example", phone: "04 91 00 00 03" },
  { companyId: 44660, role: "ADMINISTRATIF", name: "Dr Claire Vidal", email: "c.vidal@cabinet-oliviers.example", phone: "04 42 00 00 01" },
  { companyId: 44660, role: "FACTURATION", name: "Sandrine Roux", email: "secretariat@cabinet-oliviers.example", phone: "04 42 00 00 02" },
  { companyId: 44660, role: "TECHNIQUE", name: "Marc Vidal", email: "m.vidal@cabinet-oliviers.example", phone: "06 12 00 00 03" },
  { companyId: 44284, role: "ADMINISTRATIF", name: "Paul Martin", email: "paul@boulangerie-martin.example", phone: "04 91 00 10 01" },
  { companyId: 44284, role: "TECHNIQUE", name: "Paul Martin", email: "paul@boulangerie-martin.example", phone: "04 91 00 10 01" },
  { companyId: 45001, role: "ADMINISTRATIF", name: "Sophie Reynaud", email: "s.reynaud@alpes-reseaux.example", phone: "04 92 00 00 01" },
  { companyId: 45001, role: "FACTURATION", name: "Service comptable", email: "factures@alpes-reseaux.example", phone: "04 92 00 00 02" },
];

const addressOf = (id: number) => ADDRESSES[id] ?? { street: `${1 + (id % 97)} rue de la République`, postcode: "13001", city: "Marseille" };

export const DEMO_TERMS = {
  label: "2017-03-31",
  effectiveOn: "2017-03-31",
  body: [
    "PRÉAMBULE",
    "",
    "MyOpenIP est développé par la société OPENIP, S.A.S. au capital de 50 000 € dont le siège social est sis 37-39 rue de Neuilly 92110 CLICHY et immatriculée au RCS de Nanterre sous le numéro 48258566300062 (ci-après dénommée « OPENIP »).",
    "",
    "MyOpenIP est une application qui permet aux entreprises, aux entreprises revendeurs de solutions de téléphonie, aux Opérateurs/MSP, aux associations, aux collectivités publiques et à leurs établissements, ainsi qu'aux personnes physiques agissant dans le cadre de leur activité professionnelle (ci-après dénommés le(s) « Client(s) ») de procéder notamment à la saisie de commandes de services de communication pour leur propre compte ou pour le compte de tiers, et à la consultation de leur compte.",
    "",
    "Article 10 - Garanties",
    "L'Utilisateur et/ou le Client s'engage à garantir OPENIP contre toute action qui serait engagée à son encontre du fait de l'utilisation du Site ou des Services dans des conditions qui ne seraient pas conformes aux présentes Conditions d'Utilisation.",
    "",
    "Article 11 - Loi applicable – règlement des litiges",
    "Les présentes conditions sont soumises au droit français. A défaut d'accord amiable, tout litige sera porté devant le Tribunal de Commerce de Paris.",
    "",
    "Version des Conditions d'Utilisation applicable au 31 Mars 2017",
  ].join("\n"),
};

/** Builds the demo world if it is not there yet. Returns false when it already was. */
export async function seedDemoWorld(client: PrismaClient): Promise<boolean> {
  await ensureCatalogue(client);
  const exists = await client.company.findUnique({ where: { id: 44000 } });
  if (exists) {
    await renewPendingLink(client);
    await seedUsage(client);
    return false;
  }
  const list = allCompanies();
  // Parents first (the list is ordered so that every parent precedes its clients).
  for (const c of list) {
    const siret = demoSiret(c.id);
    await client.company.create({
      data: {
        id: c.id, name: c.name, nameKey: searchKey(c.name), legalForm: c.legalForm, createdOn: parseDay(c.createdOn), universes: c.universes,
        parentId: c.parentId ?? null, isOperator: c.isOperator ?? false, siret, active: c.active ?? true,
        ...addressOf(c.id), vatNumber: frenchVatNumber(sirenOfSiret(siret)),
      },
    });
  }
  await client.operatorSettings.create({ data: { companyId: OPERATOR_ID, ...DEMO_OPERATOR_SETTINGS } });
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const terms = await client.termsVersion.create({
    data: { label: DEMO_TERMS.label, body: DEMO_TERMS.body, effectiveAt: parisMidnight(DEMO_TERMS.effectiveOn), publishedAt: parisMidnight(DEMO_TERMS.effectiveOn) },
  });
  for (const u of DEMO_USERS) {
    const user = await client.user.create({
      data: { identifier: u.identifier, name: u.name, email: u.email, companyId: u.companyId, staffRole: u.staffRole ?? null, role: u.role ?? "ADMINISTRATEUR", passwordHash: u.withPassword ? passwordHash : null },
    });
    if (u.withPassword) {
      await client.termsAcceptance.create({ data: { userId: user.id, termsVersionId: terms.id, acceptedAt: parisMidnight("2024-01-02"), ip: "seed", userAgent: "seed" } });
    }
  }
  // Billing accounts (SPEC §1): 44660 billed directly; 44284 billed through its reseller 44000.
  // Billing accounts (SPEC §1, §16): 44660 billed directly, by direct debit; 44284 and 44000's other clients through
  // their reseller (CC44000-R, by transfer).
  await client.billingAccount.createMany({
    data: DEMO_ACCOUNTS.map(({ mandate: _mandate, ...account }) => ({ ...account, ...addressOf(account.ownerCompanyId) })),
  });
  for (const { ref, mandate } of DEMO_ACCOUNTS) {
    if (!mandate) continue;
    const account = await client.billingAccount.findUniqueOrThrow({ where: { ref } });
    // Collected every month: the last collection was this month's (its 36 months run from there, SPEC §12).
    await client.sepaMandate.create({ data: { billingAccountId: account.id, ...mandate, signedOn: parseDay(mandate.signedOn), lastCollectionOn: parseDay(monthBounds(monthOf(today())).first) } });
  }
  await client.counter.create({ data: { name: "sepa_mandate", value: DEMO_ACCOUNTS.length } });
  await client.company.updateMany({ where: { parentId: 44000, id: { not: 44660 } }, data: { billingMode: "VIA_REVENDEUR" } });
  await client.contact.createMany({ data: DEMO_CONTACTS });
  await client.site.createMany({
    data: [
      { companyId: 44660, name: "AIX-EN-PROVENCE", address: "12 cours Mirabeau", postcode: "13100", city: "Aix-en-Provence" },
      { companyId: 44660, name: "LILLE", address: "5 rue Nationale", postcode: "59000", city: "Lille" },
      { companyId: 44284, name: "MARSEILLE", address: "40 rue de Rome", postcode: "13001", city: "Marseille" },
      { companyId: 44000, name: "MARSEILLE SIÈGE", address: "1 quai du Port", postcode: "13002", city: "Marseille" },
      { companyId: 45001, name: "GAP", address: "8 rue Carnot", postcode: "05000", city: "Gap" },
    ],
  });
  await client.counter.createMany({
    data: [
      { name: "user", value: DEMO_USERS.length },
      { name: "company", value: Math.max(...list.map((c) => c.id)) },
    ],
  });
  await seedDemoOffers(client, today());
  const { seedDemoInvoices } = await import("./demo-invoices");
  await seedDemoInvoices(client, today());
  const { seedDemoReturnedDebit } = await import("./demo-dunning");
  await seedDemoReturnedDebit(client, today());
  await seedPriceIncrease(client);
  await renewPendingLink(client);
  await seedUsage(client);
  return true;
}

/**
 * The current month's usage (prisma/demo-usage.ts) and the call records (prisma/demo-calls.ts) of the demo
 * companies' lines and trunks, topped up on every run (on a benchmark world too: its own lines get none). Loaded on demand: it goes
 * through lib/server modules marked `server-only`, which scripts importing this file for its constants
 * (scripts/seed-scale.ts) must not load; prisma/seed.ts registers scripts/server-only-shim.mjs first.
 */
async function seedUsage(client: PrismaClient) {
  const { seedDemoUsage } = await import("./demo-usage");
  await seedDemoUsage(client, today(), demoCompanyIds());
  const { seedDemoCalls } = await import("./demo-calls");
  await seedDemoCalls(client, today(), demoCompanyIds());
}

/**
 * SPEC §16: a price increase on *Accès 4G/5G* published 35 days before the 1st of next month, in force that day; its
 * notice went to the owners of the accounts billed for it, who may still terminate without fees for a few days.
 */
async function seedPriceIncrease(client: PrismaClient) {
  const { publishPrice } = await import("@/lib/server/offers");
  const { loadActor } = await import("@/lib/server/authz");
  const { restoreClock, saveClock, setClock } = await import("@/lib/server/clock");
  const admin = await client.user.findUniqueOrThrow({ where: { identifier: "E-0000000002" } });
  const effectiveOn = monthBounds(monthOf(today())).next;
  const saved = saveClock();
  try {
    setClock(new Date(parisMidnight(addDays(effectiveOn, -35)).getTime() + 10 * 3_600_000));
    const actor = await loadActor(admin.id, null, null);
    await publishPrice(actor!, "ACC-4G5G", { effectiveOn, monthlyFeeCents: 5400, oneOffFeeCents: 9900 });
  } finally {
    restoreClock(saved);
  }
}

/** E-0000000007 has a valid initialisation link pending (SPEC §9): renewed when none is valid. */
async function renewPendingLink(client: PrismaClient) {
  const user = await client.user.findUnique({ where: { identifier: "E-0000000007" } });
  if (!user || user.passwordHash) return;
  const valid = await client.userToken.findFirst({ where: { userId: user.id, purpose: "PASSWORD_INIT", usedAt: null, supersededAt: null, expiresAt: { gt: now() } } });
  if (valid) return;
  const token = await client.$transaction((tx) => issueToken(tx, user.id, "PASSWORD_INIT"));
  await sendPasswordInitEmail(user, token, now());
}
