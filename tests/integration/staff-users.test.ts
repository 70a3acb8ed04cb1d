// The operator's team (SPEC §11, §17): its administrators invite staff as ADV or Support, with or without the
// administrator flag, change their role, deactivate them; the last administrator stays; nobody else manages staff.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { loadActor, type Actor } from "@/lib/server/authz";
import { changeStaffRole, inviteStaffUser, listStaffUsers } from "@/lib/server/staff-users";
import { changeUserRole, setUserActive } from "@/lib/server/company-users";
import { LAST_ADMINISTRATOR_MESSAGE } from "@/lib/domain/user-roles";
import { seedDemoWorld } from "@/prisma/demo-world";
import { addContact, companyDetailsSchema, getCompanyDetails, updateCompanyDetails } from "@/lib/server/company-details";
import { rejectionOf } from "./support/fixtures";

const actorOf = async (identifier: string, universe: string | null = null) => {
  const user = await db.user.findUniqueOrThrow({ where: { identifier } });
  return (await loadActor(user.id, null, universe))!;
};
const isNotFound = (error: unknown) => String((error as { digest?: string })?.digest ?? "").includes("404");

let admin: Actor; // E-0000000002, Support + Administrateur
let adv: Actor; // E-0000000001, ADV only

beforeAll(async () => {
  await seedDemoWorld(db);
  admin = await actorOf("E-0000000002");
  adv = await actorOf("E-0000000001");
});

describe("a staff administrator", () => {
  it("lists the team and invites an ADV member, who is mailed the initialisation link", async () => {
    expect((await listStaffUsers(admin)).map((u) => [u.identifier, u.staffRole, u.role])).toEqual([
      ["E-0000000001", "ADV", "UTILISATEUR"],
      ["E-0000000002", "SUPPORT", "ADMINISTRATEUR"],
    ]);
    const invited = await inviteStaffUser(admin, { name: "Hugo B.", email: "hugo.b@openip.example", staffRole: "ADV", administrator: false });
    expect(invited).toMatchObject({ companyId: 10000, staffRole: "ADV", role: "UTILISATEUR", passwordHash: null });
    const mail = await db.outgoingEmail.findFirstOrThrow({ where: { to: "hugo.b@openip.example" } });
    expect(mail.text).toContain(invited.identifier);
    expect(await db.auditEvent.count({ where: { action: "user.create", targetId: invited.identifier, actorId: admin.userId } })).toBe(1);
  });

  it("switches a member between ADV and Support, audited", async () => {
    const hugo = await db.user.findFirstOrThrow({ where: { email: "hugo.b@openip.example" } });
    await changeStaffRole(admin, hugo.id, "SUPPORT");
    expect((await db.user.findUniqueOrThrow({ where: { id: hugo.id } })).staffRole).toBe("SUPPORT");
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: "user.staff-role-change", targetId: hugo.identifier } });
    expect(event).toMatchObject({ actorId: admin.userId, details: { staffRole: "SUPPORT" } });
  });

  it("names another administrator, and the last administrator stays", async () => {
    expect(((await rejectionOf(changeUserRole(admin, admin.userId, "UTILISATEUR"))) as Error).message).toBe(LAST_ADMINISTRATOR_MESSAGE);
    await changeUserRole(admin, adv.userId, "ADMINISTRATEUR");
    await changeUserRole(admin, admin.userId, "UTILISATEUR");
    const formerAdmin = await actorOf("E-0000000002");
    expect(isNotFound(await rejectionOf(listStaffUsers(formerAdmin)))).toBe(true);
    const newAdmin = await actorOf("E-0000000001");
    expect(((await rejectionOf(setUserActive(newAdmin, newAdmin.userId, false))) as Error).message).toMatch(/propre compte/);
    await changeUserRole(newAdmin, formerAdmin.userId, "ADMINISTRATEUR");
    await changeUserRole(newAdmin, newAdmin.userId, "UTILISATEUR");
    admin = await actorOf("E-0000000002");
    adv = await actorOf("E-0000000001");
    expect([admin.role, adv.role]).toEqual(["ADMINISTRATEUR", "UTILISATEUR"]);
  });

  it("deactivates a member, which ends their sessions", async () => {
    const hugo = await db.user.findFirstOrThrow({ where: { email: "hugo.b@openip.example" } });
    await setUserActive(admin, hugo.id, false);
    expect(await loadActor(hugo.id, null, null)).toBeNull();
  });
});

describe("nobody else manages the team", () => {
  it("an ADV or a Support member without the flag, a reseller and a client get 'not found'", async () => {
    const support = await inviteStaffUser(admin, { name: "Inès S.", email: "ines.s@openip.example", staffRole: "SUPPORT", administrator: false });
    const others = [adv, await actorOf(support.identifier), await actorOf("E-0000000003", "REVENDEUR"), await actorOf("E-0000000004")];
    for (const actor of others) {
      expect(isNotFound(await rejectionOf(listStaffUsers(actor)))).toBe(true);
      expect(isNotFound(await rejectionOf(inviteStaffUser(actor, { name: "X", email: "x@example.test", staffRole: "SUPPORT", administrator: true })))).toBe(true);
      expect(isNotFound(await rejectionOf(changeStaffRole(actor, adv.userId, "SUPPORT")))).toBe(true);
      expect(isNotFound(await rejectionOf(changeUserRole(actor, adv.userId, "ADMINISTRATEUR")))).toBe(true);
      expect(isNotFound(await rejectionOf(setUserActive(actor, admin.userId, false)))).toBe(true);
    }
    expect(await db.user.count({ where: { email: "x@example.test" } })).toBe(0);
    expect((await db.user.findUniqueOrThrow({ where: { id: adv.userId } })).staffRole).toBe("ADV");
  });

  it("an administrator cannot switch the role of a customer's user through the team", async () => {
    const customer = await db.user.findUniqueOrThrow({ where: { identifier: "E-0000000004" } });
    expect(isNotFound(await rejectionOf(changeStaffRole(admin, customer.id, "ADV")))).toBe(true);
    expect((await db.user.findUniqueOrThrow({ where: { id: customer.id } })).staffRole).toBeNull();
  });
});

describe("the operator's own company", () => {
  it("an administrator of it without a staff role (never created by the portal) manages no staff", async () => {
    const rogue = await db.user.create({ data: { identifier: "E-0000009901", companyId: 10000, name: "Rogue", email: "rogue@example.test", role: "ADMINISTRATEUR" } });
    const actor = (await loadActor(rogue.id, null, null))!;
    expect(isNotFound(await rejectionOf(changeUserRole(actor, adv.userId, "ADMINISTRATEUR")))).toBe(true);
    expect(isNotFound(await rejectionOf(setUserActive(actor, admin.userId, false)))).toBe(true);
    expect((await db.user.findUniqueOrThrow({ where: { id: admin.userId } })).active).toBe(true);
  });

  it("its legal address and contacts, printed as the seller on every invoice, are edited by its administrators only", async () => {
    const input = companyDetailsSchema.parse({ street: "1 rue Pirate", postcode: "75001", city: "Paris", vatNumber: "" });
    expect((await getCompanyDetails(adv, 10000)).mayEdit).toBe(false);
    expect(isNotFound(await rejectionOf(updateCompanyDetails(adv, 10000, input)))).toBe(true);
    expect(isNotFound(await rejectionOf(addContact(adv, 10000, { role: "FACTURATION", name: "X", email: "x@example.test", phone: null })))).toBe(true);
    expect((await db.company.findUniqueOrThrow({ where: { id: 10000 } })).street).toBe("37-39 rue de Neuilly");
    expect((await getCompanyDetails(admin, 10000)).mayEdit).toBe(true);
  });
});
