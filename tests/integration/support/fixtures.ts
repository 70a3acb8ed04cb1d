// Small builders shared by the integration tests: rows inserted directly, and Actor objects built by
// hand (lib/server/authz.ts imports next-auth, so tests never import it at runtime).
import { searchKey } from "@/lib/domain/search-key";
import { afterAll, beforeAll, vi } from "vitest";
import type { Actor } from "@/lib/server/authz";
import type { StaffRole, Universe } from "@/lib/generated/prisma/client";
import { db } from "@/lib/server/db";
import { hashPassword } from "@/lib/server/password";
import { setClock } from "@/lib/server/clock";
import { demoSiret } from "@/prisma/demo-world";
import { startSmtpSink, linkIn, type CapturedMail, type SmtpSink } from "../../support/smtp-sink";

export async function insertCompany(c: { id: number; name?: string; universes?: Universe[]; parentId?: number; isOperator?: boolean; active?: boolean }) {
  const name = c.name ?? `Société ${c.id}`;
  return db.company.create({
    data: {
      id: c.id,
      name,
      nameKey: searchKey(name),
      legalForm: "SAS",
      siret: demoSiret(c.id),
      createdOn: new Date("2020-01-01T00:00:00Z"),
      universes: c.universes ?? (c.isOperator ? [] : ["CLIENT"]),
      parentId: c.parentId ?? null,
      isOperator: c.isOperator ?? false,
      active: c.active ?? true,
    },
  });
}

/** One argon2id hash per distinct test password (hashing is deliberately slow). */
const hashes = new Map<string, Promise<string>>();
const hashOnce = (password: string) => {
  if (!hashes.has(password)) hashes.set(password, hashPassword(password));
  return hashes.get(password)!;
};

export async function insertUser(u: { identifier: string; companyId: number; name?: string; email?: string; password?: string; staffRole?: StaffRole; active?: boolean }) {
  return db.user.create({
    data: {
      identifier: u.identifier,
      companyId: u.companyId,
      name: u.name ?? `Utilisateur ${u.identifier}`,
      email: u.email ?? `${u.identifier.toLowerCase()}@example.test`,
      passwordHash: u.password ? await hashOnce(u.password) : null,
      staffRole: u.staffRole ?? null,
      role: "ADMINISTRATEUR",
      active: u.active ?? true,
    },
  });
}

/** The Actor the app would build for `userId` (the shape of lib/server/authz.ts getActor). */
export async function actorFor(userId: number): Promise<Actor> {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, include: { company: true } });
  const universes = user.company.universes;
  return {
    userId: user.id,
    identifier: user.identifier,
    name: user.name,
    email: user.email,
    role: user.role,
    staffRole: user.staffRole,
    company: { id: user.company.id, name: user.company.name, universes, isOperator: user.company.isOperator, billingMode: user.company.billingMode },
    universe: universes.length === 1 ? universes[0] : null,
    pendingTermsId: null,
  };
}

/** The operator company (10000) and a support staff member of it, outside the `user` counter's range. */
export async function createStaffActor(identifier = "E-0000009001"): Promise<Actor> {
  const operator = (await db.company.findUnique({ where: { id: 10000 } })) ?? (await insertCompany({ id: 10000, name: "OpenIP", isOperator: true }));
  const staff = await insertUser({ identifier, companyId: operator.id, name: "Support OpenIP", staffRole: "SUPPORT" });
  return actorFor(staff.id);
}

/**
 * A real SMTP server for this test file, and lib/server/mail.ts pointed at it (its transport is cached
 * on globalThis, so it is dropped before the first send). One port per test file.
 */
export function useSmtpSink(port: number): () => SmtpSink {
  let sink: SmtpSink | undefined;
  const holder = globalThis as unknown as { __myopenipMailer?: { close?: () => void } | null };
  beforeAll(async () => {
    sink = await startSmtpSink(port);
    process.env.SMTP_URL = `smtp://127.0.0.1:${port}`;
    holder.__myopenipMailer = undefined;
  });
  afterAll(async () => {
    holder.__myopenipMailer?.close?.();
    holder.__myopenipMailer = undefined;
    delete process.env.SMTP_URL;
    await sink?.close();
  });
  return () => {
    if (!sink) throw new Error("SMTP sink not started");
    return sink;
  };
}

/** The raw token at the end of a mailed `/premiere-connexion/<token>` link. */
export function tokenIn(mail: CapturedMail): string {
  const match = /\/premiere-connexion\/([A-Za-z0-9_-]+)$/.exec(linkIn(mail));
  if (!match) throw new Error(`no password link in mail: ${mail.text}`);
  return match[1];
}

/** What `promise` rejects with (fails the test when it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection, but the promise resolved");
}

/**
 * Stops time at `instant`: lib/server/clock.ts's now() returns exactly it until the next call (only
 * `Date` is faked; timers keep running), so boundaries can be tested to the millisecond.
 */
export function freezeClockAt(instant: Date) {
  vi.useFakeTimers({ toFake: ["Date"] });
  setClock(instant);
}

/** Back to the real, running clock. */
export function realClock() {
  vi.useRealTimers();
  setClock(null);
}
