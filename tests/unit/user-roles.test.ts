import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { keepsAnActiveAdministrator, mayManageUsersOf, staffRoleLabel, type CompanyUser, type Manager } from "@/lib/domain/user-roles";

const admin = (id: number, active = true): CompanyUser => ({ id, role: "ADMINISTRATEUR", active });
const user = (id: number, active = true): CompanyUser => ({ id, role: "UTILISATEUR", active });

describe("the last active administrator", () => {
  it("cannot be demoted nor deactivated", () => {
    const users = [admin(1), user(2), admin(3, false)];
    expect(keepsAnActiveAdministrator(users, { userId: 1, role: "UTILISATEUR" })).toBe(false);
    expect(keepsAnActiveAdministrator(users, { userId: 1, active: false })).toBe(false);
  });
  it("can be once another administrator is active", () => {
    const users = [admin(1), admin(2), user(3)];
    expect(keepsAnActiveAdministrator(users, { userId: 1, role: "UTILISATEUR" })).toBe(true);
    expect(keepsAnActiveAdministrator(users, { userId: 2, active: false })).toBe(true);
  });
  it("promoting or reactivating someone always keeps one", () => {
    expect(keepsAnActiveAdministrator([user(1), admin(2, false)], { userId: 2, active: true })).toBe(true);
    expect(keepsAnActiveAdministrator([user(1)], { userId: 1, role: "ADMINISTRATEUR" })).toBe(true);
  });
  it("changes to ordinary users never matter when an administrator is active", () => {
    fc.assert(
      fc.property(fc.array(fc.record({ role: fc.constantFrom("ADMINISTRATEUR" as const, "UTILISATEUR" as const), active: fc.boolean() }), { maxLength: 8 }), fc.boolean(), (rest, active) => {
        const users = [admin(0), ...rest.map((u, i) => ({ ...u, id: i + 1 }))];
        const target = users.find((u) => u.id !== 0 && u.role === "UTILISATEUR");
        return target === undefined || keepsAnActiveAdministrator(users, { userId: target.id, active });
      }),
    );
  });
});

describe("who manages whom", () => {
  const reseller: Manager = { companyId: 44000, role: "ADMINISTRATEUR", supportStaff: false, actsAsReseller: true };
  it("an administrator manages their company; in a reseller universe, their direct clients too", () => {
    expect(mayManageUsersOf(reseller, { id: 44000, parentId: null, universes: ["CLIENT", "REVENDEUR"] })).toBe(true);
    expect(mayManageUsersOf(reseller, { id: 44660, parentId: 44000, universes: ["CLIENT"] })).toBe(true);
    expect(mayManageUsersOf(reseller, { id: 46001, parentId: 44705, universes: ["CLIENT"] })).toBe(false);
    expect(mayManageUsersOf(reseller, { id: 45010, parentId: 45001, universes: ["CLIENT"] })).toBe(false);
    expect(mayManageUsersOf({ ...reseller, actsAsReseller: false }, { id: 44660, parentId: 44000, universes: ["CLIENT"] })).toBe(false);
  });
  it("a reseller does not manage the users of a client holding a reseller universe; that client's administrators and support staff do (issue 32)", () => {
    const c44705 = { id: 44705, parentId: 44000, universes: ["CLIENT", "REVENDEUR"] };
    expect(mayManageUsersOf(reseller, c44705)).toBe(false);
    expect(mayManageUsersOf(reseller, { ...c44705, universes: ["CLIENT", "OPERATEUR"] })).toBe(false);
    expect(mayManageUsersOf({ ...reseller, companyId: 44705 }, c44705)).toBe(true);
    expect(mayManageUsersOf({ companyId: 10000, role: "UTILISATEUR", supportStaff: true, actsAsReseller: false }, c44705)).toBe(true);
  });
  it("an ordinary user manages nobody; support staff manage every customer", () => {
    expect(mayManageUsersOf({ ...reseller, role: "UTILISATEUR" }, { id: 44000, parentId: null, universes: ["CLIENT", "REVENDEUR"] })).toBe(false);
    expect(mayManageUsersOf({ companyId: 10000, role: "UTILISATEUR", supportStaff: true, actsAsReseller: false }, { id: 45010, parentId: 45001, universes: ["CLIENT"] })).toBe(true);
  });
  it("the operator's staff are managed by its administrators only (SPEC §11)", () => {
    const operator = { id: 10000, parentId: null, isOperator: true, universes: [] };
    expect(mayManageUsersOf({ companyId: 10000, role: "UTILISATEUR", supportStaff: true, actsAsReseller: false }, operator)).toBe(false);
    expect(mayManageUsersOf({ companyId: 10000, role: "ADMINISTRATEUR", supportStaff: false, actsAsReseller: false, staffMember: true }, operator)).toBe(true);
    // An administrator of the operator without a staff role (never made by the portal) manages no staff.
    expect(mayManageUsersOf({ companyId: 10000, role: "ADMINISTRATEUR", supportStaff: false, actsAsReseller: false }, operator)).toBe(false);
    expect(mayManageUsersOf({ ...reseller, companyId: 44000 }, operator)).toBe(false);
  });
});

describe("staff roles", () => {
  it("read as the team page shows them", () => {
    expect(staffRoleLabel("SUPPORT", "ADMINISTRATEUR")).toBe("Support · Administrateur");
    expect(staffRoleLabel("ADV", "UTILISATEUR")).toBe("ADV");
  });
});
