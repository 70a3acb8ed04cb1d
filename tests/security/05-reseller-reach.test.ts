// Issue 32, item 5 (SPEC §1, §5): a reseller sees its direct clients, never their clients. A client holding a
// reseller universe (44705, a client of 44000 with clients of its own) is out of its parent's reach for users:
// the parent may not create, promote, re-send links to or deactivate them, else it would log in as one of them
// (the initialisation link goes where it typed) and see that client's own clients. Before the fix every one of
// these attempts succeeded: the parent's administrator managed every direct client's users.
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/server/db";
import { loadActor, requireActor, type Actor } from "@/lib/server/authz";
import { inviteUserAction, userAction } from "@/app/company-users-actions";
import { changeUserRole, inviteUser, managesUsersOf, resendUserLink, setUserActive } from "@/lib/server/company-users";
import { addResellerUniverse, createCompany } from "@/lib/server/companies";
import { RESELLER_CLIENT_USERS_MESSAGE } from "@/lib/domain/tenancy";
import { seedDemoWorld } from "@/prisma/demo-world";
import { rejectionOf } from "../integration/support/fixtures";

vi.mock("@/lib/server/authz", async (importOriginal) => ({ ...(await importOriginal<typeof import("@/lib/server/authz")>()), requireActor: vi.fn() }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

const actorOf = async (identifier: string, universe: string | null = null) => {
  const user = await db.user.findUniqueOrThrow({ where: { identifier } });
  return (await loadActor(user.id, null, universe))!;
};
const as = (actor: Actor) => vi.mocked(requireActor).mockResolvedValue(actor);
const form = (fields: Record<string, string | number>) => {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, String(value));
  return data;
};

/** Everything a user-management attempt could change. */
async function snapshot() {
  const [users, tokens, emails, audits] = await Promise.all([
    db.user.findMany({ orderBy: { id: "asc" }, select: { id: true, role: true, active: true, email: true, passwordHash: true } }),
    db.userToken.count(),
    db.outgoingEmail.count(),
    db.auditEvent.count(),
  ]);
  return JSON.stringify({ users, tokens, emails, audits });
}

let reseller: Actor; // E-0000000003 in its reseller universe: 44000, parent of 44705
let giraudAdmin: Actor; // an administrator of 44705 itself
let support: Actor; // E-0000000002
let giraudUserId: number;

beforeAll(async () => {
  await seedDemoWorld(db);
  expect((await db.company.findUniqueOrThrow({ where: { id: 44705 } })).universes).toEqual(["CLIENT", "REVENDEUR"]);
  const [admin, user] = await db.user.createManyAndReturn({
    data: [
      { identifier: "E-0000900001", name: "Administratrice Giraud", email: "admin@transports-giraud.example", companyId: 44705, role: "ADMINISTRATEUR" },
      { identifier: "E-0000900002", name: "Chauffeur Giraud", email: "chauffeur@transports-giraud.example", companyId: 44705, role: "UTILISATEUR" },
    ],
  });
  giraudUserId = user.id;
  reseller = await actorOf("E-0000000003", "REVENDEUR");
  giraudAdmin = (await loadActor(admin.id, null, "REVENDEUR"))!;
  support = await actorOf("E-0000000002");
});

beforeEach(() => vi.mocked(requireActor).mockReset());

describe("the parent of a client holding a reseller universe", () => {
  it("cannot invite an administrator there through the form: a French refusal, no user, no link, no email", async () => {
    const before = await snapshot();
    as(reseller);
    const state = await inviteUserAction(44705, {}, form({ name: "Faux administrateur", email: "moi@provence-telecom.example", role: "ADMINISTRATEUR" }));
    expect(state.ok).toBeFalsy();
    expect(state.message).toBe(RESELLER_CLIENT_USERS_MESSAGE);
    expect(await db.user.count({ where: { email: "moi@provence-telecom.example" } })).toBe(0);
    expect(await snapshot()).toBe(before);
  });

  it("cannot promote, deactivate or re-send the link of its users either, by form or by service", async () => {
    const before = await snapshot();
    as(reseller);
    for (const op of ["make-admin", "deactivate", "resend-link"]) {
      const state = await userAction({}, form({ userId: giraudUserId, op }));
      expect(state, op).toMatchObject({ message: RESELLER_CLIENT_USERS_MESSAGE });
      expect(state.ok, op).toBeFalsy();
    }
    for (const attempt of [
      () => inviteUser(reseller, 44705, { name: "Faux", email: "faux@provence-telecom.example", role: "ADMINISTRATEUR" }),
      () => changeUserRole(reseller, giraudUserId, "ADMINISTRATEUR"),
      () => setUserActive(reseller, giraudUserId, false),
      () => resendUserLink(reseller, giraudUserId),
    ]) {
      expect(((await rejectionOf(attempt())) as Error).message).toBe(RESELLER_CLIENT_USERS_MESSAGE);
    }
    expect(await snapshot()).toBe(before);
  });

  it("is not offered the user actions on the client's page", async () => {
    const company = await db.company.findUniqueOrThrow({ where: { id: 44705 } });
    expect(managesUsersOf(reseller, company)).toBe(false);
    // A plain client of the same reseller stays manageable (SPEC §5).
    expect(managesUsersOf(reseller, await db.company.findUniqueOrThrow({ where: { id: 44660 } }))).toBe(true);
  });
});

describe("a user the parent created before its client got a reseller universe", () => {
  it("acts in the client universe only, whatever the session asks; the client's own users get both universes", async () => {
    const { company, firstUser } = await createCompany(
      reseller,
      { name: "Planté SARL", legalForm: "SARL", siret: "73282932000074", parentId: 44000, universes: ["CLIENT"] },
      { name: "Administrateur planté", email: "plante@provence-telecom.example", role: "ADMINISTRATEUR" },
    );
    await addResellerUniverse(reseller, company.id);
    const planted = (await loadActor(firstUser!.id, null, "REVENDEUR"))!;
    expect(planted.company.universes).toEqual(["CLIENT"]);
    expect(planted.universe).toBe("CLIENT");

    as(planted);
    const invited = await inviteUser(planted, company.id, { name: "Gérante", email: "gerante@plante.example", role: "ADMINISTRATEUR" });
    const own = (await loadActor(invited.id, null, "REVENDEUR"))!;
    expect(own.company.universes).toEqual(["CLIENT", "REVENDEUR"]);
    expect(own.universe).toBe("REVENDEUR");
  });
});

describe("the client's own administrators and the operator's support", () => {
  it("still manage its users", async () => {
    as(giraudAdmin);
    const invited = await inviteUserAction(44705, {}, form({ name: "Comptable Giraud", email: "compta@transports-giraud.example", role: "UTILISATEUR" }));
    expect(invited.ok).toBe(true);
    as(support);
    expect(await userAction({}, form({ userId: giraudUserId, op: "make-admin" }))).toMatchObject({ ok: true });
    expect((await db.user.findUniqueOrThrow({ where: { id: giraudUserId } })).role).toBe("ADMINISTRATEUR");
  });
});
