// Several users per company (issue 4): administrators list, invite, change roles, deactivate and
// reactivate users and re-send links; resellers' administrators do the same for their direct clients.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { loadActor, type Actor } from "@/lib/server/authz";
import { changeUserRole, inviteUser, listCompanyUsers, resendUserLink, setUserActive } from "@/lib/server/company-users";
import { openSession } from "@/lib/server/sessions";
import { DomainError } from "@/lib/domain/errors";
import { LAST_ADMINISTRATOR_MESSAGE } from "@/lib/domain/user-roles";
import { seedDemoWorld } from "@/prisma/demo-world";
import { rejectionOf } from "./support/fixtures";

const actorOf = async (identifier: string, universe: string | null = null) => {
  const user = await db.user.findUniqueOrThrow({ where: { identifier } });
  return (await loadActor(user.id, null, universe))!;
};
const idOf = async (identifier: string) => (await db.user.findUniqueOrThrow({ where: { identifier } })).id;
const isNotFound = (error: unknown) => String((error as { digest?: string })?.digest ?? "").includes("404");

let doctor: Actor; // E-0000000004, administrator of 44660
let baker: Actor; // E-0000000005, only administrator of 44284
let reseller: Actor;

beforeAll(async () => {
  await seedDemoWorld(db);
  doctor = await actorOf("E-0000000004");
  baker = await actorOf("E-0000000005");
  reseller = await actorOf("E-0000000003", "REVENDEUR");
});

describe("a company administrator", () => {
  it("lists the company's users and invites one, who is mailed the initialisation link", async () => {
    expect((await listCompanyUsers(doctor, 44660)).map((u) => u.identifier)).toEqual(["E-0000000004", "E-0000000007"]);
    const invited = await inviteUser(doctor, 44660, { name: "Léa Martin", email: "lea@cabinet-oliviers.example", role: "UTILISATEUR" });
    expect(invited.identifier).toMatch(/^E-\d{10}$/);
    expect(invited).toMatchObject({ companyId: 44660, role: "UTILISATEUR", passwordHash: null });
    const mail = await db.outgoingEmail.findFirstOrThrow({ where: { to: "lea@cabinet-oliviers.example" } });
    expect(mail.subject).toMatch(/initialisation du mot de passe/);
    expect(mail.text).toContain(invited.identifier);
    expect(await db.auditEvent.count({ where: { action: "user.create", targetId: invited.identifier, actorId: doctor.userId } })).toBe(1);
  });

  it("changes a role, deactivates (ending the user's sessions) and reactivates, each audited", async () => {
    const lea = await db.user.findFirstOrThrow({ where: { email: "lea@cabinet-oliviers.example" } });
    await changeUserRole(doctor, lea.id, "ADMINISTRATEUR");
    expect((await db.user.findUniqueOrThrow({ where: { id: lea.id } })).role).toBe("ADMINISTRATEUR");
    const session = await openSession(lea.id, { ip: "192.0.2.1", userAgent: "test" });
    expect(await loadActor(lea.id, session.id, null)).not.toBeNull();
    await setUserActive(doctor, lea.id, false);
    expect((await db.user.findUniqueOrThrow({ where: { id: lea.id } })).active).toBe(false);
    expect(await loadActor(lea.id, null, null)).toBeNull();
    await setUserActive(doctor, lea.id, true);
    // The session ended for good: a reactivation does not revive it.
    expect(await loadActor(lea.id, session.id, null)).toBeNull();
    expect(await loadActor(lea.id, null, null)).not.toBeNull();
    const actions = (await db.auditEvent.findMany({ where: { targetId: lea.identifier }, orderBy: { id: "asc" } })).map((e) => e.action);
    expect(actions).toEqual(["user.create", "user.role-change", "user.deactivate", "user.activate"]);
  });

  it("keeps at least one active administrator", async () => {
    const error = (await rejectionOf(changeUserRole(baker, baker.userId, "UTILISATEUR"))) as DomainError;
    expect(error).toBeInstanceOf(DomainError);
    expect(error.message).toBe(LAST_ADMINISTRATOR_MESSAGE);
    expect(((await rejectionOf(setUserActive(baker, baker.userId, false))) as DomainError).message).toBe("Vous ne pouvez pas désactiver votre propre compte.");
    expect((await db.user.findUniqueOrThrow({ where: { id: baker.userId } })).role).toBe("ADMINISTRATEUR");
  });

  it("of two administrators demoted at once, one stays administrator", async () => {
    // 44660 has three administrators now: E-0000000004, E-0000000007 and Léa. Demote Léa first.
    const lea = await db.user.findFirstOrThrow({ where: { email: "lea@cabinet-oliviers.example" } });
    await changeUserRole(doctor, lea.id, "UTILISATEUR");
    const marc = await idOf("E-0000000007");
    const results = await Promise.allSettled([changeUserRole(doctor, marc, "UTILISATEUR"), changeUserRole(doctor, doctor.userId, "UTILISATEUR")]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect((results.find((r) => r.status === "rejected") as PromiseRejectedResult).reason.message).toBe(LAST_ADMINISTRATOR_MESSAGE);
    expect(await db.user.count({ where: { companyId: 44660, role: "ADMINISTRATEUR", active: true } })).toBe(1);
    // Put the demo back: both administrators.
    const admin = (await db.user.findFirstOrThrow({ where: { companyId: 44660, role: "ADMINISTRATEUR" } })).id;
    const other = admin === doctor.userId ? marc : doctor.userId;
    await changeUserRole(await actorOf(admin === doctor.userId ? "E-0000000004" : "E-0000000007"), other, "ADMINISTRATEUR");
    doctor = await actorOf("E-0000000004"); // whichever demotion won, the actor is reloaded with its restored role
    expect(doctor.role).toBe("ADMINISTRATEUR");
  });

  it("re-sends a link only to a user who has not chosen a password", async () => {
    await resendUserLink(doctor, await idOf("E-0000000007"));
    expect(await db.auditEvent.count({ where: { action: "user.resend-link", targetId: "E-0000000007" } })).toBe(1);
    expect(((await rejectionOf(resendUserLink(doctor, doctor.userId))) as DomainError).message).toMatch(/déjà choisi son mot de passe/);
  });
});

describe("who manages whom", () => {
  it("a reseller's administrator manages its direct clients' users, in its reseller universe only", async () => {
    const invited = await inviteUser(reseller, 44284, { name: "Nina Martin", email: "nina@boulangerie-martin.example", role: "UTILISATEUR" });
    expect(invited.companyId).toBe(44284);
    await changeUserRole(reseller, invited.id, "ADMINISTRATEUR");
    const asClient = await actorOf("E-0000000003", "CLIENT");
    expect(isNotFound(await rejectionOf(listCompanyUsers(asClient, 44284)))).toBe(true);
    for (const companyId of [46001, 45010, 10000]) expect(isNotFound(await rejectionOf(listCompanyUsers(reseller, companyId))), String(companyId)).toBe(true);
  });

  it("an ordinary user manages nobody, not even in their own company", async () => {
    const lea = await db.user.findFirstOrThrow({ where: { email: "lea@cabinet-oliviers.example" } });
    const leaActor = (await loadActor(lea.id, null, null))!;
    expect(leaActor.role).toBe("UTILISATEUR");
    expect(isNotFound(await rejectionOf(listCompanyUsers(leaActor, 44660)))).toBe(true);
    expect(isNotFound(await rejectionOf(setUserActive(leaActor, doctor.userId, false)))).toBe(true);
    expect(isNotFound(await rejectionOf(inviteUser(leaActor, 44660, { name: "X", email: "x@example.com", role: "ADMINISTRATEUR" })))).toBe(true);
  });
});
