// *Mon profil* (issue 4): name, email and phone; the email changes only once confirmed from the new
// address, with the current password; the password changes with the current one, under SPEC §2's policy,
// and ends every other session.
import { createHash } from "node:crypto";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { loadActor, type Actor } from "@/lib/server/authz";
import { verifyLogin } from "@/lib/server/login";
import { verifyPassword } from "@/lib/server/password";
import {
  cancelEmailChange,
  changePassword,
  confirmEmailChange,
  EMAIL_LINK_INVALID_MESSAGE,
  findEmailChangeToken,
  getProfile,
  PASSWORD_CHANGED_ELSEWHERE,
  PHONE_INVALID,
  profileSchema,
  resendEmailChange,
  SAME_AS_CURRENT_PASSWORD,
  updateProfile,
  WRONG_CURRENT_PASSWORD,
} from "@/lib/server/profile";
import { openSession } from "@/lib/server/sessions";
import { requestPasswordReset } from "@/lib/server/password-reset-requests";
import { findToken } from "@/lib/server/user-tokens";
import { DomainError } from "@/lib/domain/errors";
import { passwordPolicyErrors } from "@/lib/domain/password-policy";
import { TOKEN_VALIDITY_MS } from "@/lib/domain/tokens";
import { linkIn, type CapturedMail } from "../support/smtp-sink";
import { actorFor, freezeClockAt, insertCompany, insertUser, realClock, rejectionOf, tokenIn, useSmtpSink } from "./support/fixtures";

const smtp = useSmtpSink(2611);
const COMPANY_ID = 20611;
const PASSWORD = "Ancien#Mot2passe";
const CONFIRM_SUBJECT = /^MyOpenIP : confirmation de votre nouvelle adresse email$/;
const NOTICE_SUBJECT = /^MyOpenIP : demande de changement de votre adresse email$/;
const PASSWORD_CHANGED_SUBJECT = /^MyOpenIP : votre mot de passe a été modifié$/;

let userCount = 0;

beforeAll(async () => {
  await insertCompany({ id: COMPANY_ID, name: "Boulangerie Test" });
});

afterEach(() => realClock());

/** A fresh user (with a password) and its actor: each test owns its user. */
async function newUser() {
  userCount += 1;
  const identifier = `E-00000${String(70000 + userCount).padStart(5, "0")}`;
  const user = await insertUser({ identifier, companyId: COMPANY_ID, name: `Client ${userCount}`, email: `client${userCount}@boulangerie.example`, password: PASSWORD });
  return actorFor(user.id);
}

const userRow = (actor: Actor) => db.user.findUniqueOrThrow({ where: { id: actor.userId } });
const eventsOf = (actor: Actor, action: string) => db.auditEvent.findMany({ where: { actorId: actor.userId, action }, orderBy: { id: "asc" } });
const mailsTo = (email: string) => smtp().mails.filter((m) => m.to.includes(email));
const profileInput = (actor: Actor, change: Partial<{ name: string; email: string; phone: string }>) =>
  profileSchema.parse({ name: actor.name, email: actor.email, phone: "", current: PASSWORD, ...change });

/** The raw token of a mailed `/confirmation-email/<token>` link. */
function emailTokenIn(mail: CapturedMail): string {
  const match = /\/confirmation-email\/([A-Za-z0-9_-]+)$/.exec(linkIn(mail));
  if (!match) throw new Error(`no confirmation link in mail: ${mail.text}`);
  return match[1];
}

/** Asks for `email` and returns the token of the link mailed there. */
async function requestEmail(actor: Actor, email: string) {
  const before = mailsTo(email).length;
  await updateProfile(actor, profileInput(actor, { email }));
  await expect.poll(() => mailsTo(email).length).toBe(before + 1);
  return emailTokenIn(await smtp().waitFor(email, CONFIRM_SUBJECT));
}

async function expectRefused(promise: Promise<unknown>, message: string): Promise<DomainError> {
  const error = await rejectionOf(promise);
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).message).toBe(message);
  return error as DomainError;
}

describe("profileSchema", () => {
  it("trims the name, trims and lower-cases the email, normalises French phone formats", () => {
    expect(profileSchema.parse({ name: "  Paul Martin ", email: "  Paul.Martin@Boulangerie.EXAMPLE ", phone: "+33 (0)6 12-34-56-78" })).toEqual({
      name: "Paul Martin",
      email: "paul.martin@boulangerie.example",
      phone: "06 12 34 56 78",
      current: "",
    });
    expect(profileSchema.parse({ name: "P", email: "p@x.example", phone: "01.23.45.67.89" }).phone).toBe("01 23 45 67 89");
    expect(profileSchema.parse({ name: "P", email: "p@x.example", phone: "   " }).phone).toBeNull();
  });

  it("refuses bad input field by field, in French", () => {
    const result = profileSchema.safeParse({ name: "  ", email: "pas-une-adresse", phone: "12 34" });
    expect(result.success).toBe(false);
    const fields = Object.fromEntries(result.error!.issues.map((issue) => [issue.path.join("."), issue.message]));
    expect(fields).toEqual({ name: "Le nom est obligatoire.", email: "L'adresse email n'est pas valide.", phone: PHONE_INVALID });
    expect(profileSchema.safeParse({ name: "x".repeat(121), email: "a@b.example", phone: "" }).error?.issues[0].message).toBe("Le nom ne doit pas dépasser 120 caractères.");
    expect(profileSchema.safeParse({ name: "P", email: "", phone: "" }).error?.issues[0].message).toBe("L'adresse email est obligatoire.");
    expect(profileSchema.safeParse({ name: "P", email: "a@b.example", phone: "+44 20 7946 0958" }).error?.issues[0].message).toBe(PHONE_INVALID);
  });
});

describe("getProfile", () => {
  it("gives the user, the company, the pending email and the latest terms version accepted, with when", async () => {
    const actor = await newUser();
    const older = await db.termsVersion.create({ data: { label: "2017-03-31", body: "v1", effectiveAt: new Date("2017-03-30T22:00:00Z") } });
    const newer = await db.termsVersion.create({ data: { label: "2025-01-01", body: "v2", effectiveAt: new Date("2024-12-31T23:00:00Z") } });
    await db.termsAcceptance.createMany({
      data: [
        { userId: actor.userId, termsVersionId: older.id, acceptedAt: new Date("2024-01-02T09:00:00Z"), ip: "t", userAgent: "t" },
        { userId: actor.userId, termsVersionId: newer.id, acceptedAt: new Date("2025-01-03T10:15:00Z"), ip: "t", userAgent: "t" },
      ],
    });
    await db.user.update({ where: { id: actor.userId }, data: { phone: "01 23 45 67 89", pendingEmail: "nouvelle@boulangerie.example" } });
    expect(await getProfile(actor)).toEqual({
      identifier: actor.identifier,
      name: actor.name,
      email: actor.email,
      phone: "01 23 45 67 89",
      pendingEmail: "nouvelle@boulangerie.example",
      role: "ADMINISTRATEUR",
      staffRole: null,
      company: { id: COMPANY_ID, name: "Boulangerie Test" },
      terms: { label: "2025-01-01", effectiveAt: newer.effectiveAt, acceptedAt: new Date("2025-01-03T10:15:00Z") },
    });
    const neverAccepted = await newUser();
    expect((await getProfile(neverAccepted)).terms).toBeNull();
  });
});

describe("updateProfile: name and phone", () => {
  it("changes them at once, with an audit event naming the fields, and mails nobody", async () => {
    const actor = await newUser();
    const mailsBefore = smtp().mails.length;
    const result = await updateProfile(actor, profileInput(actor, { name: "Paul Martin", phone: "+33 6 12 34 56 78" }));
    expect(result).toEqual({ changed: ["name", "phone"], emailConfirmationSentTo: null });
    expect(await userRow(actor)).toMatchObject({ name: "Paul Martin", phone: "06 12 34 56 78", email: actor.email, pendingEmail: null });
    const [event] = await eventsOf(actor, "user.profile-update");
    expect(event).toMatchObject({ targetType: "User", targetId: actor.identifier, companyId: COMPANY_ID, details: { fields: ["name", "phone"] } });
    expect(event.ip).toBeTruthy();

    // Clearing the phone is a change; the same values again are none, and write nothing.
    const cleared = await updateProfile(actor, profileSchema.parse({ name: "Paul Martin", email: actor.email, phone: "" }));
    expect(cleared.changed).toEqual(["phone"]);
    expect((await userRow(actor)).phone).toBeNull();
    const nothing = await updateProfile(actor, profileSchema.parse({ name: "Paul Martin", email: ` ${actor.email.toUpperCase()} `, phone: "" }));
    expect(nothing).toEqual({ changed: [], emailConfirmationSentTo: null });
    expect(await eventsOf(actor, "user.profile-update")).toHaveLength(2);
    expect(await eventsOf(actor, "user.email-change-request")).toHaveLength(0);
    expect(smtp().mails.length).toBe(mailsBefore);
  });
});

describe("updateProfile: email", () => {
  it("keeps the current address until the link mailed to the new one is used; the old one gets a notice", async () => {
    const actor = await newUser();
    const newEmail = "paul.nouveau@boulangerie.example";
    const result = await updateProfile(actor, profileInput(actor, { email: "  Paul.Nouveau@Boulangerie.example " }));
    expect(result).toEqual({ changed: [], emailConfirmationSentTo: newEmail });
    expect(await userRow(actor)).toMatchObject({ email: actor.email, pendingEmail: newEmail });

    const confirmation = await smtp().waitFor(newEmail, CONFIRM_SUBJECT);
    expect(confirmation.to).toEqual([newEmail]);
    expect(confirmation.text).toContain(`Bonjour ${actor.name},`);
    expect(confirmation.text).toContain("valide 24 heures, utilisable une seule fois");
    expect(linkIn(confirmation)).toMatch(/^https?:\/\/[^/]+\/confirmation-email\/[A-Za-z0-9_-]{43}$/);
    const notice = await smtp().waitFor(actor.email, NOTICE_SUBJECT);
    expect(notice.to).toEqual([actor.email]);
    expect(notice.text).toContain(`Nouvelle adresse : ${newEmail}`);
    expect(notice.text).not.toMatch(/confirmation-email/);

    // Only the hash of the token is stored, with the new address; the delivered copy is masked.
    const token = emailTokenIn(confirmation);
    const stored = await db.userToken.findFirstOrThrow({ where: { userId: actor.userId, purpose: "EMAIL_CHANGE" } });
    expect(stored.tokenHash).toBe(createHash("sha256").update(token).digest("hex"));
    expect(stored.newEmail).toBe(newEmail);
    expect(stored.expiresAt.getTime() - stored.sentAt.getTime()).toBe(TOKEN_VALIDITY_MS.EMAIL_CHANGE);
    const copy = await db.outgoingEmail.findFirstOrThrow({ where: { to: newEmail, kind: "email-change-confirm" } });
    expect(copy.text).not.toContain(token);

    const [request] = await eventsOf(actor, "user.email-change-request");
    expect(request).toMatchObject({ targetId: actor.identifier, companyId: COMPANY_ID, details: { to: newEmail } });
    expect(await eventsOf(actor, "user.email-change-confirm")).toHaveLength(0);

    // Until then, mail keeps going to the current address (a password reset, for one).
    await requestPasswordReset(actor.identifier);
    expect(await db.outgoingEmail.count({ where: { to: actor.email, kind: "password-reset" } })).toBe(1);

    expect((await findEmailChangeToken(token))?.status).toBe("valid");
    expect(await confirmEmailChange(token)).toEqual({ email: newEmail });
    expect(await userRow(actor)).toMatchObject({ email: newEmail, pendingEmail: null });
    const [confirm] = await eventsOf(actor, "user.email-change-confirm");
    expect(confirm).toMatchObject({ targetId: actor.identifier, companyId: COMPANY_ID, details: { from: actor.email, to: newEmail } });

    // Single use.
    expect((await findEmailChangeToken(token))?.status).toBe("used");
    await expectRefused(confirmEmailChange(token), EMAIL_LINK_INVALID_MESSAGE);
    expect(await eventsOf(actor, "user.email-change-confirm")).toHaveLength(1);
  });

  it("applies the name and phone at once and the email only later, from one submission", async () => {
    const actor = await newUser();
    const result = await updateProfile(actor, profileInput(actor, { name: "Nouveau Nom", phone: "0470123456", email: "autre@boulangerie.example" }));
    expect(result).toEqual({ changed: ["name", "phone"], emailConfirmationSentTo: "autre@boulangerie.example" });
    expect(await userRow(actor)).toMatchObject({ name: "Nouveau Nom", phone: "04 70 12 34 56", email: actor.email, pendingEmail: "autre@boulangerie.example" });
    const mail = await smtp().waitFor("autre@boulangerie.example", CONFIRM_SUBJECT);
    expect(mail.text).toContain("Bonjour Nouveau Nom,");
  });

  it("supersedes an older link with a newer request, or a re-sent link", async () => {
    const actor = await newUser();
    const first = await requestEmail(actor, "premiere@boulangerie.example");
    const second = await requestEmail(actor, "seconde@boulangerie.example");
    expect((await userRow(actor)).pendingEmail).toBe("seconde@boulangerie.example");
    expect((await findEmailChangeToken(first))?.status).toBe("superseded");
    await expectRefused(confirmEmailChange(first), EMAIL_LINK_INVALID_MESSAGE);
    expect((await userRow(actor)).email).toBe(actor.email);

    // *Renvoyer le lien*: a new link to the pending address; the previous one stops working.
    expect(await resendEmailChange(actor)).toBe("seconde@boulangerie.example");
    await expect.poll(() => mailsTo("seconde@boulangerie.example").length).toBe(2);
    const third = emailTokenIn(await smtp().waitFor("seconde@boulangerie.example", CONFIRM_SUBJECT));
    expect(third).not.toBe(second);
    await expectRefused(confirmEmailChange(second), EMAIL_LINK_INVALID_MESSAGE);
    await confirmEmailChange(third);
    expect(await userRow(actor)).toMatchObject({ email: "seconde@boulangerie.example", pendingEmail: null });
    expect(await eventsOf(actor, "user.email-change-request")).toHaveLength(3);
  });

  it("leaves a pending change alone when the current address is submitted", async () => {
    const actor = await newUser();
    await requestEmail(actor, "attente@boulangerie.example");
    await updateProfile(actor, profileInput(actor, { phone: "01 02 03 04 05" }));
    expect(await userRow(actor)).toMatchObject({ email: actor.email, pendingEmail: "attente@boulangerie.example", phone: "01 02 03 04 05" });
  });

  it("cancels a pending change: its link stops working and the address stays", async () => {
    const actor = await newUser();
    const token = await requestEmail(actor, "annulee@boulangerie.example");
    await cancelEmailChange(actor);
    expect(await userRow(actor)).toMatchObject({ email: actor.email, pendingEmail: null });
    await expectRefused(confirmEmailChange(token), EMAIL_LINK_INVALID_MESSAGE);
    expect(await eventsOf(actor, "user.email-change-cancel")).toHaveLength(1);
    await expectRefused(cancelEmailChange(actor), "Aucun changement d'adresse email n'est en attente.");
    await expectRefused(resendEmailChange(actor), "Aucun changement d'adresse email n'est en attente.");
  });

  it("keeps a link valid for exactly 24 hours", async () => {
    const actor = await newUser();
    const sentAt = new Date("2026-03-28T22:30:00Z"); // across the spring DST change: elapsed time, not calendar days
    freezeClockAt(sentAt);
    const token = await requestEmail(actor, "expire@boulangerie.example");
    const expiresAt = new Date(sentAt.getTime() + 24 * 3600_000);
    freezeClockAt(new Date(expiresAt.getTime() - 1));
    expect((await findEmailChangeToken(token))?.status).toBe("valid");
    freezeClockAt(expiresAt);
    expect((await findEmailChangeToken(token))?.status).toBe("expired");
    await expectRefused(confirmEmailChange(token), EMAIL_LINK_INVALID_MESSAGE);
    expect(await userRow(actor)).toMatchObject({ email: actor.email, pendingEmail: "expire@boulangerie.example" });
  });

  it("refuses forged tokens and other kinds of links", async () => {
    const actor = await newUser();
    await expectRefused(confirmEmailChange("A".repeat(43)), EMAIL_LINK_INVALID_MESSAGE);
    await expectRefused(confirmEmailChange("<script>"), EMAIL_LINK_INVALID_MESSAGE);
    expect(await findEmailChangeToken("A".repeat(43))).toBeNull();
    // A password-reset link is not an email-change link.
    await requestPasswordReset(actor.identifier);
    const resetToken = tokenIn(await smtp().waitFor(actor.email, /réinitialisation du mot de passe/));
    expect((await findToken(resetToken, ["PASSWORD_RESET"]))?.status).toBe("valid");
    await expectRefused(confirmEmailChange(resetToken), EMAIL_LINK_INVALID_MESSAGE);
    expect(await findEmailChangeToken(resetToken)).toBeNull();
  });

  it("lets exactly one of two concurrent confirmations win", async () => {
    const actor = await newUser();
    const token = await requestEmail(actor, "course@boulangerie.example");
    const results = await Promise.allSettled([confirmEmailChange(token), confirmEmailChange(token)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await eventsOf(actor, "user.email-change-confirm")).toHaveLength(1);
  });
});

describe("changePassword", () => {
  const change = (current: string, password: string, confirmation = password) => ({ current, password, confirmation });

  it("refuses a wrong current password and changes nothing", async () => {
    const actor = await newUser();
    const before = await userRow(actor);
    const error = await expectRefused(changePassword(actor, change("Mauvais#123", "Nouveau#Mot2"), null), WRONG_CURRENT_PASSWORD);
    expect(error.fieldErrors).toEqual({ current: [WRONG_CURRENT_PASSWORD] });
    const after = await userRow(actor);
    expect(after.passwordHash).toBe(before.passwordHash);
    expect(await eventsOf(actor, "user.password-change")).toHaveLength(0);
    expect(mailsTo(actor.email)).toHaveLength(0);
  });

  it("lists the policy's unmet rules with the first-login form's French messages", async () => {
    const actor = await newUser();
    const before = await userRow(actor);
    for (const [password, confirmation] of [["court", "court"], ["sansmajuscule1!", "sansmajuscule1!"], ["Valide#2026", "Autre#2026"], [`Avec${actor.identifier}!`, `Avec${actor.identifier}!`], ["", ""]]) {
      const error = await expectRefused(changePassword(actor, change(PASSWORD, password, confirmation), null), "Le mot de passe ne respecte pas les règles de sécurité.");
      expect(error.fieldErrors).toEqual({ password: passwordPolicyErrors(password, confirmation, actor.identifier) });
    }
    expect((await changePassword(actor, change(PASSWORD, "x", "x"), null).catch((e: DomainError) => e.fieldErrors.password))).toEqual(
      expect.arrayContaining(["Au moins 8 caractères", "Au moins 1 lettre majuscule", "Au moins 1 chiffre", "Au moins 1 caractère spécial"]),
    );
    // Both wrong: both fields say so.
    const both = await expectRefused(changePassword(actor, change("Mauvais#123", "court"), null), "Le formulaire contient des erreurs.");
    expect(Object.keys(both.fieldErrors).sort()).toEqual(["current", "password"]);
    expect((await userRow(actor)).passwordHash).toBe(before.passwordHash);
  });

  it("refuses the current password as the new one", async () => {
    const actor = await newUser();
    const error = await expectRefused(changePassword(actor, change(PASSWORD, PASSWORD), null), "Le mot de passe ne respecte pas les règles de sécurité.");
    expect(error.fieldErrors).toEqual({ password: [SAME_AS_CURRENT_PASSWORD] });
  });

  it("hashes the new password, ends every other session, audits, and mails a notice without the password", async () => {
    const actor = await newUser();
    const here = await openSession(actor.userId, { ip: "10.0.0.1", userAgent: "ici" });
    const elsewhere = await openSession(actor.userId, { ip: "10.0.0.2", userAgent: "ailleurs" });
    await requestPasswordReset(actor.identifier); // a reset link asked for earlier must not undo the change

    await changePassword(actor, change(PASSWORD, "Nouveau#Mot2passe", "Nouveau#Mot2passe"), here.id);
    const after = await userRow(actor);
    expect(after.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(after.passwordHash!, "Nouveau#Mot2passe")).toBe(true);
    expect(await verifyPassword(after.passwordHash!, PASSWORD)).toBe(false);

    // The other session is refused; the one that made the change goes on.
    expect(await loadActor(actor.userId, elsewhere.id, null)).toBeNull();
    expect(await loadActor(actor.userId, here.id, null)).not.toBeNull();
    expect((await verifyLogin(actor.identifier, PASSWORD, "10.0.0.1")).ok).toBe(false);
    expect(await verifyLogin(actor.identifier, "Nouveau#Mot2passe", "10.0.0.1")).toMatchObject({ ok: true });

    const [event] = await eventsOf(actor, "user.password-change");
    expect(event).toMatchObject({ targetType: "User", targetId: actor.identifier, companyId: COMPANY_ID });
    const notice = await smtp().waitFor(actor.email, PASSWORD_CHANGED_SUBJECT);
    expect(notice.text).toContain(actor.identifier);
    expect(notice.text).toContain("Toutes vos autres sessions ont été fermées.");
    for (const mail of smtp().mails) {
      expect(mail.text).not.toContain("Nouveau#Mot2passe");
      expect(mail.text).not.toContain(PASSWORD);
    }
    const reset = await db.userToken.findFirstOrThrow({ where: { userId: actor.userId, purpose: "PASSWORD_RESET" } });
    expect((await db.userToken.findUniqueOrThrow({ where: { id: reset.id } })).supersededAt).not.toBeNull();
  });

  it("lets only one of two concurrent changes through", async () => {
    const actor = await newUser();
    const results = await Promise.allSettled([
      changePassword(actor, change(PASSWORD, "Premier#Mot2passe"), null),
      changePassword(actor, change(PASSWORD, "Second#Mot2passe"), null),
    ]);
    const refusedOnes = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(refusedOnes).toHaveLength(1);
    // Refused by the conditional update or, as seen once under CI load, at the current-password check: either way
    // nothing of it is written.
    expect([PASSWORD_CHANGED_ELSEWHERE, WRONG_CURRENT_PASSWORD]).toContain((refusedOnes[0].reason as DomainError).message);
    const hash = (await userRow(actor)).passwordHash!;
    expect(await verifyPassword(hash, PASSWORD)).toBe(false);
    expect((await verifyPassword(hash, "Premier#Mot2passe")) !== (await verifyPassword(hash, "Second#Mot2passe"))).toBe(true);
    expect(await eventsOf(actor, "user.password-change")).toHaveLength(1);
  });

  it("counts wrong current passwords as failed logins: after 5, even the right one is refused", async () => {
    const actor = await newUser();
    for (let i = 0; i < 5; i++) await expectRefused(changePassword(actor, change(`Devine#${i}xyz`, "Nouveau#Mot2passe"), null), WRONG_CURRENT_PASSWORD);
    expect(await db.loginAttempt.count({ where: { identifier: actor.identifier, success: false } })).toBe(5);
    await expectRefused(changePassword(actor, change(PASSWORD, "Nouveau#Mot2passe"), null), WRONG_CURRENT_PASSWORD);
    expect(await verifyPassword((await userRow(actor)).passwordHash!, PASSWORD)).toBe(true);
  });
});

describe("what the links are", () => {
  it("an email-change token is not a password link", async () => {
    const actor = await newUser();
    const token = await requestEmail(actor, "lien@boulangerie.example");
    expect(await findToken(token, ["PASSWORD_INIT", "PASSWORD_RESET"])).toBeNull();
  });
});
