/**
 * The demo world of SPEC §9: deterministic, and idempotent (a second run changes nothing but the
 * time-relative bits: the pending initialisation link of E-0000000007 is renewed when it has expired,
 * and the current month's usage is topped up to yesterday).
 * Demo data only; a production start never runs this.
 */
import { searchKey } from "@/lib/domain/search-key";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { LegalForm, ServiceFamily, PlanCategory, OverageMode, Universe } from "@/lib/generated/prisma/enums";
import { hashPassword } from "@/lib/server/password";
import { issueToken } from "@/lib/server/user-tokens";
import { sendPasswordInitEmail } from "@/lib/server/emails";
import { now, today } from "@/lib/server/clock";
import { seedDemoOffers } from "@/prisma/demo-offers";
import { parseDay } from "@/lib/domain/calendar-day";
import { luhnValid } from "@/lib/domain/identifiers";
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

type UserSeed = { identifier: string; name: string; email: string; companyId: number; staffRole?: "ADV" | "SUPPORT"; withPassword: boolean };

export const DEMO_USERS: UserSeed[] = [
  { identifier: "E-0000000001", name: "Charlotte M.", email: "charlotte.m@openip.example", companyId: OPERATOR_ID, staffRole: "ADV", withPassword: true },
  { identifier: "E-0000000002", name: "Service clients OpenIP", email: "support@openip.example", companyId: OPERATOR_ID, staffRole: "SUPPORT", withPassword: true },
  { identifier: "E-0000000003", name: "Julien Arnaud", email: "j.arnaud@provence-telecom.example", companyId: 44000, withPassword: true },
  { identifier: "E-0000000004", name: "Dr Claire Vidal", email: "c.vidal@cabinet-oliviers.example", companyId: 44660, withPassword: true },
  { identifier: "E-0000000005", name: "Paul Martin", email: "paul@boulangerie-martin.example", companyId: 44284, withPassword: true },
  { identifier: "E-0000000006", name: "Sophie Reynaud", email: "s.reynaud@alpes-reseaux.example", companyId: 45001, withPassword: true },
  { identifier: "E-0000000007", name: "Marc Vidal", email: "m.vidal@cabinet-oliviers.example", companyId: 44660, withPassword: false },
];

type OfferSeed = {
  code: string; name: string; family: ServiceFamily; monthly: number; commitment: number; renewal: number;
  category?: PlanCategory; allowanceGo?: number; overage?: OverageMode; capCents?: number; meteredCentiCentsPerMib?: number;
  terminationFeePerLineCents?: number; optionOfFamily?: ServiceFamily; oneOff?: number;
  /** Fixed telephony: call channels per unit, and unlimited calls to France (also set by the voice_monitoring migration). */
  channels?: number; unlimitedCalls?: boolean;
};

/** The catalogue of SPEC §9 (monthly fees HT in cents; commitment and renewal per family, SPEC §3). */
export const CATALOGUE: OfferSeed[] = [
  { code: "SIM-DO-5", name: "Forfait mobile Data only 5 Go", family: "OPENSIM", category: "DATA_ONLY", allowanceGo: 5, overage: "BLOCKED", monthly: 1000, commitment: 3, renewal: 1 },
  { code: "SIM-DO-20", name: "Forfait mobile Data only 20 Go", family: "OPENSIM", category: "DATA_ONLY", allowanceGo: 20, overage: "BLOCKED", monthly: 1800, commitment: 3, renewal: 1 },
  { code: "SIM-COMPTEUR", name: "Forfait mobile Data compteur", family: "OPENSIM", category: "VOIX_DATA_COMPTEUR", overage: "METERED", meteredCentiCentsPerMib: 100, capCents: 3000, monthly: 500, commitment: 3, renewal: 1 },
  { code: "SIM-5", name: "Forfait mobile 5 Go", family: "OPENSIM", category: "DATA_DATA_AU_GO", allowanceGo: 5, overage: "THROTTLED", monthly: 1500, commitment: 3, renewal: 1 },
  { code: "SIM-20", name: "Forfait mobile Data 20 Go", family: "OPENSIM", category: "DATA_DATA_AU_GO", allowanceGo: 20, overage: "THROTTLED", monthly: 2500, commitment: 3, renewal: 1 },
  { code: "SIM-50", name: "Forfait mobile 50 Go", family: "OPENSIM", category: "DATA_DATA_AU_GO", allowanceGo: 50, overage: "THROTTLED", monthly: 3500, commitment: 3, renewal: 1 },
  { code: "TEL-NUM-GEO", name: "Numéro - Géographique", family: "IP_TELEPHONY", monthly: 100, commitment: 24, renewal: 12 },
  { code: "TEL-TRUNK-4", name: "Trunk SIP 4 canaux", family: "IP_TELEPHONY", monthly: 4000, commitment: 24, renewal: 12, channels: 4, unlimitedCalls: true },
  { code: "TEL-TRUNK-SE", name: "Trunk SIP sans engagement", family: "IP_TELEPHONY", monthly: 4500, commitment: 0, renewal: 0, terminationFeePerLineCents: 15000, channels: 1 },
  { code: "TEL-METACENTREX", name: "Com'Unifiées MetaCentrex", family: "IP_TELEPHONY", monthly: 1200, commitment: 24, renewal: 12, channels: 1, unlimitedCalls: true },
  { code: "ACC-FIBRE-100", name: "Accès fibre 100 Mb/s", family: "IP_ACCESS_FIBRE", monthly: 8900, commitment: 36, renewal: 12, oneOff: 29900 },
  { code: "ACC-4G5G", name: "Accès 4G/5G", family: "IP_ACCESS_CELLULAR", monthly: 4900, commitment: 3, renewal: 1, oneOff: 9900 },
  { code: "OPT-IP-FIXE", name: "Option IP fixe supplémentaire", family: "OPTION", optionOfFamily: "IP_ACCESS_FIBRE", monthly: 500, commitment: 36, renewal: 12 },
];

const GO = BigInt(2) ** BigInt(30);

/** Reference data the portal cannot run without (also in production): the catalogue. */
export async function ensureCatalogue(client: PrismaClient) {
  for (const offer of CATALOGUE) {
    const data = {
      name: offer.name,
      family: offer.family,
      planCategory: offer.category ?? null,
      monthlyFeeCents: offer.monthly,
      oneOffFeeCents: offer.oneOff ?? 0,
      commitmentMonths: offer.commitment,
      renewalMonths: offer.renewal,
      noticeMonths: 1,
      terminationFeePerLineCents: offer.terminationFeePerLineCents ?? null,
      dataAllowanceBytes: offer.allowanceGo ? BigInt(offer.allowanceGo) * GO : null,
      overageMode: offer.overage ?? null,
      meteredPricePerMibCentiCents: offer.meteredCentiCentsPerMib ?? null,
      capCents: offer.capCents ?? null,
      roamingCapCents: offer.family === "OPENSIM" ? 3000 : null,
      optionOfFamily: offer.optionOfFamily ?? null,
      voiceChannelsPerUnit: offer.channels ?? null,
      unlimitedCalls: offer.unlimitedCalls ?? false,
    };
    await client.offer.upsert({ where: { code: offer.code }, create: { code: offer.code, ...data }, update: {} });
  }
}

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
    await client.company.create({
      data: {
        id: c.id, name: c.name, nameKey: searchKey(c.name), legalForm: c.legalForm, createdOn: parseDay(c.createdOn), universes: c.universes,
        parentId: c.parentId ?? null, isOperator: c.isOperator ?? false, siret: demoSiret(c.id), active: c.active ?? true,
      },
    });
  }
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const terms = await client.termsVersion.create({
    data: { label: DEMO_TERMS.label, body: DEMO_TERMS.body, effectiveAt: parisMidnight(DEMO_TERMS.effectiveOn), publishedAt: parisMidnight(DEMO_TERMS.effectiveOn) },
  });
  for (const u of DEMO_USERS) {
    const user = await client.user.create({
      data: { identifier: u.identifier, name: u.name, email: u.email, companyId: u.companyId, staffRole: u.staffRole ?? null, role: "ADMINISTRATEUR", passwordHash: u.withPassword ? passwordHash : null },
    });
    if (u.withPassword) {
      await client.termsAcceptance.create({ data: { userId: user.id, termsVersionId: terms.id, acceptedAt: parisMidnight("2024-01-02"), ip: "seed", userAgent: "seed" } });
    }
  }
  // Billing accounts (SPEC §1): 44660 billed directly; 44284 billed through its reseller 44000.
  await client.billingAccount.createMany({
    data: [
      { ref: "CC44000", name: "Provence Télécom Services", ownerCompanyId: 44000 },
      { ref: "CC44000-R", name: "Provence Télécom Services – refacturation clients", ownerCompanyId: 44000 },
      { ref: "CC44660", name: "Cabinet Médical des Oliviers", ownerCompanyId: 44660 },
      { ref: "CC45001", name: "Alpes Réseaux MSP", ownerCompanyId: 45001 },
      { ref: "CC44705", name: "Transports Giraud", ownerCompanyId: 44705 },
    ],
  });
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

/** E-0000000007 has a valid initialisation link pending (SPEC §9): renewed when none is valid. */
async function renewPendingLink(client: PrismaClient) {
  const user = await client.user.findUnique({ where: { identifier: "E-0000000007" } });
  if (!user || user.passwordHash) return;
  const valid = await client.userToken.findFirst({ where: { userId: user.id, purpose: "PASSWORD_INIT", usedAt: null, supersededAt: null, expiresAt: { gt: now() } } });
  if (valid) return;
  const token = await client.$transaction((tx) => issueToken(tx, user.id, "PASSWORD_INIT"));
  await sendPasswordInitEmail(user, token, now());
}
