// Issue 32, item 6: changing one's email on *Mon profil* asks for the current password (a stolen session alone cannot
// move the account to another address, then reset its password from there), and a pending change ends with a password
// change, a password reset and a deactivation: the pending address is cleared and its link shows "no longer valid".
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { ReactElement } from "react";
import { encode } from "next-auth/jwt";
import { db } from "@/lib/server/db";
import type { Actor } from "@/lib/server/authz";
import {
  changePassword,
  confirmEmailChange,
  EMAIL_CHANGE_NEEDS_PASSWORD,
  EMAIL_LINK_INVALID_MESSAGE,
  findEmailChangeToken,
  profileSchema,
  updateProfile,
  WRONG_CURRENT_PASSWORD,
} from "@/lib/server/profile";
import { openSession } from "@/lib/server/sessions";
import { setPasswordWithToken } from "@/lib/server/users";
import { setUserActive } from "@/lib/server/company-users";
import { setCompanyActive } from "@/lib/server/companies";
import { issueToken } from "@/lib/server/user-tokens";
import { DomainError } from "@/lib/domain/errors";
import { updateProfileAction } from "@/app/(portail)/mon-profil/actions";
import ConfirmEmailPage from "@/app/(auth)/confirmation-email/[token]/page";
import { InvalidLinkCard } from "@/components/auth-card";
import { linkIn } from "../support/smtp-sink";
import { actorFor, createStaffActor, insertCompany, insertUser, rejectionOf, useSmtpSink } from "../integration/support/fixtures";

// What next/headers gives the action: the request's cookies (set per test) and headers.
const request = vi.hoisted(() => ({ cookies: [] as { name: string; value: string }[] }));
vi.mock("next/headers", () => ({
  cookies: async () => ({ getAll: () => request.cookies, get: (name: string) => request.cookies.find((c) => c.name === name) }),
  headers: async () => new Headers({ "user-agent": "Navigateur de test" }),
}));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

const smtp = useSmtpSink(2606);
const SECRET = "security-test-auth-secret-0123456789abcdef";
const PASSWORD = "Soleil#2026";
const COMPANY_ID = 30600;
const CONFIRM_SUBJECT = /^MyOpenIP : confirmation de votre nouvelle adresse email$/;

let userCount = 0;
let staff: Actor;

beforeAll(async () => {
  vi.stubEnv("AUTH_SECRET", SECRET);
  vi.stubEnv("APP_URL", "http://localhost:3000");
  await insertCompany({ id: COMPANY_ID, name: "Adresses SAS" });
  staff = await createStaffActor();
});

afterEach(() => {
  request.cookies = [];
});

async function newUser(companyId = COMPANY_ID): Promise<Actor> {
  userCount += 1;
  const user = await insertUser({ identifier: `E-00000${String(30600 + userCount).padStart(5, "0")}`, companyId, email: `u${userCount}@adresses.example`, password: PASSWORD });
  return actorFor(user.id);
}

const userRow = (actor: Actor) => db.user.findUniqueOrThrow({ where: { id: actor.userId } });
const input = (actor: Actor, change: { email: string; name?: string; current?: string }) =>
  profileSchema.parse({ name: change.name ?? actor.name, email: change.email, phone: "", current: change.current ?? "" });

/** Everything an email-change request writes or sends. */
async function traces(actor: Actor) {
  return {
    user: await userRow(actor),
    tokens: await db.userToken.count({ where: { userId: actor.userId, purpose: "EMAIL_CHANGE" } }),
    audit: await db.auditEvent.count({ where: { actorId: actor.userId } }),
    outgoing: await db.outgoingEmail.count(),
    mails: smtp().mails.length,
  };
}

/** A pending change to `email`, asked with the right password; the token of the link mailed there. */
async function pendingChange(actor: Actor, email: string): Promise<string> {
  await updateProfile(actor, input(actor, { email, current: PASSWORD }));
  const match = /\/confirmation-email\/([A-Za-z0-9_-]+)$/.exec(linkIn(await smtp().waitFor(email, CONFIRM_SUBJECT)));
  return match![1];
}

/** The pending change and its link are gone: the address stays, the link is refused and its page says it is no longer valid. */
async function expectChangeGone(actor: Actor, token: string) {
  expect(await userRow(actor)).toMatchObject({ email: actor.email, pendingEmail: null });
  expect((await findEmailChangeToken(token))?.status).toBe("superseded");
  expect(((await rejectionOf(confirmEmailChange(token))) as DomainError).message).toBe(EMAIL_LINK_INVALID_MESSAGE);
  expect((await userRow(actor)).email).toBe(actor.email);
  const page = (await ConfirmEmailPage({ params: Promise.resolve({ token }) })) as ReactElement<{ reason: string; advice: string }>;
  expect(page.type).toBe(InvalidLinkCard);
  expect(page.props.advice).toBe(EMAIL_LINK_INVALID_MESSAGE);
  expect(page.props.reason).toMatch(/n'est plus valide/);
}

describe("asking for an email change", () => {
  it("without the current password is refused, in French on the field, and writes nothing, not even the name", async () => {
    const actor = await newUser();
    const before = await traces(actor);
    const error = (await rejectionOf(updateProfile(actor, input(actor, { email: "pirate@ailleurs.example", name: "Autre Nom" })))) as DomainError;
    expect(error).toBeInstanceOf(DomainError);
    expect(error.message).toBe(EMAIL_CHANGE_NEEDS_PASSWORD);
    expect(error.fieldErrors).toEqual({ current: [EMAIL_CHANGE_NEEDS_PASSWORD] });
    expect(await traces(actor)).toEqual(before);
  });

  it("with a wrong current password is refused and writes nothing but a failed login", async () => {
    const actor = await newUser();
    const before = await traces(actor);
    const error = (await rejectionOf(updateProfile(actor, input(actor, { email: "pirate@ailleurs.example", name: "Autre Nom", current: "Devine#2026" })))) as DomainError;
    expect(error.message).toBe(WRONG_CURRENT_PASSWORD);
    expect(error.fieldErrors).toEqual({ current: [WRONG_CURRENT_PASSWORD] });
    expect(await traces(actor)).toEqual(before);
    expect(await db.loginAttempt.count({ where: { identifier: actor.identifier, success: false } })).toBe(1);
  });

  it("through the form: the refusal is on the password field, which is never sent back", async () => {
    const actor = await newUser();
    const session = await openSession(actor.userId, { ip: "192.0.2.6", userAgent: "test" });
    request.cookies = [{ name: "authjs.session-token", value: await encode({ token: { uid: actor.userId, sid: session.id, universe: null }, secret: SECRET, salt: "authjs.session-token", maxAge: 3600 }) }];
    const before = await traces(actor);
    const form = new FormData();
    for (const [name, value] of Object.entries({ name: actor.name, email: "pirate@ailleurs.example", phone: "", current: "Devine#2026" })) form.set(name, value);
    const state = await updateProfileAction({}, form);
    expect(state.message).toBe(WRONG_CURRENT_PASSWORD);
    expect(state.errors).toEqual({ current: [WRONG_CURRENT_PASSWORD] });
    expect(state.values).toEqual({ name: actor.name, email: "pirate@ailleurs.example", phone: "" });
    form.delete("current");
    expect((await updateProfileAction({}, form)).errors).toEqual({ current: [EMAIL_CHANGE_NEEDS_PASSWORD] });
    expect(await traces(actor)).toEqual(before);
  });

  it("with the current password: the change waits for its link, as before", async () => {
    const actor = await newUser();
    const token = await pendingChange(actor, "nouvelle1@adresses.example");
    expect(await userRow(actor)).toMatchObject({ email: actor.email, pendingEmail: "nouvelle1@adresses.example" });
    expect((await findEmailChangeToken(token))?.status).toBe("valid");
  });
});

describe("a pending email change ends", () => {
  it("with a password change", async () => {
    const actor = await newUser();
    const token = await pendingChange(actor, "nouvelle2@adresses.example");
    await changePassword(actor, { current: PASSWORD, password: "Nouveau#Mot2passe", confirmation: "Nouveau#Mot2passe" }, null);
    await expectChangeGone(actor, token);
  });

  it("with a password reset through a link", async () => {
    const actor = await newUser();
    const token = await pendingChange(actor, "nouvelle3@adresses.example");
    const reset = await db.$transaction((tx) => issueToken(tx, actor.userId, "PASSWORD_RESET"));
    await setPasswordWithToken(reset, "Nouveau#Mot2passe", "Nouveau#Mot2passe");
    await expectChangeGone(actor, token);
  });

  it("with the user's deactivation, and stays ended once reactivated", async () => {
    const actor = await newUser();
    const token = await pendingChange(actor, "nouvelle4@adresses.example");
    await setUserActive(staff, actor.userId, false);
    await setUserActive(staff, actor.userId, true);
    await expectChangeGone(actor, token);
  });

  it("with its company's deactivation, and stays ended once reactivated; other companies' changes stay", async () => {
    await insertCompany({ id: COMPANY_ID + 1, name: "Désactivée SARL" });
    const actor = await newUser(COMPANY_ID + 1);
    const outsider = await newUser();
    const token = await pendingChange(actor, "nouvelle5@adresses.example");
    const kept = await pendingChange(outsider, "nouvelle6@adresses.example");
    await setCompanyActive(staff, COMPANY_ID + 1, false);
    await setCompanyActive(staff, COMPANY_ID + 1, true);
    await expectChangeGone(actor, token);
    expect((await findEmailChangeToken(kept))?.status).toBe("valid");
    expect((await userRow(outsider)).pendingEmail).toBe("nouvelle6@adresses.example");
  });
});

describe("the password links still waiting", () => {
  const waiting = (userId: number) => db.userToken.count({ where: { userId, purpose: { in: ["PASSWORD_INIT", "PASSWORD_RESET"] }, usedAt: null, supersededAt: null } });

  it("end when the email change is confirmed: a link mailed to the old address no longer resets the password", async () => {
    const actor = await newUser();
    const token = await pendingChange(actor, "nouvelle7@adresses.example");
    const reset = await db.$transaction((tx) => issueToken(tx, actor.userId, "PASSWORD_RESET"));
    await confirmEmailChange(token);
    expect(await waiting(actor.userId)).toBe(0);
    await expect(setPasswordWithToken(reset, "Nouveau#Mot2passe", "Nouveau#Mot2passe")).rejects.toThrow(DomainError);
  });

  it("end with a password change, a password set through another link and a deactivation", async () => {
    const changer = await newUser();
    await db.$transaction((tx) => issueToken(tx, changer.userId, "PASSWORD_INIT"));
    await changePassword(changer, { current: PASSWORD, password: "Autre#Mot2passe", confirmation: "Autre#Mot2passe" }, null);
    expect(await waiting(changer.userId)).toBe(0);

    const resetter = await newUser();
    await db.$transaction((tx) => issueToken(tx, resetter.userId, "PASSWORD_INIT"));
    const reset = await db.$transaction((tx) => issueToken(tx, resetter.userId, "PASSWORD_RESET"));
    await setPasswordWithToken(reset, "Nouveau#Mot2passe", "Nouveau#Mot2passe");
    expect(await waiting(resetter.userId)).toBe(0);

    const deactivated = await newUser();
    await db.$transaction((tx) => issueToken(tx, deactivated.userId, "PASSWORD_RESET"));
    await setUserActive(staff, deactivated.userId, false);
    expect(await waiting(deactivated.userId)).toBe(0);
  });
});
