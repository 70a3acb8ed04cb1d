/**
 * The demo world's contracted offers (SPEC §9): for each OC its order, product sheets, services and
 * SIM resources. OCs in every state and type; 44660 has one delivered OC of each family; 44000 has
 * OCs of its own; the scheduled termination falls after the day the seed runs.
 */
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { OcState, OrderType, ResourceState } from "@/lib/generated/prisma/enums";
import { addDays, parseDay, type CalendarDay } from "@/lib/domain/calendar-day";
import { parisMidnight } from "@/lib/domain/terms";
import { terminationDate } from "@/lib/domain/termination";
import { rioKey } from "@/lib/domain/identifiers";
import { SERVICE_TYPE_OF_FAMILY } from "@/lib/domain/service-families";

type SheetSeed = { ref: string; offer: string; quantity?: number; resources?: ResourceSeed[] };
type ResourceSeed = { state: ResourceState; line?: { msisdn: string; iccid: string; userName: string; activatedOn: CalendarDay; rio: string } };

/** OpenIP's RIO for a demo line (operator code 35, business line). */
const demoRio = (ref: string, msisdn: string) => `35E${ref}${rioKey(`35E${ref}`, msisdn)}`;
type OcSeed = {
  ref: string;
  name: string;
  endClientId: number;
  billing: string;
  site?: string;
  /** The order it came from (none for the oldest OCs, as in the guide). */
  order?: string;
  orderType: OrderType;
  state: OcState;
  deliveredOn?: CalendarDay;
  sheets: SheetSeed[];
  /** A termination requested on `requestedOn` (scheduled: RESILIATION_PROGRAMMEE; applied: RESILIEE). */
  requestedOn?: CalendarDay;
  /** *Pilote ADV: Aucun*. */
  noPilot?: boolean;
};


/** 44000's other clients each get one or two OCs, billed to the reseller (CC44000-R). */
function resellerClientOcs(): OcSeed[] {
  const offers = ["ACC-FIBRE-100", "TEL-TRUNK-4", "ACC-4G5G", "TEL-METACENTREX"];
  const list: OcSeed[] = [];
  for (let i = 0; i < 24; i++) {
    const count = i % 3 === 0 ? 2 : 1;
    for (let j = 0; j < count; j++) {
      const n = 151000 + i * 2 + j;
      const offer = offers[(i + j) % offers.length];
      list.push({
        ref: `OC${n}`, name: offer === "ACC-FIBRE-100" ? "Accès internet fibre" : offer === "ACC-4G5G" ? "Accès internet 4G/5G" : "Téléphonie IP",
        endClientId: 44700 + i, billing: "CC44000-R", order: `COM${33000 + i * 2 + j}`, orderType: "CREATION", state: "LIVREE",
        deliveredOn: `20${20 + (i % 6)}-${String(1 + ((i + j) % 12)).padStart(2, "0")}-${String(1 + ((i * 5) % 27)).padStart(2, "0")}`,
        sheets: [{ ref: `FPC${368000 + i * 2 + j}`, offer }],
      });
    }
  }
  return list;
}

function demoOcs(today: CalendarDay): OcSeed[] {
  // The line activated three weeks ago is still in its first three months of commitment.
  const lineActivatedOn = addDays(today, -21);
  return [
    // 44660, billed directly: one delivered OC per family.
    {
      ref: "OC150943", name: "Création et portabilités de numéros", endClientId: 44660, billing: "CC44660", site: "AIX-EN-PROVENCE",
      order: "COM32623", orderType: "CREATION", state: "LIVREE", deliveredOn: "2018-05-29",
      sheets: [{ ref: "FPC150943", offer: "TEL-NUM-GEO", quantity: 3 }],
    },
    {
      ref: "OC150944", name: "Téléphonie IP du cabinet", endClientId: 44660, billing: "CC44660", site: "AIX-EN-PROVENCE",
      order: "COM32624", orderType: "CREATION", state: "LIVREE", deliveredOn: "2024-09-02",
      sheets: [{ ref: "FPC150944", offer: "TEL-TRUNK-4" }],
    },
    {
      ref: "OC151200", name: "Accès internet fibre", endClientId: 44660, billing: "CC44660", site: "AIX-EN-PROVENCE",
      order: "COM32810", orderType: "CREATION", state: "LIVREE", deliveredOn: "2023-02-15",
      sheets: [{ ref: "FPC151200", offer: "ACC-FIBRE-100" }, { ref: "FPC151201", offer: "OPT-IP-FIXE" }],
    },
    {
      ref: "OC152400", name: "Flotte mobile OpenSIM", endClientId: 44660, billing: "CC44660", site: "AIX-EN-PROVENCE",
      order: "COM33400", orderType: "CREATION", state: "LIVREE", deliveredOn: addDays(today, -30),
      sheets: [
        { ref: "FPC367678", offer: "SIM-20", resources: [{ state: "ACTIF", line: { msisdn: "0612345678", iccid: "8933150319000012340", userName: "Dr Claire Vidal", activatedOn: lineActivatedOn, rio: demoRio("DEMO01", "0612345678") } }] },
        { ref: "FPC367679", offer: "SIM-COMPTEUR", resources: [{ state: "DISPONIBLE" }] },
        { ref: "FPC367680", offer: "SIM-50", resources: [{ state: "DISPONIBLE" }] },
        { ref: "FPC367681", offer: "SIM-DO-20", resources: [{ state: "DISPONIBLE" }] },
      ],
    },
    {
      ref: "OC152500", name: "Accès internet de secours 4G/5G", endClientId: 44660, billing: "CC44660", site: "LILLE",
      order: "COM33500", orderType: "CREATION", state: "EN_COURS_DE_LIVRAISON",
      sheets: [{ ref: "FPC152500", offer: "ACC-4G5G" }],
    },
    {
      ref: "OC151800", name: "Trunk SIP agence de Lille", endClientId: 44660, billing: "CC44660", site: "LILLE",
      order: "COM33180", orderType: "CREATION", state: "LIVREE", deliveredOn: "2025-01-20",
      sheets: [{ ref: "FPC151800", offer: "TEL-TRUNK-SE", quantity: 2 }],
    },
    // The guide's list (seed 001).
    {
      ref: "OC138637", name: "Com'Unifiées MetaCentrex", endClientId: 44660, billing: "CC44660", site: "LILLE",
      order: "COM16444", orderType: "CREATION", state: "LIVREE", deliveredOn: "2017-11-22",
      sheets: [{ ref: "FPC138637", offer: "TEL-METACENTREX", quantity: 4 }],
    },
    {
      ref: "OC94529", name: "Numéro - Géographique", endClientId: 44660, billing: "CC44660", site: "AIX-EN-PROVENCE",
      orderType: "CREATION", state: "LIVREE", deliveredOn: "2016-12-20", noPilot: true,
      sheets: [{ ref: "FPC94529", offer: "TEL-NUM-GEO" }],
    },
    {
      ref: "OC151500", name: "Numéro de l'agence de Lille", endClientId: 44660, billing: "CC44660", site: "LILLE",
      order: "COM33150", orderType: "PORTABILITE", state: "RESILIATION_PROGRAMMEE", deliveredOn: "2022-06-01",
      sheets: [{ ref: "FPC151500", offer: "TEL-NUM-GEO", quantity: 2 }], requestedOn: addDays(today, -5),
    },
    {
      ref: "OC149870", name: "Ancien accès fibre", endClientId: 44660, billing: "CC44660", site: "LILLE",
      order: "COM31987", orderType: "RESILIATION", state: "RESILIEE", deliveredOn: "2017-11-06",
      sheets: [{ ref: "FPC149870", offer: "ACC-FIBRE-100" }], requestedOn: "2024-02-12",
    },
    // 44284, billed through its reseller 44000.
    {
      ref: "OC150310", name: "Accès internet fibre", endClientId: 44284, billing: "CC44000-R", site: "MARSEILLE",
      order: "COM32310", orderType: "CREATION", state: "LIVREE", deliveredOn: "2019-04-29",
      sheets: [{ ref: "FPC150310", offer: "ACC-FIBRE-100" }],
    },
    {
      ref: "OC150311", name: "Numéro de la boutique", endClientId: 44284, billing: "CC44000-R", site: "MARSEILLE",
      order: "COM32311", orderType: "PORTABILITE", state: "LIVREE", deliveredOn: "2019-05-06",
      sheets: [{ ref: "FPC150311", offer: "TEL-NUM-GEO" }],
    },
    // The reseller's own OCs (its client universe).
    {
      ref: "OC148200", name: "Trunk SIP du siège", endClientId: 44000, billing: "CC44000", site: "MARSEILLE SIÈGE",
      order: "COM31820", orderType: "CREATION", state: "LIVREE", deliveredOn: "2021-03-01",
      sheets: [{ ref: "FPC148200", offer: "TEL-TRUNK-4" }],
    },
    {
      ref: "OC148201", name: "Accès internet du siège", endClientId: 44000, billing: "CC44000", site: "MARSEILLE SIÈGE",
      order: "COM31821", orderType: "CREATION", state: "LIVREE", deliveredOn: "2021-03-01",
      sheets: [{ ref: "FPC148201", offer: "ACC-FIBRE-100" }],
    },
    // The operator's clients, and 44705's own client (which 44000 must not see).
    {
      ref: "OC153010", name: "Accès internet fibre", endClientId: 45010, billing: "CC45001", site: "GAP",
      order: "COM34010", orderType: "CREATION", state: "LIVREE", deliveredOn: "2023-11-20",
      sheets: [{ ref: "FPC153010", offer: "ACC-FIBRE-100" }],
    },
    {
      ref: "OC153011", name: "Flotte mobile des pistes", endClientId: 45010, billing: "CC45001",
      order: "COM34011", orderType: "CREATION", state: "LIVREE", deliveredOn: "2024-12-01",
      sheets: [{ ref: "FPC153011", offer: "SIM-5", resources: [{ state: "DISPONIBLE" }, { state: "DISPONIBLE" }] }],
    },
    {
      ref: "OC154001", name: "Téléphonie IP", endClientId: 46001, billing: "CC44705",
      order: "COM35001", orderType: "CREATION", state: "LIVREE", deliveredOn: "2022-09-14",
      sheets: [{ ref: "FPC154001", offer: "TEL-TRUNK-4" }],
    },
    ...resellerClientOcs(),
  ];
}

/** Creates the demo OCs; the companies, users, billing accounts, sites and catalogue exist already. */
export async function seedDemoOffers(client: PrismaClient, today: CalendarDay) {
  const offers = new Map((await client.offer.findMany()).map((o) => [o.code, o]));
  const accounts = await client.billingAccount.findMany();
  const billing = new Map(accounts.map((b) => [b.ref, b.id]));
  const billingOwner = new Map(accounts.map((b) => [b.ref, b.ownerCompanyId]));
  const sites = new Map((await client.site.findMany()).map((s) => [`${s.companyId}/${s.name}`, s.id]));
  const users = new Map((await client.user.findMany()).map((u) => [u.identifier, u]));
  const pilot = users.get("E-0000000001")!;
  // Who places orders and requests terminations: a user of the billing account's owner (ADV otherwise).
  const userOf = new Map([[44000, users.get("E-0000000003")!], [44660, users.get("E-0000000004")!], [45001, users.get("E-0000000006")!]]);
  const ocs = demoOcs(today);
  for (const oc of ocs) {
    const owner = billingOwner.get(oc.billing)!;
    const requester = userOf.get(owner) ?? pilot;
    const sheets = oc.sheets.map((s) => ({ ...s, offer: offers.get(s.offer)! }));
    const main = sheets[0].offer;
    const siteId = oc.site ? sites.get(`${oc.endClientId}/${oc.site}`)! : null;
    const delivered = oc.deliveredOn ?? null;
    const submittedOn = delivered ? addDays(delivered, -30) : addDays(today, -12);
    const order = oc.order ? await client.order.create({
      data: {
        ref: oc.order, type: oc.orderType, state: delivered ? "LIVREE" : "EN_COURS_DE_LIVRAISON", endClientId: oc.endClientId,
        orderedByCompanyId: owner,
        placedById: requester.id, billingAccountId: billing.get(oc.billing)!, siteId, pilotId: pilot.id,
        submittedAt: parisMidnight(submittedOn), validatedAt: parisMidnight(addDays(submittedOn, 1)), inDeliveryAt: parisMidnight(addDays(submittedOn, 2)),
        deliveredAt: delivered ? parisMidnight(delivered) : null, deliveredOn: delivered ? parseDay(delivered) : null,
        lines: { create: sheets.map((s) => ({ offerId: s.offer.id, quantity: s.quantity ?? 1, monthlyFeeCents: s.offer.monthlyFeeCents, oneOffFeeCents: s.offer.oneOffFeeCents })) },
      },
    }) : null;
    const terminated = oc.state === "RESILIEE";
    const created = await client.contractedOffer.create({
      data: {
        ref: oc.ref, name: oc.name, offerId: main.id, endClientId: oc.endClientId, billingAccountId: billing.get(oc.billing)!, siteId,
        orderId: order?.id ?? null, orderType: oc.orderType, state: oc.state, pilotId: oc.noPilot ? null : pilot.id,
        deliveredOn: delivered ? parseDay(delivered) : null, activationOn: delivered ? parseDay(delivered) : null,
        monthlyFeeCents: sheets.reduce((sum, s) => sum + s.offer.monthlyFeeCents * (s.quantity ?? 1), 0),
        commitmentMonths: main.commitmentMonths, renewalMonths: main.renewalMonths, noticeMonths: main.noticeMonths,
        terminationFeePerLineCents: main.terminationFeePerLineCents, lineCount: sheets[0].quantity ?? 1,
        createdAt: parisMidnight(delivered ?? submittedOn),
      },
    });
    const service = delivered
      ? await client.service.create({
          data: {
            ref: `SRV${oc.ref.slice(2)}`, name: oc.name, type: SERVICE_TYPE_OF_FAMILY[main.family], state: terminated ? "RESILIE" : oc.state === "RESILIATION_PROGRAMMEE" ? "RESILIATION_PROGRAMMEE" : "EN_SERVICE",
            companyId: oc.endClientId, contractedOfferId: created.id, siteId,
          },
        })
      : null;
    for (const [s, sheet] of sheets.entries()) {
      const productSheet = await client.contractedProductSheet.create({
        data: { ref: sheet.ref, contractedOfferId: created.id, offerId: sheet.offer.id, name: sheet.offer.name, quantity: sheet.quantity ?? 1, monthlyFeeCents: sheet.offer.monthlyFeeCents },
      });
      // Options have their own service, next to the one of the main offer.
      const sheetService =
        s > 0 && sheet.offer.family === "OPTION" && service
          ? await client.service.create({ data: { ref: `SRV${sheet.ref.slice(3)}`, name: sheet.offer.name, type: "OPTION", state: service.state, companyId: oc.endClientId, contractedOfferId: created.id, siteId } })
          : service;
      for (const [r, resource] of (sheet.resources ?? []).entries()) {
        const line = resource.line
          ? await client.mobileLine.create({ data: { ...resource.line, activatedOn: parseDay(resource.line.activatedOn), network: "Orange", mobileProfile: "Standard" } })
          : null;
        const created = await client.simResource.create({
          data: { ref: r === 0 ? sheet.ref : `${sheet.ref}-${r + 1}`, serviceId: sheetService!.id, productSheetId: productSheet.id, offerId: sheet.offer.id, state: resource.state, lineId: line?.id ?? null },
        });
        if (line) {
          await client.linePlanSegment.create({ data: { lineId: line.id, resourceId: created.id, offerId: sheet.offer.id, startOn: line.activatedOn } });
        }
      }
    }
    if (oc.requestedOn) {
      const effectiveOn = terminationDate(oc.requestedOn, main.noticeMonths);
      await client.termination.create({
        data: {
          contractedOfferId: created.id, state: terminated ? "APPLIQUEE" : "PROGRAMMEE", requestedOn: parseDay(oc.requestedOn), noticeMonths: main.noticeMonths,
          effectiveOn: parseDay(effectiveOn), requestedById: requester.id, requestedAt: parisMidnight(oc.requestedOn),
          appliedAt: terminated ? parisMidnight(addDays(effectiveOn, 1)) : null, comment: terminated ? "Remplacé par un accès de secours." : null,
        },
      });
    }
  }
  await seedOpenOrders(client, today, { pilotId: pilot.id, requester: userOf.get(44000)!.id, billing: billing.get("CC44000-R")!, offers });
  await client.counter.createMany({
    data: [
      { name: "contracted-offer", value: 160000 },
      { name: "order", value: 36000 },
      { name: "product-sheet", value: 370000 },
    ],
  });
  return ocs.length;
}

/** Orders still in the ADV queue (SPEC §9: orders in every state), placed by the reseller for 44284. */
async function seedOpenOrders(client: PrismaClient, today: CalendarDay, ctx: { pilotId: number; requester: number; billing: number; offers: Map<string, { id: number; monthlyFeeCents: number; oneOffFeeCents: number }> }) {
  const site = await client.site.findFirstOrThrow({ where: { companyId: 44284 } });
  const open = [
    { ref: "COM35101", state: "SOUMISE" as const, daysAgo: 1, offer: "SIM-20", quantity: 3 },
    { ref: "COM35102", state: "VALIDEE" as const, daysAgo: 4, offer: "ACC-4G5G", quantity: 1 },
    { ref: "COM35103", state: "REFUSEE" as const, daysAgo: 9, offer: "TEL-TRUNK-4", quantity: 1 },
  ];
  for (const o of open) {
    const offer = ctx.offers.get(o.offer)!;
    const submitted = parisMidnight(addDays(today, -o.daysAgo));
    await client.order.create({
      data: {
        ref: o.ref, type: "CREATION", state: o.state, endClientId: 44284, orderedByCompanyId: 44000, placedById: ctx.requester, billingAccountId: ctx.billing, siteId: site.id,
        wishedOn: parseDay(addDays(today, 14)), submittedAt: submitted, pilotId: o.state === "SOUMISE" ? null : ctx.pilotId,
        validatedAt: o.state === "VALIDEE" ? submitted : null, refusedAt: o.state === "REFUSEE" ? submitted : null,
        refusalReason: o.state === "REFUSEE" ? "Le site n'est pas éligible : une étude de faisabilité est nécessaire." : null,
        lines: { create: [{ offerId: offer.id, quantity: o.quantity, monthlyFeeCents: offer.monthlyFeeCents, oneOffFeeCents: offer.oneOffFeeCents }] },
      },
    });
  }
}
