// OpenSIM lines (SPEC §4, issue 6): plan change (immediate, prorated allowance, history), the network
// failure path of every action, concurrency, SMS limits, activation, suspension and line termination.
// The demo world, seeded on Thursday 16/04/2026 (Paris): the active 20 Go line FPC367678 of 44660.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { loadActor, type Actor } from "@/lib/server/authz";
import { activateResource, changeResource, resetVoicemailPassword, sendSms, setLineSuspended } from "@/lib/server/line-actions";
import { cancelLineTermination, requestLineTermination } from "@/lib/server/line-terminations";
import { applyDueTerminations } from "@/lib/server/terminations";
import { failNextNetworkRequests } from "@/lib/server/provisioning";
import { lineMonthUsage } from "@/lib/server/usage";
import { availableResources, listResources, monitoredLine, parseResourceQuery } from "@/lib/server/resources";
import { CROSS_CATEGORY_REFUSAL, ORDER_FIRST } from "@/lib/domain/plan-change";
import { rioKey } from "@/lib/domain/identifiers";
import { DomainError } from "@/lib/domain/errors";
import { seedDemoWorld } from "@/prisma/demo-world";
import { freezeClockAt, realClock, rejectionOf } from "./support/fixtures";

const GO = BigInt(2) ** BigInt(30);
const START = new Date("2026-04-16T08:00:00Z");
let reseller: Actor;
let client: Actor;

const resource = (ref: string) => db.simResource.findUniqueOrThrow({ where: { ref }, include: { line: true, offer: true, history: true } });
const messageOf = async (promise: Promise<unknown>) => {
  const error = await rejectionOf(promise);
  expect(error).toBeInstanceOf(DomainError);
  return (error as DomainError).message;
};
/** A new Disponible resource next to `sheetRef`'s, for tests that need a second line or target. */
async function extraResource(sheetRef: string, suffix: string) {
  const sheet = await db.contractedProductSheet.findUniqueOrThrow({ where: { ref: sheetRef }, include: { resources: true } });
  return db.simResource.create({ data: { ref: `${sheetRef}-${suffix}`, serviceId: sheet.resources[0].serviceId, productSheetId: sheet.id, offerId: sheet.offerId, state: "DISPONIBLE" } });
}
const luhnComplete = (body: string) => {
  for (let c = 0; c <= 9; c++) {
    const s = body + c;
    let sum = 0;
    for (let i = 0; i < s.length; i++) {
      let d = Number(s[s.length - 1 - i]);
      if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
      sum += d;
    }
    if (sum % 10 === 0) return s;
  }
  throw new Error("unreachable");
};
const iccid = (n: number) => luhnComplete(`89331503190${String(n).padStart(7, "0")}`);

beforeAll(async () => {
  freezeClockAt(START);
  await seedDemoWorld(db);
  const actorOf = async (identifier: string, universe: string | null = null) => {
    const user = await db.user.findUniqueOrThrow({ where: { identifier } });
    return (await loadActor(user.id, null, universe))!;
  };
  reseller = await actorOf("E-0000000003", "REVENDEUR");
  client = await actorOf("E-0000000004");
});
afterAll(realClock);

describe("Changer la ressource", () => {
  it("a network failure changes nothing, is recorded, and tells the user", async () => {
    failNextNetworkRequests(1, "Plateforme réseau indisponible");
    const message = await messageOf(changeResource(reseller, "FPC367678", "FPC367680"));
    expect(message).toContain("n'a pas abouti auprès du réseau mobile (Plateforme réseau indisponible)");
    expect((await resource("FPC367678")).state).toBe("ACTIF");
    expect((await resource("FPC367680")).state).toBe("DISPONIBLE");
    const request = await db.provisioningRequest.findFirstOrThrow({ where: { action: "CHANGEMENT_RESSOURCE" }, orderBy: { id: "desc" } });
    expect(request).toMatchObject({ status: "ECHOUEE", error: "Plateforme réseau indisponible", actorId: reseller.userId });
  });

  it("refuses another category with the guide's sentence, and another client's resource as not ordered", async () => {
    expect(await messageOf(changeResource(reseller, "FPC367678", "FPC367679"))).toBe(CROSS_CATEGORY_REFUSAL); // Data compteur
    expect(await messageOf(changeResource(reseller, "FPC367678", "FPC367681"))).toBe(CROSS_CATEGORY_REFUSAL); // Data only 20 Go
    expect(await messageOf(changeResource(reseller, "FPC367678", "FPC153011"))).toBe(ORDER_FIRST); // 45010's
    expect(await messageOf(changeResource(reseller, "FPC367678", "FPC999999"))).toBe(ORDER_FIRST);
    expect((await resource("FPC367678")).state).toBe("ACTIF");
  });

  it("20 Go → 50 Go on 16 April: immediate, the line moves, the allowance is prorated (15 × 20 + 15 × 50 over 30 = 35 Go)", async () => {
    const before = await resource("FPC367678");
    const line = before.line!;
    expect(await changeResource(reseller, "FPC367678", "FPC367680")).toBe("FPC367680");
    const from = await resource("FPC367678");
    const to = await resource("FPC367680");
    expect(from).toMatchObject({ state: "DISPONIBLE", lineId: null });
    expect(to).toMatchObject({ state: "ACTIF", lineId: line.id });
    expect(to.line).toMatchObject({ msisdn: line.msisdn, iccid: line.iccid, rio: line.rio, userName: line.userName });
    // The Ressources tab's sort keys moved with the line (kept by the database).
    expect(from).toMatchObject({ lineMsisdn: null, lineUserName: null, lineActivatedOn: null });
    expect(to).toMatchObject({ lineMsisdn: line.msisdn, lineUserName: line.userName, lineActivatedOn: line.activatedOn });
    const segments = await db.linePlanSegment.findMany({ where: { lineId: line.id }, orderBy: { id: "asc" } });
    expect(segments.map((s) => [s.resourceId, s.endOn?.toISOString().slice(0, 10) ?? null])).toEqual([[from.id, "2026-04-16"], [to.id, null]]);
    const usage = await lineMonthUsage(line.id, "2026-04", to.offer);
    expect(usage.allowanceBytes).toBe(BigInt(35) * GO);
    // Rule 5: the threshold is not prorated (the new plan's caps apply as they are).
    expect(usage.roamingCapCents).toBe(to.offer.roamingCapCents);
    expect(from.history.map((h) => h.action)).toContain("CHANGEMENT_RESSOURCE");
    expect(to.history.map((h) => (h.details as { summary: string }).summary)).toEqual([
      "Ligne 06 12 34 56 78 transférée de FPC367678 (Forfait mobile Data 20 Go) vers FPC367680 (Forfait mobile 50 Go).",
    ]);
    expect(await db.auditEvent.count({ where: { action: "line.change-resource", targetId: "FPC367678" } })).toBe(1);
    expect(await db.provisioningRequest.count({ where: { action: "CHANGEMENT_RESSOURCE", status: "REUSSIE" } })).toBe(1);
  });

  it("and back on the same day: the former resource is Disponible again, the allowance is the 20 Go plan's for the month", async () => {
    await changeResource(client, "FPC367680", "FPC367678");
    const line = (await resource("FPC367678")).line!;
    const usage = await lineMonthUsage(line.id, "2026-04", (await resource("FPC367678")).offer);
    expect(usage.allowanceBytes).toBe(BigInt(20) * GO);
  });

  it("two changes of one line at once: exactly one wins", async () => {
    const outcomes = await Promise.allSettled([changeResource(reseller, "FPC367678", "FPC367680"), changeResource(client, "FPC367678", "FPC367680")]);
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    expect((await resource("FPC367680")).state).toBe("ACTIF");
    expect((await resource("FPC367678")).state).toBe("DISPONIBLE");
    expect(await db.provisioningRequest.count({ where: { action: "CHANGEMENT_RESSOURCE", status: "REUSSIE" } })).toBe(3);
  });

  it("two lines moving to the same Disponible resource at once: exactly one wins", async () => {
    // A second 50 Go line (on a new resource FPC367680-2); both 50 Go lines race for FPC367678 (20 Go).
    await extraResource("FPC367680", "2");
    await activateResource(reseller, "FPC367680-2", { numbering: "new", iccid: iccid(1), userName: "Infirmière" });
    const outcomes = await Promise.allSettled([changeResource(reseller, "FPC367680", "FPC367678"), changeResource(reseller, "FPC367680-2", "FPC367678")]);
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    const rejected = outcomes.find((o) => o.status === "rejected") as PromiseRejectedResult;
    expect((rejected.reason as DomainError).message).toBe(ORDER_FIRST);
    const states = await db.simResource.findMany({ where: { ref: { in: ["FPC367678", "FPC367680", "FPC367680-2"] } }, orderBy: { ref: "asc" } });
    expect(states.filter((s) => s.state === "ACTIF")).toHaveLength(2);
    expect(states.filter((s) => s.state === "DISPONIBLE")).toHaveLength(1);
  });
});

describe("the choice lists of Changer la ressource and Activer une ressource mobile", () => {
  it("are the client's Disponible resources without a line, of the line's category or of the service, by reference", async () => {
    const service = (await db.simResource.findUniqueOrThrow({ where: { ref: "FPC367678" }, include: { service: true } })).service;
    await extraResource("FPC367678", "CHOIX"); // one more 20 Go Disponible
    // The oracle: the same filter through Prisma's relations, the way the lists were read before issue 10.
    const expected = async (where: object) =>
      (await db.simResource.findMany({ where: { state: "DISPONIBLE", lineId: null, service: { companyId: service.companyId }, ...where }, orderBy: { ref: "asc" }, include: { offer: true, service: true } })).map((r) => [r.ref, r.offer.name, r.service.ref]);
    const got = (rows: Awaited<ReturnType<typeof availableResources>>) => rows.map((r) => [r.ref, r.offer.name, r.service.ref]);
    for (const category of ["DATA_ONLY", "VOIX_DATA_COMPTEUR", "DATA_DATA_AU_GO"] as const) {
      expect(got(await availableResources(service.companyId, { category }))).toEqual(await expected({ offer: { planCategory: category } }));
    }
    const sameCategory = got(await availableResources(service.companyId, { category: "DATA_DATA_AU_GO" }));
    expect(sameCategory.map(([ref]) => ref)).toContain("FPC367678-CHOIX");
    expect(sameCategory.map(([ref]) => ref)).not.toContain("FPC367678"); // the line's own resource
    expect(got(await availableResources(service.companyId, { serviceId: service.id }))).toEqual(await expected({ serviceId: service.id }));
  });
});

describe("the line of the Monitoring tab", () => {
  it("is a resource of that service the actor sees, with its line and plan; another service's, or a malformed reference, is not found", async () => {
    const srv = await db.service.findUniqueOrThrow({ where: { ref: "SRV152400" } });
    const line = await monitoredLine(client, "fpc367678", srv.id);
    // Which line sits there depends on the race above (two lines moving to FPC367678 at once): the one that won.
    const current = (await resource("FPC367678")).line!;
    expect(line).toEqual({ ref: "FPC367678", offer: { name: "Forfait mobile Data 20 Go", capCents: null, roamingCapCents: 3000 }, line: { id: current.id, msisdn: current.msisdn } });
    const voice = await db.service.findUniqueOrThrow({ where: { ref: "SRV151800" } });
    expect(voice.companyId).toBe(srv.companyId);
    const notFound = async (promise: Promise<unknown>) => expect(String(((await rejectionOf(promise)) as { digest?: string }).digest)).toContain("404");
    await notFound(monitoredLine(client, "FPC367678", voice.id));
    await notFound(monitoredLine(client, "%", srv.id));
  });
});

describe("Envoyer un SMS", () => {
  it("160 characters to a French mobile, at most 1 per second and 10 per minute per line", async () => {
    const ref = (await db.simResource.findFirstOrThrow({ where: { ref: { startsWith: "FPC3676" }, state: "ACTIF" }, orderBy: { ref: "asc" } })).ref;
    const t0 = new Date("2026-04-16T09:00:00Z");
    freezeClockAt(t0);
    expect(await messageOf(sendSms(reseller, ref, { to: "0112345678", text: "Bonjour" }))).toContain("numéro de mobile français");
    expect(await messageOf(sendSms(reseller, ref, { to: "0611223344", text: "é".repeat(161) }))).toBe("Le SMS ne doit pas dépasser 160 caractères.");
    await sendSms(reseller, ref, { to: "06 11 22 33 44", text: "é".repeat(160) });
    expect(await messageOf(sendSms(reseller, ref, { to: "0611223344", text: "Encore" }))).toContain("Un seul SMS par seconde");
    for (let i = 1; i < 10; i++) {
      freezeClockAt(new Date(t0.getTime() + i * 1500));
      await sendSms(reseller, ref, { to: "+33 7 11 22 33 44", text: `Message ${i}` });
    }
    freezeClockAt(new Date(t0.getTime() + 10 * 1500));
    expect(await messageOf(sendSms(reseller, ref, { to: "0611223344", text: "Le onzième" }))).toContain("Au plus 10 SMS par minute");
    freezeClockAt(new Date(t0.getTime() + 60_500));
    await sendSms(reseller, ref, { to: "0611223344", text: "Une minute après" });
    const line = (await resource(ref)).line!;
    expect(await db.smsMessage.count({ where: { lineId: line.id } })).toBe(11);
    expect((await db.smsMessage.findFirstOrThrow({ where: { lineId: line.id }, orderBy: { id: "asc" } })).to).toBe("0611223344");
    failNextNetworkRequests(1);
    freezeClockAt(new Date(t0.getTime() + 120_000));
    expect(await messageOf(sendSms(reseller, ref, { to: "0611223344", text: "Échec" }))).toContain("réseau mobile");
    expect(await db.smsMessage.count({ where: { lineId: line.id } })).toBe(11);
    freezeClockAt(START);
  });
});

describe("Suspendre, Réactiver, messagerie", () => {
  it("a failed suspension leaves the line active; a successful one shows Suspendu; it is then reactivated", async () => {
    const ref = "FPC367680-2";
    const current = await resource(ref);
    const active = current.state === "ACTIF" ? ref : "FPC367680";
    failNextNetworkRequests(1);
    await messageOf(setLineSuspended(client, active, true));
    expect((await resource(active)).state).toBe("ACTIF");
    await setLineSuspended(client, active, true);
    expect((await resource(active)).state).toBe("SUSPENDU");
    expect(await messageOf(setLineSuspended(client, active, true))).toBe("La ligne est déjà suspendue à votre demande.");
    expect(await messageOf(sendSms(client, active, { to: "0611223344", text: "x" }))).toBe("Seule une ligne active peut envoyer un SMS.");
    expect(await resetVoicemailPassword(client, active)).toMatch(/^0[67]\d{8}$/);
    await setLineSuspended(client, active, false);
    expect((await resource(active)).state).toBe("ACTIF");
    expect(await messageOf(setLineSuspended(client, active, false))).toBe("La ligne n'est pas suspendue à votre demande.");
    const statuses = await db.provisioningRequest.findMany({ where: { resource: { ref: active }, action: { in: ["SUSPENSION", "REACTIVATION", "MESSAGERIE"] } }, orderBy: { id: "asc" } });
    expect(statuses.map((s) => `${s.action}:${s.status}`)).toEqual(["SUSPENSION:ECHOUEE", "SUSPENSION:REUSSIE", "MESSAGERIE:REUSSIE", "REACTIVATION:REUSSIE"]);
  });
});

describe("Activer une ressource mobile", () => {
  it("checks the ICCID, the RIO key and the porting window, and changes nothing when refused", async () => {
    const target = await extraResource("FPC367681", "2");
    const errors = async (promise: Promise<unknown>) => ((await rejectionOf(promise)) as DomainError).fieldErrors;
    expect(await errors(activateResource(reseller, target.ref, { numbering: "new", iccid: "8933150319000012341", userName: null }))).toHaveProperty("iccid");
    const prefix = "01E123456";
    const goodRio = prefix + rioKey(prefix, "0698765432");
    const ported = { numbering: "ported" as const, iccid: iccid(2), userName: "Accueil", number: "06 98 76 54 32", rio: goodRio, portingOn: "2026-04-20", extendedPorting: false };
    expect(await errors(activateResource(reseller, target.ref, { ...ported, rio: `${prefix}AAA` }))).toHaveProperty("rio");
    expect(await errors(activateResource(reseller, target.ref, { ...ported, portingOn: "2026-04-16" }))).toHaveProperty("portingOn");
    expect(await errors(activateResource(reseller, target.ref, { ...ported, portingOn: "2026-04-27" }))).toHaveProperty("portingOn");
    expect(await errors(activateResource(reseller, target.ref, { ...ported, iccid: (await db.mobileLine.findFirstOrThrow()).iccid }))).toHaveProperty("iccid");
    failNextNetworkRequests(1);
    await messageOf(activateResource(reseller, target.ref, ported));
    expect((await resource(target.ref)).state).toBe("DISPONIBLE");
    expect(await db.mobileLine.count({ where: { msisdn: "0698765432" } })).toBe(0);
    // 27/04 is more than 10 days ahead: accepted when a later porting date is asked for (up to 59 days).
    await activateResource(reseller, target.ref, { ...ported, portingOn: "2026-04-27", extendedPorting: true });
    const activated = await resource(target.ref);
    expect(activated.state).toBe("ACTIF");
    expect(activated.line).toMatchObject({ msisdn: "0698765432", userName: "Accueil", activatedOn: new Date("2026-04-16T00:00:00Z"), portingOn: new Date("2026-04-27T00:00:00Z") });
    expect(activated.line!.rio).toMatch(/^35E[0-9A-Z]{6}[0-9A-Z+]{3}$/);
    expect(activated).toMatchObject({ lineMsisdn: "0698765432", lineUserName: "Accueil", lineActivatedOn: new Date("2026-04-16T00:00:00Z") });
    expect(await messageOf(activateResource(reseller, target.ref, { numbering: "new", iccid: iccid(3), userName: null }))).toContain("n'est plus disponible");
  });
});

describe("Onglet Ressources", () => {
  it("sorts and filters on the line's number, user and activation day, the resources without a line after those with one", async () => {
    const { serviceId } = await resource("FPC367678");
    const all = await db.simResource.findMany({ where: { serviceId }, include: { line: true } });
    const lined = all.filter((r) => r.line).sort((a, b) => (a.line!.msisdn < b.line!.msisdn ? -1 : 1));
    expect(lined.length).toBeGreaterThan(1);
    expect(all.length).toBeGreaterThan(lined.length);
    const page = async (params: Record<string, string>) => (await listResources(serviceId, parseResourceQuery(params))).rows;

    const byNumber = await page({ sort: "number", dir: "asc" });
    expect(byNumber.map((r) => r.ref).slice(0, lined.length)).toEqual(lined.map((r) => r.ref));
    expect(byNumber.slice(lined.length).every((r) => r.lineMsisdn === null)).toBe(true);
    expect(byNumber[0]).toMatchObject({ lineMsisdn: lined[0].line!.msisdn, lineUserName: lined[0].line!.userName, lineActivatedOn: lined[0].line!.activatedOn });
    expect((await page({ sort: "number", dir: "desc" })).filter((r) => r.lineMsisdn).map((r) => r.ref)).toEqual(lined.map((r) => r.ref).reverse());

    const first = lined[0].line!;
    expect((await page({ number: first.msisdn.slice(0, 8) })).map((r) => r.ref)).toContain(lined[0].ref);
    expect(await page({ number: "0000" })).toEqual([]);
    expect((await page({ activatedOn: first.activatedOn.toISOString().slice(0, 10) })).every((r) => r.lineActivatedOn?.getTime() === first.activatedOn.getTime())).toBe(true);
    if (first.userName) expect((await page({ user: first.userName.slice(0, 3).toLowerCase() })).map((r) => r.ref)).toContain(lined[0].ref);
  });
});

describe("Résilier une ligne", () => {
  it("the mobile terms: A = the line's activation, 3 months' commitment, 1 month's notice; the job applies it after E", async () => {
    const ref = "FPC367681-2"; // activated 16/04/2026 on Data only 20 Go (18,00 €)
    failNextNetworkRequests(1);
    await messageOf(requestLineTermination(reseller, ref, { requestedOn: "2026-04-16", comment: null }));
    expect((await resource(ref)).state).toBe("ACTIF");
    expect(await db.termination.count({ where: { resource: { ref } } })).toBe(0);
    // E = 16/05/2026; B(0) = 15/07/2026: June and July start before B(0) → 2 × 18,00 €.
    const quote = await requestLineTermination(reseller, ref, { requestedOn: "2026-04-16", comment: "Départ" });
    expect(quote).toMatchObject({ ok: true, effectiveOn: "2026-05-16", periodEnd: "2026-07-15", amountCents: 3600 });
    expect((await resource(ref)).state).toBe("RESILIATION_PROGRAMMEE");
    expect(await messageOf(requestLineTermination(reseller, ref, { requestedOn: "2026-04-20", comment: null }))).toBe("Une résiliation est déjà programmée pour cette ligne.");
    await cancelLineTermination(client, ref);
    expect((await resource(ref)).state).toBe("ACTIF");
    // Suspended at the client's request until it ends: the termination ends that reason too.
    expect(await setLineSuspended(client, ref, true)).toEqual(["DEMANDE_CLIENT"]);
    await requestLineTermination(client, ref, { requestedOn: "2026-04-16", comment: null });
    await applyDueTerminations("2026-05-16"); // E itself is still a day of service
    expect((await resource(ref)).state).toBe("RESILIATION_PROGRAMMEE");
    expect(await applyDueTerminations("2026-05-17")).toBeGreaterThanOrEqual(1);
    expect(await applyDueTerminations("2026-05-17")).toBe(0);
    const done = await resource(ref);
    expect(done.state).toBe("RESILIE");
    const segment = await db.linePlanSegment.findFirstOrThrow({ where: { lineId: done.lineId! }, orderBy: { id: "desc" } });
    expect(segment.endOn?.toISOString().slice(0, 10)).toBe("2026-05-17");
    expect(await db.suspension.count({ where: { resourceId: done.id, liftedAt: null } })).toBe(0);
    expect(await db.outgoingEmail.count({ where: { kind: "line-termination-scheduled" } })).toBe(2);
  });
});
