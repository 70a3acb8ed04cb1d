// SPEC §2: password-initialisation and reset links, delivered over a real SMTP server.
import { createHash } from "node:crypto";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/server/authz";
import { db } from "@/lib/server/db";
import { verifyLogin } from "@/lib/server/login";
import { openSession } from "@/lib/server/sessions";
import { createUser, INVALID_LINK_MESSAGE, newUserSchema, resendInitialisationLink, setPasswordWithToken } from "@/lib/server/users";
import { RESET_REQUEST_ANSWER, requestPasswordReset } from "@/lib/server/password-reset-requests";
import { DomainError } from "@/lib/domain/errors";
import { formatUserIdentifier } from "@/lib/domain/identifiers";
import {
  createStaffActor,
  freezeClockAt,
  insertCompany,
  insertUser,
  realClock,
  rejectionOf,
  tokenIn,
  useSmtpSink,
} from "./support/fixtures";

const smtp = useSmtpSink(2601);
const COMPANY_ID = 20001;
const DAY_MS = 24 * 3600 * 1000;
const INIT_SUBJECT = /^MyOpenIP : initialisation du mot de passe$/;
const RESET_SUBJECT = /^MyOpenIP : réinitialisation du mot de passe$/;
/** Every password set in this file: none may ever appear in a mail. */
const passwordsUsed: string[] = [];

let staff: Actor;
let userCount = 0;

beforeAll(async () => {
  staff = await createStaffActor();
  await insertCompany({ id: COMPANY_ID, name: "Cabinet Test" });
});

afterEach(() => realClock());

/** Creates a user through createUser and returns it with the token of the mail it received. */
async function newUser() {
  userCount += 1;
  const email = `user${userCount}@cabinet.example`;
  const user = await createUser(staff, COMPANY_ID, newUserSchema.parse({ name: ` Utilisateur ${userCount} `, email, role: "UTILISATEUR" }));
  const mail = await smtp().waitFor(email, INIT_SUBJECT);
  return { user, email, mail, token: tokenIn(mail) };
}

async function setPassword(token: string, password: string) {
  passwordsUsed.push(password);
  await setPasswordWithToken(token, password, password);
}

async function expectInvalidLink(promise: Promise<unknown>) {
  const error = await rejectionOf(promise);
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).message).toBe(INVALID_LINK_MESSAGE);
}

const counterValue = async () => (await db.counter.findUnique({ where: { name: "user" } }))?.value ?? 0;
const mailsTo = (email: string) => smtp().mails.filter((m) => m.to.includes(email));

describe("createUser", () => {
  it("allocates consecutive E- identifiers from the counter and audits in the same transaction", async () => {
    const before = await counterValue();
    const first = await newUser();
    const second = await newUser();
    expect(first.user.identifier).toBe(formatUserIdentifier(before + 1));
    expect(second.user.identifier).toBe(formatUserIdentifier(before + 2));
    expect(await counterValue()).toBe(before + 2);
    expect(first.user).toMatchObject({ name: "Utilisateur 1", email: "user1@cabinet.example", companyId: COMPANY_ID, passwordHash: null, role: "UTILISATEUR" });

    for (const { user } of [first, second]) {
      const events = await db.auditEvent.findMany({ where: { action: "user.create", targetId: user.identifier } });
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ actorId: staff.userId, targetType: "User", companyId: COMPANY_ID, ip: "local" });
    }

    // The audit insert fails (no such actor): the user, its token, its number and its mail all go with it.
    const users = await db.user.count();
    const tokens = await db.userToken.count();
    const mails = smtp().mails.length;
    const ghost: Actor = { ...staff, userId: 987_654 };
    await expect(createUser(ghost, COMPANY_ID, { name: "Fantôme", email: "ghost@cabinet.example", role: "UTILISATEUR" })).rejects.toThrow();
    expect(await db.user.count()).toBe(users);
    expect(await db.userToken.count()).toBe(tokens);
    expect(await counterValue()).toBe(before + 2);
    expect(await db.outgoingEmail.count({ where: { to: "ghost@cabinet.example" } })).toBe(0);
    expect(smtp().mails.length).toBe(mails);

    // Gapless: the number the rollback gave back is the next one.
    const third = await newUser();
    expect(third.user.identifier).toBe(formatUserIdentifier(before + 3));
  });

  it("mails an initialisation link whose token sets an argon2id password, once", async () => {
    const { user, email, mail, token } = await newUser();
    expect(mailsTo(email)).toHaveLength(1);
    expect(mail.text).toContain(`Votre identifiant est : ${user.identifier}`);
    expect(mail.text).toContain("Initialisation du mot de passe");
    expect(mail.text).toContain("valide 15 jours");
    expect(await db.outgoingEmail.findFirst({ where: { to: email, kind: "password-init" } })).toMatchObject({ sentAt: expect.any(Date), error: null });

    await setPassword(token, "Soleil#2026");
    const saved = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(saved.passwordHash).toMatch(/^\$argon2id\$/);
    expect(saved.passwordHash).not.toContain("Soleil#2026");
    expect(await db.userToken.findFirstOrThrow({ where: { userId: user.id } })).toMatchObject({ purpose: "PASSWORD_INIT", usedAt: expect.any(Date) });
    expect(await db.auditEvent.count({ where: { action: "user.password-init", targetId: user.identifier, actorId: user.id } })).toBe(1);
    expect(await verifyLogin(user.identifier, "Soleil#2026", "192.0.2.1")).toMatchObject({ ok: true, userId: user.id });

    // Single use: the second time it is refused and nothing changes.
    await expectInvalidLink(setPasswordWithToken(token, "Autre#Mot2026", "Autre#Mot2026"));
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash).toBe(saved.passwordHash);
    expect(await verifyLogin(user.identifier, "Soleil#2026", "192.0.2.1")).toMatchObject({ ok: true });
  });

  it("supersedes the previous link when a new one is sent", async () => {
    const { user, email, token: first } = await newUser();
    await resendInitialisationLink(staff, user.id);
    const mails = mailsTo(email);
    expect(mails).toHaveLength(2);
    const second = tokenIn(mails[1]);
    expect(second).not.toBe(first);
    expect(await db.auditEvent.count({ where: { action: "user.resend-link", targetId: user.identifier, actorId: staff.userId } })).toBe(1);

    await expectInvalidLink(setPassword(first, "Soleil#2026"));
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash).toBeNull();
    await setPassword(second, "Soleil#2026");
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash).toMatch(/^\$argon2id\$/);
  });

  it("keeps a link valid for exactly 15 days from sending", async () => {
    const sentAt = new Date("2030-03-20T09:00:00.000Z");
    freezeClockAt(sentAt);
    const a = await newUser();
    const b = await newUser();
    const expiresAt = new Date(sentAt.getTime() + 15 * DAY_MS);
    for (const { user } of [a, b]) {
      expect(await db.userToken.findFirstOrThrow({ where: { userId: user.id } })).toMatchObject({ sentAt, expiresAt });
    }
    expect(a.mail.text).toContain("jusqu'au 04/04/2030");

    freezeClockAt(new Date(expiresAt.getTime() - 1000));
    await setPassword(a.token, "Soleil#2026");
    expect((await db.user.findUniqueOrThrow({ where: { id: a.user.id } })).passwordHash).toMatch(/^\$argon2id\$/);

    freezeClockAt(expiresAt); // valid strictly before its expiry
    await expectInvalidLink(setPassword(b.token, "Soleil#2026"));
    freezeClockAt(new Date(expiresAt.getTime() + 1000));
    await expectInvalidLink(setPassword(b.token, "Soleil#2026"));
    expect(await db.user.findUniqueOrThrow({ where: { id: b.user.id } })).toMatchObject({ passwordHash: null });
    expect(await db.userToken.findFirstOrThrow({ where: { userId: b.user.id } })).toMatchObject({ usedAt: null });
  });

  it("lists every unmet password rule in French and consumes nothing", async () => {
    const { user, token } = await newUser();
    const weak = await rejectionOf(setPasswordWithToken(token, "abc", "abc"));
    expect(weak).toBeInstanceOf(DomainError);
    expect((weak as DomainError).message).toBe("Le mot de passe ne respecte pas les règles de sécurité.");
    expect((weak as DomainError).fieldErrors.password).toEqual([
      "Au moins 8 caractères",
      "Au moins 1 lettre majuscule",
      "Au moins 1 chiffre",
      "Au moins 1 caractère spécial",
    ]);

    const mismatch = (await rejectionOf(setPasswordWithToken(token, "Soleil#2026", "Soleil#2027"))) as DomainError;
    expect(mismatch.fieldErrors.password).toEqual(["La confirmation ne correspond pas au mot de passe"]);
    const withIdentifier = `Zz!${user.identifier.toLowerCase()}`;
    const containsId = (await rejectionOf(setPasswordWithToken(token, withIdentifier, withIdentifier))) as DomainError;
    expect(containsId.fieldErrors.password).toEqual(["Le mot de passe ne doit pas contenir votre identifiant"]);
    const tooLong = `Aa1!${"x".repeat(125)}`;
    expect(((await rejectionOf(setPasswordWithToken(token, tooLong, tooLong))) as DomainError).fieldErrors.password).toEqual([
      "128 caractères au maximum",
    ]);

    expect(await db.userToken.findFirstOrThrow({ where: { userId: user.id } })).toMatchObject({ usedAt: null, supersededAt: null });
    expect(await db.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ passwordHash: null });
    expect(await db.auditEvent.count({ where: { action: "user.password-init", targetId: user.identifier } })).toBe(0);
    await setPassword(token, "Soleil#2026"); // the link still works
  });

  it("lets exactly one of two concurrent submissions of the same link win", async () => {
    const { user, token } = await newUser();
    const passwords = ["Premier#2026", "Second#2026"];
    passwordsUsed.push(...passwords);
    const results = await Promise.allSettled(passwords.map((p) => setPasswordWithToken(token, p, p)));
    const winners = results.flatMap((r, i) => (r.status === "fulfilled" ? [i] : []));
    expect(winners).toHaveLength(1);
    const loser = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(loser.reason).toBeInstanceOf(DomainError);
    expect((loser.reason as DomainError).message).toBe(INVALID_LINK_MESSAGE);

    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash).toMatch(/^\$argon2id\$/);
    expect(await db.auditEvent.count({ where: { action: "user.password-init", targetId: user.identifier } })).toBe(1);
    expect(await verifyLogin(user.identifier, passwords[winners[0]], "192.0.2.2")).toMatchObject({ ok: true });
    expect(await verifyLogin(user.identifier, passwords[1 - winners[0]], "192.0.2.2")).toEqual({ ok: false });
  });
});

describe("forgotten password", () => {
  it("sends nothing and says nothing for unknown, malformed, password-less or deactivated identifiers", async () => {
    const { user: noPassword } = await newUser();
    const inactive = await insertUser({ identifier: "E-0000008001", companyId: COMPANY_ID, password: "Soleil#2026", active: false });
    const mails = smtp().mails.length;
    const outgoing = await db.outgoingEmail.count();
    for (const identifier of ["E-0000099999", "e-0000099999", "", "   ", "E-123", "n'importe quoi", "E-00000000011", noPassword.identifier, inactive.identifier]) {
      await expect(requestPasswordReset(identifier)).resolves.toBe(RESET_REQUEST_ANSWER);
    }
    expect(smtp().mails.length).toBe(mails);
    expect(await db.outgoingEmail.count()).toBe(outgoing);
    expect(await db.userToken.count({ where: { purpose: "PASSWORD_RESET" } })).toBe(0);
  });

  it("mails a real user a reset link valid one hour, single use", async () => {
    const { user, email, token } = await newUser();
    await setPassword(token, "Ancien#2026");

    const requestedAt = new Date("2030-05-04T10:00:00.000Z");
    freezeClockAt(requestedAt);
    await requestPasswordReset(`  ${user.identifier.toLowerCase()}  `);
    const firstMail = await smtp().waitFor(email, RESET_SUBJECT);
    expect(mailsTo(email).filter((m) => RESET_SUBJECT.test(m.subject))).toHaveLength(1);
    expect(firstMail.text).toContain(user.identifier);
    expect(firstMail.text).toContain("valide 1 heure");
    const first = tokenIn(firstMail);
    expect(await db.userToken.findFirstOrThrow({ where: { userId: user.id, purpose: "PASSWORD_RESET" } })).toMatchObject({
      sentAt: requestedAt,
      expiresAt: new Date(requestedAt.getTime() + 3600_000),
    });
    expect(await db.auditEvent.count({ where: { action: "user.password-reset-request", targetId: user.identifier } })).toBe(1);

    freezeClockAt(new Date(requestedAt.getTime() + 3600_000 + 1000));
    await expectInvalidLink(setPassword(first, "Nouveau#2026"));

    const again = new Date(requestedAt.getTime() + 2 * 3600_000);
    freezeClockAt(again);
    await requestPasswordReset(user.identifier);
    const second = tokenIn(await smtp().waitFor(email, RESET_SUBJECT));
    expect(second).not.toBe(first);
    freezeClockAt(new Date(again.getTime() + 3600_000 - 1000));
    const before = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    const session = await openSession(user.id, { ip: "192.0.2.3", userAgent: "test" });
    await setPassword(second, "Nouveau#2026");
    const after = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(after.passwordHash).toMatch(/^\$argon2id\$/);
    expect(after.passwordHash).not.toBe(before.passwordHash);
    // A reset ends every open session of the user.
    expect(await db.session.findUniqueOrThrow({ where: { id: session.id } })).toMatchObject({ revokedAt: expect.any(Date) });
    expect(await db.auditEvent.count({ where: { action: "user.password-reset", targetId: user.identifier, actorId: user.id } })).toBe(1);
    await expectInvalidLink(setPassword(second, "Encore#2026"));

    realClock();
    expect(await verifyLogin(user.identifier, "Nouveau#2026", "192.0.2.3")).toMatchObject({ ok: true });
    expect(await verifyLogin(user.identifier, "Ancien#2026", "192.0.2.3")).toEqual({ ok: false });
  });
});

describe("link tokens", () => {
  it("are stored only as SHA-256 hashes, and no password is ever mailed", async () => {
    const tokens = smtp()
      .mails.filter((m) => m.text.includes("/premiere-connexion/"))
      .map(tokenIn);
    expect(tokens.length).toBeGreaterThanOrEqual(10);
    const rows = await db.userToken.findMany();
    const hashes = new Set(rows.map((r) => r.tokenHash));
    for (const row of rows) expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    for (const token of tokens) expect(hashes.has(createHash("sha256").update(token).digest("hex"))).toBe(true);

    const dump = (await db.$queryRaw<{ row: string }[]>`SELECT row_to_json(t)::text AS row FROM "UserToken" t`).map((r) => r.row).join("\n");
    expect(dump.length).toBeGreaterThan(0);
    for (const token of tokens) expect(dump).not.toContain(token);
    // Once delivered over SMTP, the stored copy of each mail has its link masked.
    const stored = (await db.outgoingEmail.findMany({ where: { kind: { in: ["password-init", "password-reset"] } } })).map((m) => m.text).join("\n");
    expect(stored).toContain("[lien masqué]");
    for (const token of tokens) expect(stored).not.toContain(token);

    for (const mail of smtp().mails) for (const password of passwordsUsed) expect(mail.raw).not.toContain(password);
  });
});
