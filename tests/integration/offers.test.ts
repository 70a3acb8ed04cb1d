// The catalogue managed by the operator's administrators (SPEC §11): offers created, edited, withdrawn from sale
// (existing OCs keep them) and dated prices; an increase is published at least one month ahead and mailed to the
// owners of the accounts billed for the offer. Nobody else manages the catalogue.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { loadActor, type Actor } from "@/lib/server/authz";
import { createOffer, findOfferForAdmin, listOffersForAdmin, publishPrice, setOfferActive, updateOffer } from "@/lib/server/offers";
import { orderFormData } from "@/lib/server/orders";
import { getContractedOffer } from "@/lib/server/contracted-offers";
import { DomainError } from "@/lib/domain/errors";
import { formatEuros } from "@/lib/domain/money";
import { formatDay } from "@/lib/domain/calendar-day";
import { newOfferSchema, offerEditSchema, type OfferFormInput } from "@/lib/domain/offer-form";
import { seedDemoWorld } from "@/prisma/demo-world";
import { freezeClockAt, realClock, rejectionOf } from "./support/fixtures";

const actorOf = async (identifier: string, universe: string | null = null) => {
  const user = await db.user.findUniqueOrThrow({ where: { identifier } });
  return (await loadActor(user.id, null, universe))!;
};
const isNotFound = (error: unknown) => String((error as { digest?: string })?.digest ?? "").includes("404");
const fieldErrorsOf = async (promise: Promise<unknown>) => {
  const error = await rejectionOf(promise);
  expect(error).toBeInstanceOf(DomainError);
  return (error as DomainError).fieldErrors;
};

// Tuesday 10/03/2026, 10:00 in Paris: an increase takes effect on 10/04/2026 at the earliest.
const TODAY = "2026-03-10";
const IN_20_DAYS = "2026-03-30";
const IN_ONE_MONTH = "2026-04-10";

let admin: Actor; // E-0000000002, Support + Administrateur
let adv: Actor; // E-0000000001, ADV only

const form: OfferFormInput = {
  code: "acc-fibre-1g", name: "Accès fibre 1 Gb/s", family: "IP_ACCESS_FIBRE", planCategory: "", allowanceGo: "", overageMode: "", meteredPricePerMib: "", cap: "",
  roamingCap: "", optionOfFamily: "", monthlyFee: "149,90", oneOffFee: "299", commitmentMonths: "36", renewalMonths: "12", noticeMonths: "1",
  terminationFeePerLine: "", voiceChannelsPerUnit: "", unlimitedCalls: false, gtr: true,
};

beforeAll(async () => {
  freezeClockAt(new Date("2026-03-10T09:00:00Z"));
  await seedDemoWorld(db);
  admin = await actorOf("E-0000000002");
  adv = await actorOf("E-0000000001");
});
afterAll(realClock);

describe("a staff administrator manages the offers", () => {
  it("creates an offer from the form, on sale at the fees typed, audited offer.create", async () => {
    const created = await createOffer(admin, newOfferSchema.parse(form));
    expect(created).toMatchObject({ code: "ACC-FIBRE-1G", name: "Accès fibre 1 Gb/s", family: "IP_ACCESS_FIBRE", monthlyFeeCents: 14_990, oneOffFeeCents: 29_900, gtr: true, active: true });
    expect(await db.auditEvent.count({ where: { action: "offer.create", targetId: "ACC-FIBRE-1G", actorId: admin.userId } })).toBe(1);
    const listed = (await listOffersForAdmin(admin)).find((o) => o.code === "ACC-FIBRE-1G");
    expect(listed?.priceToday).toEqual({ monthlyFeeCents: 14_990, oneOffFeeCents: 29_900 });
  });

  it("creates an OpenSIM plan with its allowance in bytes and a metered one with its price per Mio", async () => {
    const plan = await createOffer(admin, newOfferSchema.parse({ ...form, code: "SIM-100", name: "Forfait mobile 100 Go", family: "OPENSIM", planCategory: "DATA_DATA_AU_GO", overageMode: "THROTTLED", allowanceGo: "100", roamingCap: "30", gtr: false }));
    expect(plan).toMatchObject({ dataAllowanceBytes: 100n * 2n ** 30n, overageMode: "THROTTLED", planCategory: "DATA_DATA_AU_GO", roamingCapCents: 3000 });
    const metered = await createOffer(admin, newOfferSchema.parse({ ...form, code: "SIM-CPT-2", name: "Forfait compteur", family: "OPENSIM", planCategory: "VOIX_DATA_COMPTEUR", overageMode: "METERED", meteredPricePerMib: "0,0125", cap: "30", gtr: false }));
    expect(metered).toMatchObject({ dataAllowanceBytes: null, meteredPricePerMibCentiCents: 125, capCents: 3000 });
  });

  it("refuses a taken code on the code field, and the form's refusals before anything is written", async () => {
    const offers = await db.offer.count();
    expect(await fieldErrorsOf(createOffer(admin, newOfferSchema.parse({ ...form, name: "Autre" })))).toEqual({ code: ["Ce code est déjà utilisé : choisissez-en un autre."] });
    for (const bad of [{ monthlyFee: "12,505" }, { monthlyFee: "-1" }, { name: " " }, { family: "MOBILE" }, { family: "OPENSIM" }, { family: "OPTION" }]) {
      expect(newOfferSchema.safeParse({ ...form, code: "NEW-ONE", ...bad }).success).toBe(false);
    }
    expect(await db.offer.count()).toBe(offers);
    expect((await db.offer.findUniqueOrThrow({ where: { code: "ACC-FIBRE-1G" } })).name).toBe("Accès fibre 1 Gb/s");
  });

  it("edits every field but the code and the prices, audited offer.update", async () => {
    const edit = offerEditSchema.parse({ ...form, code: "", monthlyFee: "", oneOffFee: "", name: "Accès fibre 1 Gb/s pro", commitmentMonths: "24", noticeMonths: "3", terminationFeePerLine: "50", gtr: false });
    await updateOffer(admin, "acc-fibre-1g", edit);
    const offer = await findOfferForAdmin(admin, "ACC-FIBRE-1G");
    expect(offer).toMatchObject({ name: "Accès fibre 1 Gb/s pro", commitmentMonths: 24, noticeMonths: 3, terminationFeePerLineCents: 5000, gtr: false, monthlyFeeCents: 14_990, oneOffFeeCents: 29_900 });
    expect(await db.auditEvent.count({ where: { action: "offer.update", targetId: "ACC-FIBRE-1G", actorId: admin.userId } })).toBe(1);
  });

  it("withdraws an offer from sale and puts it back, audited offer.withdraw and offer.reactivate", async () => {
    await setOfferActive(admin, "ACC-FIBRE-1G", false);
    expect((await findOfferForAdmin(admin, "ACC-FIBRE-1G")).active).toBe(false);
    expect(await db.auditEvent.count({ where: { action: "offer.withdraw", targetId: "ACC-FIBRE-1G" } })).toBe(1);
    await setOfferActive(admin, "ACC-FIBRE-1G", true);
    expect((await findOfferForAdmin(admin, "ACC-FIBRE-1G")).active).toBe(true);
    expect(await db.auditEvent.count({ where: { action: "offer.reactivate", targetId: "ACC-FIBRE-1G" } })).toBe(1);
  });
});

describe("nobody else manages the catalogue", () => {
  it("an ADV member without the flag, a reseller and a client get 'not found', and nothing changes", async () => {
    const others = [adv, await actorOf("E-0000000003", "REVENDEUR"), await actorOf("E-0000000004")];
    const [offers, prices, audits] = await Promise.all([db.offer.count(), db.offerPrice.count(), db.auditEvent.count()]);
    for (const actor of others) {
      expect(isNotFound(await rejectionOf(listOffersForAdmin(actor)))).toBe(true);
      expect(isNotFound(await rejectionOf(findOfferForAdmin(actor, "ACC-4G5G")))).toBe(true);
      expect(isNotFound(await rejectionOf(createOffer(actor, newOfferSchema.parse({ ...form, code: "INTRUS" }))))).toBe(true);
      expect(isNotFound(await rejectionOf(updateOffer(actor, "ACC-4G5G", offerEditSchema.parse({ ...form, name: "Piraté" }))))).toBe(true);
      expect(isNotFound(await rejectionOf(setOfferActive(actor, "ACC-4G5G", false)))).toBe(true);
      expect(isNotFound(await rejectionOf(publishPrice(actor, "ACC-4G5G", { effectiveOn: TODAY, monthlyFeeCents: 100, oneOffFeeCents: 0 })))).toBe(true);
    }
    expect([await db.offer.count(), await db.offerPrice.count(), await db.auditEvent.count()]).toEqual([offers, prices, audits]);
    expect(await db.offer.findUniqueOrThrow({ where: { code: "ACC-4G5G" } })).toMatchObject({ name: "Accès 4G/5G", active: true });
  });

  it("an unknown offer is 'not found' for an administrator too", async () => {
    expect(isNotFound(await rejectionOf(findOfferForAdmin(admin, "NOPE")))).toBe(true);
    expect(isNotFound(await rejectionOf(publishPrice(admin, "NOPE", { effectiveOn: TODAY, monthlyFeeCents: 100, oneOffFeeCents: 0 })))).toBe(true);
  });
});

describe("dated prices (SPEC §11, seed 003 art. 7.2 and 13)", () => {
  // The demo world has an increase of its own on this offer (SPEC §16): 54,00 € from the 1st of next month (01/04/2026),
  // published 35 days before (25/02/2026) and mailed then. Only the notices mailed from now on are this test's.
  let mailedBefore = 0;
  beforeAll(async () => {
    mailedBefore = (await db.outgoingEmail.aggregate({ _max: { id: true } }))._max.id ?? 0;
  });
  const increases = () => db.outgoingEmail.findMany({ where: { kind: "price-increase", id: { gt: mailedBefore } }, orderBy: { id: "asc" } });

  it("a decrease may take effect today: in force at once, nobody mailed", async () => {
    const price = await publishPrice(admin, "ACC-4G5G", { effectiveOn: TODAY, monthlyFeeCents: 4500, oneOffFeeCents: 9900 });
    expect(price.noticeSentAt).toBeNull();
    expect((await listOffersForAdmin(admin)).find((o) => o.code === "ACC-4G5G")?.priceToday).toMatchObject({ monthlyFeeCents: 4500, oneOffFeeCents: 9900 });
    expect(await increases()).toEqual([]);
    const audited = await db.auditEvent.findMany({ where: { action: "offer.price", targetId: "ACC-4G5G", actorId: admin.userId }, orderBy: { id: "desc" }, take: 1 });
    expect(audited[0]?.details).toMatchObject({ effectiveOn: TODAY, monthlyFeeCents: 4500, increase: false });
  });

  it("an increase 20 days ahead is refused on the date field; a past date too; nothing is written", async () => {
    const prices = await db.offerPrice.count();
    expect(await fieldErrorsOf(publishPrice(admin, "ACC-4G5G", { effectiveOn: IN_20_DAYS, monthlyFeeCents: 5500, oneOffFeeCents: 9900 }))).toEqual({
      effectiveOn: ["Une hausse de prix prend effet au plus tôt un mois après sa publication : le 10/04/2026 ou après."],
    });
    expect(await fieldErrorsOf(publishPrice(admin, "ACC-4G5G", { effectiveOn: "2026-03-09", monthlyFeeCents: 4000, oneOffFeeCents: 9900 }))).toEqual({
      effectiveOn: ["La date d'effet ne peut pas être passée."],
    });
    expect(await db.offerPrice.count()).toBe(prices);
    expect(await increases()).toEqual([]);
  });

  it("an increase one month ahead is published and mailed once to each recipient of the owners of the accounts billed for the offer", async () => {
    const offer = await db.offer.findUniqueOrThrow({ where: { code: "ACC-4G5G" } });
    // Who is billed for the offer: the owners of the accounts of its OCs (as main offer or product sheet), not terminated.
    const ocs = await db.contractedOffer.findMany({
      where: { state: { not: "RESILIEE" }, OR: [{ offerId: offer.id }, { productSheets: { some: { offerId: offer.id } } }] },
      select: { billingAccount: { select: { owner: { select: { id: true, parent: { select: { id: true, universes: true } } } } } } },
    });
    const owners = [...new Map(ocs.map((oc) => [oc.billingAccount.owner.id, oc.billingAccount.owner])).values()];
    expect(owners.map((o) => o.id).sort()).toEqual([44000, 44660]); // 44660's own backup access; 44000's clients' accesses billed to CC44000-R
    // Each owner's people (SPEC §15, topic "contracted-offer"): its active administrators and administrative contacts, and
    // its reseller's administrators when it is a reseller's client. The notice names no account: each address is told once.
    const peopleOf = async (owner: (typeof owners)[number]) => {
      const companyIds = [owner.id, ...(owner.parent && owner.parent.universes.some((u) => u === "REVENDEUR" || u === "OPERATEUR") ? [owner.parent.id] : [])];
      const [admins, contacts] = await Promise.all([
        db.user.findMany({ where: { companyId: { in: companyIds }, role: "ADMINISTRATEUR", active: true }, select: { email: true } }),
        db.contact.findMany({ where: { companyId: owner.id, role: "ADMINISTRATIF" }, select: { email: true } }),
      ]);
      return new Set([...admins, ...contacts].map((p) => p.email.toLowerCase()));
    };
    const expected = new Map<string, number>();
    for (const owner of owners) for (const email of await peopleOf(owner)) expected.set(email, 1);
    // 44000's administrator is concerned twice (as an owner, and as 44660's reseller), and told once.
    expect([...expected.keys()].sort()).toEqual(["c.vidal@cabinet-oliviers.example", "j.arnaud@provence-telecom.example", "m.vidal@cabinet-oliviers.example"]);

    const price = await publishPrice(admin, "ACC-4G5G", { effectiveOn: IN_ONE_MONTH, monthlyFeeCents: 5500, oneOffFeeCents: 9900 });
    expect(formatDay(price.effectiveOn)).toBe(IN_ONE_MONTH);
    expect((await db.offerPrice.findUniqueOrThrow({ where: { id: price.id } })).noticeSentAt).not.toBeNull();
    // Today's price is still the decrease; the increase applies from its date.
    expect((await listOffersForAdmin(admin)).find((o) => o.code === "ACC-4G5G")?.priceToday.monthlyFeeCents).toBe(4500);

    const mails = await increases();
    const sent = new Map<string, number>();
    for (const mail of mails) sent.set(mail.to.toLowerCase(), (sent.get(mail.to.toLowerCase()) ?? 0) + 1);
    expect(Object.fromEntries(sent)).toEqual(Object.fromEntries(expected));
    // The administrators of companies with no OC on the offer are not told (44284 is billed through its reseller, 45001 has none).
    for (const email of ["paul@boulangerie-martin.example", "s.reynaud@alpes-reseaux.example"]) expect(sent.has(email)).toBe(false);
    for (const mail of mails) {
      expect(mail.subject).toBe("MyOpenIP : évolution du prix de l'offre Accès 4G/5G");
      // From the price in force the day before (the demo's 54,00 € of 01/04) to the new one.
      expect(mail.text).toContain("À compter du 10/04/2026, les prix de l'offre Accès 4G/5G évoluent :");
      expect(mail.text).toContain(`Le prix mensuel passe de ${formatEuros(5400)} HT à ${formatEuros(5500)} HT.`);
      expect(mail.text).not.toContain("Les frais de mise en service");
      expect(mail.text).toMatch(/résilier sans frais ni préavis[^]*jusqu'au 09\/04\/2026[^]*le 09\/04\/2026/);
    }
  });

  it("a second price on the same date is refused on the date field", async () => {
    const prices = await db.offerPrice.count();
    expect(await fieldErrorsOf(publishPrice(admin, "ACC-4G5G", { effectiveOn: IN_ONE_MONTH, monthlyFeeCents: 5000, oneOffFeeCents: 9900 }))).toEqual({
      effectiveOn: ["Un prix prend déjà effet à cette date : choisissez une autre date."],
    });
    expect(await db.offerPrice.count()).toBe(prices);
  });

  it("lists the offer's versions in date order with who published them", async () => {
    const offer = await findOfferForAdmin(admin, "ACC-4G5G");
    expect(offer.prices.map((p) => [formatDay(p.effectiveOn), p.monthlyFeeCents, p.publishedById, p.noticeSentAt !== null])).toEqual([
      [TODAY, 4500, admin.userId, false],
      ["2026-04-01", 5400, admin.userId, true],
      [IN_ONE_MONTH, 5500, admin.userId, true],
    ]);
  });
});

describe("a withdrawn offer", () => {
  it("is no longer offered to order, while an existing OC keeps it", async () => {
    const client = await actorOf("E-0000000004");
    expect((await orderFormData(client, 44660)).offers.map((o) => o.code)).toContain("ACC-4G5G");
    await setOfferActive(admin, "ACC-4G5G", false);
    expect((await orderFormData(client, 44660)).offers.map((o) => o.code)).not.toContain("ACC-4G5G");
    const { oc } = await getContractedOffer(client, "OC152500");
    expect(oc.productSheets.map((s) => s.offer.name)).toEqual(["Accès 4G/5G"]);
    expect(oc.offer.code).toBe("ACC-4G5G");
    await setOfferActive(admin, "ACC-4G5G", true);
    expect((await orderFormData(client, 44660)).offers.map((o) => o.code)).toContain("ACC-4G5G");
  });
});
