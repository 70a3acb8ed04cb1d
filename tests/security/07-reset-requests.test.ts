// Issue 32, item 7 (SPEC §2, *Forgotten password*): reset requests are throttled per identifier and per address, and
// the answer is the same text, after the same work, whether the account exists or not. That the email really goes
// after the HTTP response is proved on a running server by 07-reset-requests.spec.ts.
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { db, setDb } from "@/lib/server/db";
import { now } from "@/lib/server/clock";
import { RESET_REQUEST_ANSWER, requestPasswordReset } from "@/lib/server/password-reset-requests";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { freezeClockAt, insertCompany, insertUser, realClock, useSmtpSink } from "../integration/support/fixtures";

const smtp = useSmtpSink(2617);
const RESET_SUBJECT = /réinitialisation du mot de passe/;
const PASSWORD = "Soleil#2026";
const HOUR_MS = 3600_000;
const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const identifierOf = (n: number) => `E-00000007${String(n).padStart(2, "0")}`;
let day = 0;

beforeAll(async () => {
  await insertCompany({ id: 20070, name: "Oubli SARL" });
  await insertCompany({ id: 20071, name: "Fermée SAS", active: false });
  for (const n of range(20)) await insertUser({ identifier: identifierOf(n), companyId: 20070, password: PASSWORD });
  await insertUser({ identifier: "E-0000000790", companyId: 20070 }); // no password yet
  await insertUser({ identifier: "E-0000000791", companyId: 20070, password: PASSWORD, active: false });
  await insertUser({ identifier: "E-0000000792", companyId: 20071, password: PASSWORD });
});

/** A new day for each test, clock stopped: no request of one test is in another's hour. */
function startOfTest() {
  day += 1;
  freezeClockAt(new Date(Date.UTC(2033, 0, 1, 9) + day * 24 * HOUR_MS));
}

afterEach(() => realClock());

const resetMailsTo = (identifier: string) => smtp().mails.filter((m) => m.to.includes(`${identifier.toLowerCase()}@example.test`) && RESET_SUBJECT.test(m.subject));
async function resetTokens(identifier: string) {
  const user = await db.user.findUniqueOrThrow({ where: { identifier } });
  const tokens = await db.userToken.findMany({ where: { userId: user.id, purpose: "PASSWORD_RESET" } });
  return { all: tokens.length, usable: tokens.filter((t) => !t.supersededAt && !t.usedAt).length };
}

describe("item 7: password-reset requests", () => {
  it("does nothing on the 4th request for one identifier within an hour, from any addresses", async () => {
    startOfTest();
    const identifier = identifierOf(0);
    for (const i of range(3)) {
      expect(await requestPasswordReset(identifier, { ip: `198.51.100.${i + 1}` })).toBe(RESET_REQUEST_ANSWER);
      freezeClockAt(new Date(now().getTime() + 10 * 60_000));
    }
    expect(resetMailsTo(identifier)).toHaveLength(3);
    // Each link superseded the one before: one usable link.
    expect(await resetTokens(identifier)).toEqual({ all: 3, usable: 1 });

    // Before the fix, every request replaced the user's link and sent a new mail.
    expect(await requestPasswordReset(identifier.toLowerCase(), { ip: "198.51.100.4" })).toBe(RESET_REQUEST_ANSWER);
    expect(resetMailsTo(identifier)).toHaveLength(3);
    expect(await resetTokens(identifier)).toEqual({ all: 3, usable: 1 });

    // A throttled request is not kept: it neither extends the block nor counts against anyone. An hour after the
    // first request, two remain in the hour and a request goes through again.
    expect(await db.resetRequest.count({ where: { identifier } })).toBe(3);
    freezeClockAt(new Date(now().getTime() + 31 * 60_000));
    await requestPasswordReset(identifier, { ip: "198.51.100.5" });
    expect(resetMailsTo(identifier)).toHaveLength(4);
    expect(await resetTokens(identifier)).toEqual({ all: 4, usable: 1 });
  });

  it("stops the requests from one address over many identifiers after the 10th within an hour", async () => {
    startOfTest();
    const ip = "203.0.113.70";
    const identifiers = range(14).map((n) => identifierOf(n + 1));
    for (const identifier of identifiers) expect(await requestPasswordReset(identifier, { ip })).toBe(RESET_REQUEST_ANSWER);
    // Before the fix, all 14 users got a mail and a new link.
    expect(identifiers.map((identifier) => resetMailsTo(identifier).length)).toEqual([...range(10).map(() => 1), 0, 0, 0, 0]);
    expect(await db.userToken.count({ where: { purpose: "PASSWORD_RESET", user: { identifier: { in: identifiers.slice(10) } } } })).toBe(0);
    // Other addresses are not concerned.
    await requestPasswordReset(identifiers[12], { ip: "203.0.113.71" });
    expect(resetMailsTo(identifiers[12])).toHaveLength(1);
  });

  it("answers the same, after the same work, whether the account exists or not; the lookup and the email come after", async () => {
    startOfTest();
    const cases = [identifierOf(15), "E-0000999999", "E-0000000790", "E-0000000791", "E-0000000792", "n'importe quoi"];
    const holder = globalThis as unknown as { __myopenipDb: PrismaClient };
    const client = holder.__myopenipDb;
    let operations: string[] = [];
    const observed = client.$extends({
      query: {
        async $allOperations({ model, operation, args, query }) {
          operations.push(`${model ?? ""}.${operation}`);
          return query(args);
        },
      },
    });
    const deferred: (() => Promise<void>)[] = [];
    const before: { answer: string; operations: string[] }[] = [];
    setDb(observed as unknown as PrismaClient);
    try {
      for (const [i, identifier] of cases.entries()) {
        operations = [];
        const answer = await requestPasswordReset(identifier, { ip: `192.0.2.${70 + i}`, afterAnswer: (work) => void deferred.push(work) });
        before.push({ answer, operations });
      }
    } finally {
      setDb(client);
    }
    // Before the fix the function looked the user up, issued the token and sent the mail before answering, for an
    // existing account only.
    for (const answer of before) expect(answer).toEqual({ answer: RESET_REQUEST_ANSWER, operations: ["ResetRequest.create", ".$queryRaw"] });
    expect(await db.userToken.count({ where: { purpose: "PASSWORD_RESET", user: { identifier: identifierOf(15) } } })).toBe(0);
    expect(resetMailsTo(identifierOf(15))).toHaveLength(0);

    // After the answer: the link goes to the active user with a password, and to nobody else.
    const mails = smtp().mails.length;
    for (const work of deferred) await work();
    expect(resetMailsTo(identifierOf(15))).toHaveLength(1);
    expect(smtp().mails.length).toBe(mails + 1);
    expect(await resetTokens(identifierOf(15))).toEqual({ all: 1, usable: 1 });
    expect(await db.userToken.count({ where: { purpose: "PASSWORD_RESET", user: { identifier: { in: cases.slice(1) } } } })).toBe(0);
  });
});
