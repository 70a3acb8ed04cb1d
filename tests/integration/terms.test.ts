// SPEC §2, *Terms of use*: versions with an effective date, and the recorded proof of consent.
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { Actor } from "@/lib/server/authz";
import { db } from "@/lib/server/db";
import { now, setClock } from "@/lib/server/clock";
import { acceptTerms, currentTerms, newTermsSchema, publishTerms, termsToAccept } from "@/lib/server/terms";
import { parisMidnight } from "@/lib/domain/terms";
import { DomainError } from "@/lib/domain/errors";
import { actorFor, createStaffActor, insertCompany, insertUser, rejectionOf } from "./support/fixtures";

// The request an action would run in: lib/server/request-info.ts reads it through next/headers, which
// only works inside a Next request. Outside one (current === null) it throws, as Next does.
const request = vi.hoisted(() => ({ current: null as Headers | null }));
vi.mock("next/headers", () => ({
  headers: async () => {
    if (!request.current) throw new Error("`headers` was called outside a request scope");
    return request.current;
  },
}));

const BODY = "Conditions d'utilisation de MyOpenIP : texte de test suffisamment long.";
const terms = (label: string, effectiveOn: string) => newTermsSchema.parse({ label, effectiveOn, body: BODY });

let staff: Actor;
let client: Actor;

beforeAll(async () => {
  staff = await createStaffActor();
  await insertCompany({ id: 20020, name: "Client des conditions" });
  client = await actorFor((await insertUser({ identifier: "E-0000000201", companyId: 20020, password: "Soleil#2026" })).id);
});

afterEach(() => {
  setClock(null);
  request.current = null;
});

describe("terms of use", () => {
  it("ask nothing while no version is in force", async () => {
    setClock(new Date("2030-06-15T08:00:00Z"));
    expect(await currentTerms()).toBeNull();
    expect(await termsToAccept(client.userId)).toBeNull();
  });

  it("must be accepted once in force; acceptance records user, version, time, IP, user agent and an audit event", async () => {
    setClock(new Date("2030-06-15T08:00:00Z")); // 10:00 in Paris
    const version = await publishTerms(staff, terms("2030-06-15", "2030-06-15"));
    expect(version).toMatchObject({ label: "2030-06-15", effectiveAt: parisMidnight("2030-06-15"), publishedById: staff.userId });
    expect(await db.auditEvent.count({ where: { action: "terms.publish", targetId: "2030-06-15", actorId: staff.userId } })).toBe(1);
    expect((await currentTerms())?.id).toBe(version.id);
    expect((await termsToAccept(client.userId))?.id).toBe(version.id);
    expect((await termsToAccept(staff.userId))?.id).toBe(version.id);

    // server.ts passes the client's address in its own header (lib/client-address.ts); X-Forwarded-For is not read here.
    request.current = new Headers({ "x-myopenip-client-ip": "203.0.113.7", "x-forwarded-for": "198.51.100.66", "user-agent": "Mozilla/5.0 (X11; Linux x86_64) Test" });
    await acceptTerms(client, version.id);
    expect(await termsToAccept(client.userId)).toBeNull();
    expect((await termsToAccept(staff.userId))?.id).toBe(version.id); // per user

    const acceptance = await db.termsAcceptance.findUniqueOrThrow({ where: { userId_termsVersionId: { userId: client.userId, termsVersionId: version.id } } });
    expect(acceptance).toMatchObject({ ip: "203.0.113.7", userAgent: "Mozilla/5.0 (X11; Linux x86_64) Test" });
    expect(Math.abs(acceptance.acceptedAt.getTime() - now().getTime())).toBeLessThan(60_000);
    const events = await db.auditEvent.findMany({ where: { action: "terms.accept", actorId: client.userId } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ targetType: "TermsVersion", targetId: "2030-06-15", companyId: 20020, ip: "203.0.113.7" });

    // Accepting again (double submit) records nothing more.
    await acceptTerms(client, version.id);
    expect(await db.termsAcceptance.count({ where: { userId: client.userId } })).toBe(1);
    expect(await db.auditEvent.count({ where: { action: "terms.accept", actorId: client.userId } })).toBe(1);

    // Two concurrent submissions (double click): both answer normally, one acceptance is kept.
    const other = await actorFor((await insertUser({ identifier: "E-0000000202", companyId: 20020 })).id);
    const both = await Promise.allSettled([acceptTerms(other, version.id), acceptTerms(other, version.id)]);
    expect(both.map((r) => r.status)).toEqual(["fulfilled", "fulfilled"]);
    expect(await db.termsAcceptance.count({ where: { userId: other.userId } })).toBe(1);
    expect(await db.auditEvent.count({ where: { action: "terms.accept", actorId: other.userId } })).toBe(1);
    expect(await termsToAccept(other.userId)).toBeNull();

    // Outside a request (a job, a script) the address is "local".
    request.current = null;
    await acceptTerms(staff, version.id);
    expect(await db.termsAcceptance.findFirstOrThrow({ where: { userId: staff.userId } })).toMatchObject({ ip: "local", userAgent: "" });
    expect(await termsToAccept(staff.userId)).toBeNull();
  });

  it("published for a future date, are required only from that date (Paris midnight)", async () => {
    setClock(new Date("2030-06-20T08:00:00Z"));
    const current = await currentTerms();
    const next = await publishTerms(staff, terms("2030-07-01", "2030-07-01"));
    expect(next.effectiveAt).toEqual(new Date("2030-06-30T22:00:00Z"));
    expect((await currentTerms())?.id).toBe(current?.id);
    expect(await termsToAccept(client.userId)).toBeNull();
    // Accepting a version not yet in force records nothing.
    await acceptTerms(client, next.id);
    expect(await db.termsAcceptance.count({ where: { termsVersionId: next.id } })).toBe(0);

    setClock(new Date(next.effectiveAt.getTime() - 1000));
    expect(await termsToAccept(client.userId)).toBeNull();
    setClock(next.effectiveAt);
    expect((await termsToAccept(client.userId))?.id).toBe(next.id);
    expect((await termsToAccept(staff.userId))?.id).toBe(next.id);
    // An older version accepted now does not count for the new one.
    await acceptTerms(client, current!.id);
    expect((await termsToAccept(client.userId))?.id).toBe(next.id);
    await acceptTerms(client, next.id);
    expect(await termsToAccept(client.userId)).toBeNull();
    expect((await termsToAccept(staff.userId))?.id).toBe(next.id);
  });

  it("refuse an effective date in the past", async () => {
    const count = await db.termsVersion.count();
    setClock(new Date("2030-07-10T08:00:00Z"));
    for (const day of ["2030-07-09", "2020-01-01"]) {
      const error = await rejectionOf(publishTerms(staff, terms(`passé ${day}`, day)));
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).message).toBe("La date d'entrée en vigueur ne peut pas être passée.");
      expect((error as DomainError).fieldErrors.effectiveOn).toHaveLength(1);
    }
    // Just after midnight following the spring DST change (a 23-hour day), yesterday is still past.
    setClock(new Date("2031-03-30T22:30:00Z")); // 31/03/2031 00:30 in Paris
    expect(await rejectionOf(publishTerms(staff, terms("passé 2031-03-30", "2031-03-30")))).toBeInstanceOf(DomainError);
    expect(await db.termsVersion.count()).toBe(count);
    // Today is fine, even at 00:30 (its midnight is already past).
    await expect(publishTerms(staff, terms("2031-03-31", "2031-03-31"))).resolves.toMatchObject({ effectiveAt: new Date("2031-03-30T22:00:00Z") });
  });

  it("refuse a label already used, with a French message", async () => {
    setClock(new Date("2032-01-10T08:00:00Z"));
    const count = await db.termsVersion.count();
    const error = await rejectionOf(publishTerms(staff, terms(" 2030-06-15 ", "2032-02-01")));
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).message).toBe("Cette version existe déjà.");
    expect((error as DomainError).fieldErrors.label).toEqual(["Ce libellé est déjà utilisé."]);
    expect(await db.termsVersion.count()).toBe(count);

    // A double submit of a new label: one version, and the other submission gets the same refusal.
    const results = await Promise.allSettled([1, 2].map(() => publishTerms(staff, terms("2032-02-01", "2032-02-01"))));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(DomainError);
    expect((refused.reason as DomainError).fieldErrors.label).toEqual(["Ce libellé est déjà utilisé."]);
    expect(await db.termsVersion.count({ where: { label: "2032-02-01" } })).toBe(1);
    expect(await db.auditEvent.count({ where: { action: "terms.publish", targetId: "2032-02-01" } })).toBe(1);
  });
});
