// Scale seed for the contracted-offer list and OC page (performance work, never production): adds OCs
// to the client companies scripts/seed-scale.ts created under reseller 44000.
//
//   DATABASE_URL=... npx tsx scripts/migrate.ts
//   DATABASE_URL=... SMTP_URL= npx tsx prisma/seed.ts
//   DATABASE_URL=... npx tsx scripts/seed-scale.ts --clients 10000
//   DATABASE_URL=... npx tsx scripts/seed-scale-ocs.ts [--clients 10000] [--per-client 20] [--parent 44000] [--start 100000] [--batch 2000]
//
// For each client id start..start+clients-1 that is a child of --parent: --per-client OCs, about half
// with an order, each with one product sheet and (once delivered) one service. Per client also one
// billing account `CC<id>` (even ids; odd ids are billed through the reseller's CC44000-R) and, for
// two clients in three, one site. Deterministic (a PRNG seeded by the client id) and idempotent: a
// client that already has scale OCs is skipped, so a second run inserts nothing. Scale references use
// their own series, `OC7` / `COM7` / `FPC7` / `SRV7` + 7 digits (OC70000000…), continuing from the highest in the
// database: they never clash with the demo's (OC94529..OC160000, COM…36000, FPC…370000) nor with the
// app's counters for years. Rows go in with createMany / createManyAndReturn, one transaction per
// batch of OCs, so an interrupted run leaves whole clients only.
import { parseArgs } from "node:util";
import { performance } from "node:perf_hooks";
import { openScriptDb, positiveInt } from "./script-support";
import { addDays, formatDay, parseDay, type CalendarDay } from "@/lib/domain/calendar-day";
import { parisMidnight } from "@/lib/domain/terms";
import { SERVICE_TYPE_OF_FAMILY } from "@/lib/domain/service-families";
import type { OcState, OrderType, ServiceFamily } from "@/lib/generated/prisma/enums";
import type { Prisma } from "@/lib/generated/prisma/client";
import { prng } from "./prng";

if (process.env.NODE_ENV === "production") {
  console.error("seed-scale-ocs: refused, a production database never gets demo data");
  process.exit(1);
}

const { values } = parseArgs({
  options: {
    clients: { type: "string", default: "10000" },
    "per-client": { type: "string", default: "20" },
    parent: { type: "string", default: "44000" },
    start: { type: "string", default: "100000" },
    batch: { type: "string", default: "2000" },
  },
});
const clientCount = positiveInt("seed-scale-ocs", "clients", values.clients);
const perClient = positiveInt("seed-scale-ocs", "per-client", values["per-client"]);
const parentId = positiveInt("seed-scale-ocs", "parent", values.parent);
const startId = positiveInt("seed-scale-ocs", "start", values.start);
// OCs per createMany (≈ 20 bind values a row: 2,000 rows stay well under PostgreSQL's 65,535).
const batchSize = positiveInt("seed-scale-ocs", "batch", values.batch);


const SERIES_LAST = 9_999_999; // `OC7` + 7 digits: OC70000000..OC79999999

const SITE_NAMES = ["MARSEILLE", "AIX-EN-PROVENCE", "TOULON", "AVIGNON", "NICE", "GAP", "ARLES", "CASSIS", "AUBAGNE", "MARTIGUES", "LILLE", "LYON"];
const OC_LABELS: Partial<Record<ServiceFamily, string[]>> = {
  IP_ACCESS_FIBRE: ["Accès internet fibre", "Accès fibre du siège", "Accès fibre de l'agence"],
  IP_ACCESS_CELLULAR: ["Accès internet 4G/5G", "Accès internet de secours 4G/5G"],
  IP_TELEPHONY: ["Téléphonie IP", "Trunk SIP", "Numéros de l'agence", "Com'Unifiées MetaCentrex"],
  OPENSIM: ["Flotte mobile OpenSIM", "Forfaits mobiles des équipes"],
};


function pickState(r: number): OcState {
  if (r < 0.75) return "LIVREE";
  if (r < 0.83) return "EN_COURS_DE_LIVRAISON";
  if (r < 0.97) return "RESILIEE";
  return "RESILIATION_PROGRAMMEE";
}

function pickOrderType(r: number, state: OcState): OrderType {
  if (state === "RESILIEE" && r < 0.5) return "RESILIATION";
  if (r < 0.7) return "CREATION";
  if (r < 0.85) return "PORTABILITE";
  return "MODIFICATION";
}

const pad7 = (n: number) => String(n).padStart(7, "0");

const { client, run } = openScriptDb();

/** The highest counter used so far in a `<prefix>7nnnnnnn` series (-1 when none). */
async function seriesMax(table: "ContractedOffer" | "Order" | "ContractedProductSheet" | "Service", prefix: string): Promise<number> {
  // Fixed width, so the largest string is the largest number.
  const rows = await client.$queryRawUnsafe<{ max: string | null }[]>(
    `SELECT max("ref") AS max FROM "${table}" WHERE "ref" ~ $1`,
    `^${prefix}7[0-9]{7}$`,
  );
  return rows[0].max ? Number(rows[0].max.slice(prefix.length + 1)) : -1;
}

async function main() {
  const parent = await client.company.findUnique({ where: { id: parentId }, select: { id: true } });
  if (!parent) throw new Error(`company ${parentId} not found: run scripts/migrate.ts then prisma/seed.ts first`);
  const users = new Map((await client.user.findMany({ where: { identifier: { in: ["E-0000000001", "E-0000000003"] } } })).map((u) => [u.identifier, u.id]));
  const pilotId = users.get("E-0000000001");
  const placedById = users.get("E-0000000003");
  if (!pilotId || !placedById) throw new Error("users E-0000000001 / E-0000000003 not found: seed the demo world first (prisma/seed.ts)");
  const resellerAccount = await client.billingAccount.findUnique({ where: { ref: `CC${parentId}-R` } });
  if (!resellerAccount) throw new Error(`billing account CC${parentId}-R not found: seed the demo world first`);
  const offers = (await client.offer.findMany({ where: { family: { not: "OPTION" }, active: true }, orderBy: { id: "asc" } }));
  if (offers.length === 0) throw new Error("the offer catalogue is empty: seed the demo world first");

  const endId = startId + clientCount - 1;
  const clients = await client.company.findMany({
    where: { parentId, id: { gte: startId, lte: endId } },
    select: { id: true, name: true },
    orderBy: { id: "asc" },
  });
  if (clients.length === 0) throw new Error(`no clients of ${parentId} with ids ${startId}..${endId}: run scripts/seed-scale.ts first`);
  const done = new Set(
    (
      await client.contractedOffer.groupBy({ by: ["endClientId"], where: { endClientId: { gte: startId, lte: endId }, ref: { startsWith: "OC7" } } })
    ).map((g) => g.endClientId),
  );
  const todo = clients.filter((c) => !done.has(c.id));

  const started = performance.now();

  // Billing accounts and sites first (idempotent on their own: unique ref, "no site yet").
  const accountRows = todo.filter((c) => c.id % 2 === 0).map((c) => ({ ref: `CC${c.id}`, name: c.name, ownerCompanyId: c.id }));
  let accountsInserted = 0;
  for (let i = 0; i < accountRows.length; i += 5000) {
    accountsInserted += (await client.billingAccount.createMany({ data: accountRows.slice(i, i + 5000), skipDuplicates: true })).count;
  }
  const accounts = new Map(
    (await client.billingAccount.findMany({ where: { ownerCompanyId: { gte: startId, lte: endId } }, select: { id: true, ownerCompanyId: true } })).map((b) => [b.ownerCompanyId, b.id]),
  );
  const withSite = new Set(
    (await client.site.groupBy({ by: ["companyId"], where: { companyId: { gte: startId, lte: endId } } })).map((s) => s.companyId),
  );
  const siteRows = todo
    .filter((c) => c.id % 3 !== 0 && !withSite.has(c.id))
    .map((c) => {
      const name = SITE_NAMES[c.id % SITE_NAMES.length];
      return { companyId: c.id, name, address: `${1 + (c.id % 97)} rue de la République`, postcode: "13001", city: name.charAt(0) + name.slice(1).toLowerCase() };
    });
  let sitesInserted = 0;
  for (let i = 0; i < siteRows.length; i += 5000) {
    sitesInserted += (await client.site.createMany({ data: siteRows.slice(i, i + 5000) })).count;
  }
  const sites = new Map<number, number>();
  for (const s of await client.site.findMany({ where: { companyId: { gte: startId, lte: endId } }, select: { id: true, companyId: true }, orderBy: { id: "asc" } })) {
    if (!sites.has(s.companyId)) sites.set(s.companyId, s.id);
  }

  let ocNo = (await seriesMax("ContractedOffer", "OC")) + 1;
  let orderNo = (await seriesMax("Order", "COM")) + 1;
  let sheetNo = (await seriesMax("ContractedProductSheet", "FPC")) + 1;
  let serviceNo = (await seriesMax("Service", "SRV")) + 1;
  if (ocNo + todo.length * perClient - 1 > SERIES_LAST || orderNo + todo.length * perClient - 1 > SERIES_LAST) throw new Error("the OC7nnnnnnn series would overflow: lower --clients or --per-client");

  const firstDay = Date.parse("2015-01-01T00:00:00Z");
  const lastDelivery = Math.min(Date.parse("2026-12-31T00:00:00Z"), Date.parse(`${formatDay(new Date())}T00:00:00Z`) - 86_400_000);
  const daySpan = Math.floor((lastDelivery - firstDay) / 86_400_000);
  const today = formatDay(new Date());

  type Spec = {
    oc: Prisma.ContractedOfferCreateManyInput;
    order: Prisma.OrderCreateManyInput | null;
    family: ServiceFamily;
    offerName: string;
  };
  const clientsPerBatch = Math.max(1, Math.floor(batchSize / perClient));
  let ocs = 0;
  let orders = 0;
  let sheets = 0;
  let services = 0;
  for (let b = 0; b < todo.length; b += clientsPerBatch) {
    const specs: Spec[] = [];
    for (const c of todo.slice(b, b + clientsPerBatch)) {
      const random = prng(c.id * 7919);
      const billingAccountId = accounts.get(c.id) ?? resellerAccount.id;
      const billingOwner = accounts.has(c.id) ? c.id : parentId;
      const siteId = sites.get(c.id) ?? null;
      for (let j = 0; j < perClient; j++) {
        const offer = offers[Math.floor(random() * offers.length)];
        const state = pickState(random());
        const orderType = pickOrderType(random(), state);
        const delivered: CalendarDay | null = state === "EN_COURS_DE_LIVRAISON" ? null : formatDay(new Date(firstDay + Math.floor(random() * daySpan) * 86_400_000));
        const labels = OC_LABELS[offer.family] ?? [offer.name];
        const name = labels[Math.floor(random() * labels.length)];
        const quantity = offer.family === "OPENSIM" || offer.code === "TEL-NUM-GEO" ? 1 + Math.floor(random() * 5) : 1;
        const hasOrder = random() < 0.5 || state === "EN_COURS_DE_LIVRAISON";
        const hasPilot = random() < 0.8;
        const onSite = siteId !== null && random() < 0.7;
        const submittedOn = delivered ? addDays(delivered, -30) : addDays(today, -1 - Math.floor(random() * 40));
        const orderRef = hasOrder ? `COM7${pad7(orderNo++)}` : null;
        specs.push({
          family: offer.family,
          offerName: offer.name,
          order: orderRef
            ? {
                ref: orderRef, type: orderType, state: delivered ? "LIVREE" : "EN_COURS_DE_LIVRAISON", endClientId: c.id, orderedByCompanyId: billingOwner,
                placedById, billingAccountId, siteId: onSite ? siteId : null, pilotId: hasPilot ? pilotId : null,
                submittedAt: parisMidnight(submittedOn), validatedAt: parisMidnight(addDays(submittedOn, 1)), inDeliveryAt: parisMidnight(addDays(submittedOn, 2)),
                deliveredAt: delivered ? parisMidnight(delivered) : null, deliveredOn: delivered ? parseDay(delivered) : null,
              }
            : null,
          oc: {
            ref: `OC7${pad7(ocNo++)}`, name, offerId: offer.id, endClientId: c.id, billingAccountId, siteId: onSite ? siteId : null,
            orderId: null, orderType, state, pilotId: hasPilot ? pilotId : null,
            deliveredOn: delivered ? parseDay(delivered) : null, activationOn: delivered ? parseDay(delivered) : null,
            monthlyFeeCents: offer.monthlyFeeCents * quantity, commitmentMonths: offer.commitmentMonths, renewalMonths: offer.renewalMonths,
            noticeMonths: offer.noticeMonths, terminationFeePerLineCents: offer.terminationFeePerLineCents, lineCount: quantity,
            createdAt: parisMidnight(delivered ?? submittedOn),
          },
        });
      }
    }

    await client.$transaction(
      async (tx) => {
        const orderRows = specs.flatMap((s) => (s.order ? [s.order] : []));
        const orderIds = new Map((await tx.order.createManyAndReturn({ data: orderRows, select: { id: true, ref: true } })).map((o) => [o.ref, o.id]));
        for (const s of specs) if (s.order) s.oc.orderId = orderIds.get(s.order.ref)!;
        const created = await tx.contractedOffer.createManyAndReturn({ data: specs.map((s) => s.oc), select: { id: true, ref: true } });
        const ocIds = new Map(created.map((o) => [o.ref, o.id]));
        const sheetRows: Prisma.ContractedProductSheetCreateManyInput[] = [];
        const serviceRows: Prisma.ServiceCreateManyInput[] = [];
        for (const s of specs) {
          const contractedOfferId = ocIds.get(s.oc.ref)!;
          sheetRows.push({
            ref: `FPC7${pad7(sheetNo++)}`, contractedOfferId, offerId: s.oc.offerId, name: s.offerName,
            quantity: s.oc.lineCount, monthlyFeeCents: s.oc.monthlyFeeCents,
          });
          if (s.oc.deliveredOn) {
            serviceRows.push({
              ref: `SRV7${pad7(serviceNo++)}`, name: s.oc.name, type: SERVICE_TYPE_OF_FAMILY[s.family],
              state: s.oc.state === "RESILIEE" ? "RESILIE" : s.oc.state === "RESILIATION_PROGRAMMEE" ? "RESILIATION_PROGRAMMEE" : "EN_SERVICE",
              companyId: s.oc.endClientId, contractedOfferId, siteId: s.oc.siteId,
            });
          }
        }
        await tx.contractedProductSheet.createMany({ data: sheetRows });
        await tx.service.createMany({ data: serviceRows });
        ocs += created.length;
        orders += orderRows.length;
        sheets += sheetRows.length;
        services += serviceRows.length;
      },
      { timeout: 120_000, maxWait: 10_000 },
    );
    if ((b / clientsPerBatch) % 10 === 9) {
      const s = (performance.now() - started) / 1000;
      console.log(`  … ${ocs} OCs (${Math.round(ocs / s)} OCs/s)`);
    }
  }
  const seconds = (performance.now() - started) / 1000;

  // Fresh planner statistics after a bulk load (PGlite runs no autovacuum; PostgreSQL's may lag).
  if (ocs > 0) {
    for (const table of ["Order", "ContractedOffer", "ContractedProductSheet", "Service", "BillingAccount", "Site"]) {
      await client.$executeRawUnsafe(`ANALYZE "${table}"`);
    }
  }
  const terminations = await terminateEndedOcs(placedById);
  const total = await client.contractedOffer.count();
  const rows = ocs + orders + sheets + services + accountsInserted + sitesInserted;
  console.log(
    `seed-scale-ocs: ${todo.length} clients seeded, ${done.size} already had scale OCs; ` +
      `${ocs} OCs, ${orders} orders, ${sheets} product sheets, ${services} services, ${accountsInserted} billing accounts, ${sitesInserted} sites in ${seconds.toFixed(1)} s`,
  );
  if (ocs > 0) console.log(`seed-scale-ocs: ${Math.round(ocs / seconds)} OCs/s, ${Math.round(rows / seconds)} rows/s overall (batches of ${clientsPerBatch * perClient} OCs)`);
  console.log(`seed-scale-ocs: ${total} contracted offers in the database, ${terminations} terminations added to OCs *Résiliée* or *Résiliation programmée*`);
}

/**
 * The Termination of each scale OC *Résiliée* (APPLIQUEE, its last day E before today) or *Résiliation
 * programmée* (PROGRAMMEE, E after today) that has none, as the portal would have recorded it:
 * E = D + the OC's notice in calendar months, clamped to a shorter month's end (SPEC §3 rule 2, as
 * PostgreSQL's date + interval does), D from the OC's id. One statement, idempotent: it also completes
 * a world seeded before it existed.
 */
async function terminateEndedOcs(requestedById: number): Promise<number> {
  return client.$executeRaw`
    WITH ended AS (
      SELECT oc."id", oc."state", oc."noticeMonths" AS n, make_interval(months => oc."noticeMonths") AS notice,
             CASE WHEN oc."state" = 'RESILIEE'
                  -- D within a year of the activation, E at the latest yesterday.
                  THEN least(oc."activationOn" + (oc."id" % 365)::int, greatest(oc."activationOn", (current_date - 1 - make_interval(months => oc."noticeMonths"))::date))
                  -- D in the last 20 days, never before the activation; without notice, from the day after tomorrow on.
                  ELSE greatest(oc."activationOn", CASE WHEN oc."noticeMonths" > 0 THEN current_date - (oc."id" % 20)::int ELSE current_date + 2 + (oc."id" % 20)::int END)
             END AS d
      FROM "ContractedOffer" oc
      WHERE oc."ref" LIKE 'OC7%' AND oc."state" IN ('RESILIEE', 'RESILIATION_PROGRAMMEE') AND oc."activationOn" IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM "Termination" t WHERE t."contractedOfferId" = oc."id")
    ), dated AS (
      SELECT "id", "state", n, d, CASE WHEN "state" = 'RESILIEE' THEN least((d + notice)::date, current_date - 1) ELSE (d + notice)::date END AS e FROM ended
    )
    INSERT INTO "Termination" ("contractedOfferId", "state", "requestedOn", "noticeMonths", "effectiveOn", "requestedById", "requestedAt", "appliedAt")
    SELECT "id", CASE WHEN "state" = 'RESILIEE' THEN 'APPLIQUEE' ELSE 'PROGRAMMEE' END::"TerminationState", d, n, e, ${requestedById},
           least((d::timestamp AT TIME ZONE 'Europe/Paris') + interval '10 hours', now() - interval '1 hour'),
           CASE WHEN "state" = 'RESILIEE' THEN ((e + 1)::timestamp AT TIME ZONE 'Europe/Paris') + interval '2 hours' END
    FROM dated`;
}

await run("seed-scale-ocs", main);
