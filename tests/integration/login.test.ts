// SPEC §2, *Login*: one generic refusal, and throttling kept in the database.
// Past failures are inserted straight into LoginAttempt to set the stage, then verifyLogin runs once or
// twice; each test runs at its own instant (setClock) so their windows never overlap. The races and the
// refusal before a not-before time are proved in tests/security/04-login-throttle.test.ts.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/server/authz";
import { db } from "@/lib/server/db";
import { now, setClock } from "@/lib/server/clock";
import { verifyLogin } from "@/lib/server/login";
import { setCompanyActive } from "@/lib/server/companies";
import { createStaffActor, freezeClockAt, insertCompany, insertUser, realClock, useSmtpSink } from "./support/fixtures";

const smtp = useSmtpSink(2602);
const PASSWORD = "Soleil#2026";
const MINUTE_MS = 60_000;
const ALERT_SUBJECT = /tentatives de connexion inhabituelles/;

let staff: Actor;
const users: Record<string, { id: number; identifier: string; email: string }> = {};
let slot = 0;

beforeAll(async () => {
  staff = await createStaffActor();
  await insertCompany({ id: 20010, name: "Active SARL" });
  await insertCompany({ id: 20011, name: "Bientôt Désactivée SAS" });
  const seeds: [string, string, number, { password?: string; active?: boolean }][] = [
    ["alice", "E-0000000101", 20010, { password: PASSWORD }],
    ["nopass", "E-0000000102", 20010, {}],
    ["inactive", "E-0000000103", 20010, { password: PASSWORD, active: false }],
    ["bob", "E-0000000104", 20011, { password: PASSWORD }],
    ["carol", "E-0000000105", 20010, { password: PASSWORD }],
    ["dave", "E-0000000106", 20010, { password: PASSWORD }],
    ["erin", "E-0000000107", 20010, { password: PASSWORD }],
    ["frank", "E-0000000108", 20010, { password: PASSWORD }],
  ];
  for (const [key, identifier, companyId, options] of seeds) {
    const user = await insertUser({ identifier, companyId, email: `${key}@example.test`, ...options });
    users[key] = { id: user.id, identifier, email: user.email };
  }
});

beforeEach(() => {
  // Each test at its own day: no failure of one test is in another's windows.
  slot += 1;
  setClock(new Date(Date.UTC(2031, 0, 1, 9) + slot * 24 * 3600_000));
});

afterEach(() => realClock());

/** Failures that happened `minutesAgo` before now, written as verifyLogin writes them. */
async function pastFailures(entries: { identifier: string; ip: string; minutesAgo: number }[]) {
  const at = now().getTime();
  await db.loginAttempt.createMany({
    data: entries.map((e) => ({ identifier: e.identifier, ip: e.ip, success: false, at: new Date(at - e.minutesAgo * MINUTE_MS) })),
  });
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const moveClock = (minutes: number) => setClock(new Date(now().getTime() + minutes * MINUTE_MS));
/** Stops the clock where it is, or moves the stopped clock by `ms`. */
const stepClock = (ms = 0) => freezeClockAt(new Date(now().getTime() + ms));
/** The identifier's not-before time, in ms after the stopped clock (null: no gate). */
async function identifierGateIn(identifier: string): Promise<number | null> {
  const gate = await db.throttleGate.findUnique({ where: { key: `login:id:${identifier}` } });
  return gate ? gate.notBefore.getTime() - now().getTime() : null;
}

describe("verifyLogin", () => {
  it("accepts the right password, with the identifier trimmed and in lower case", async () => {
    const alice = users.alice;
    const result = await verifyLogin(alice.identifier, PASSWORD, "203.0.113.1");
    expect(result).toEqual({ ok: true, userId: alice.id });
    expect(await verifyLogin(`  ${alice.identifier.toLowerCase()} `, PASSWORD, "203.0.113.1")).toMatchObject({ ok: true, userId: alice.id });

    const attempts = await db.loginAttempt.findMany({ where: { ip: "203.0.113.1" } });
    expect(attempts).toHaveLength(2);
    for (const attempt of attempts) expect(attempt).toMatchObject({ identifier: alice.identifier, success: true });
    const lastLoginAt = (await db.user.findUniqueOrThrow({ where: { id: alice.id } })).lastLoginAt;
    expect(Math.abs(lastLoginAt!.getTime() - now().getTime())).toBeLessThan(60_000);
  });

  it("gives one generic refusal for a wrong password, an unknown identifier, no password or a deactivated user", async () => {
    const cases: [string, string][] = [
      [users.alice.identifier, "Mauvais#2026"],
      [users.alice.identifier, ""],
      ["E-0000999999", PASSWORD],
      ["pas-un-identifiant", PASSWORD],
      [users.nopass.identifier, PASSWORD],
      [users.nopass.identifier, ""],
      [users.inactive.identifier, PASSWORD],
    ];
    for (const [i, [identifier, password]] of cases.entries()) {
      expect(await verifyLogin(identifier, password, `203.0.113.${10 + i}`)).toEqual({ ok: false });
    }
    expect(await db.loginAttempt.count({ where: { success: false, ip: { startsWith: "203.0.113." } } })).toBe(cases.length);
    expect(await db.loginAttempt.count({ where: { success: true, identifier: { in: [users.nopass.identifier, users.inactive.identifier] } } })).toBe(0);
  });

  it("refuses the users of a deactivated company until it is reactivated", async () => {
    const bob = users.bob;
    expect(await verifyLogin(bob.identifier, PASSWORD, "203.0.113.30")).toMatchObject({ ok: true });
    await setCompanyActive(staff, 20011, false);
    expect(await verifyLogin(bob.identifier, PASSWORD, "203.0.113.31")).toEqual({ ok: false });
    await setCompanyActive(staff, 20011, true);
    expect(await verifyLogin(bob.identifier, PASSWORD, "203.0.113.32")).toMatchObject({ ok: true, userId: bob.id });
  });
});

describe("throttling", () => {
  it("locks an identifier from one address after 5 failures in 15 minutes, for 15 minutes", async () => {
    const { identifier } = users.carol;
    // 4 failures are not enough…
    await pastFailures(range(4).map((i) => ({ identifier, ip: "198.51.100.1", minutesAgo: 4 - i })));
    expect(await verifyLogin(identifier, PASSWORD, "198.51.100.1")).toMatchObject({ ok: true });
    // …the 5th (recorded by verifyLogin itself) locks the pair, even for the right password…
    expect(await verifyLogin(identifier, "Mauvais#2026", "198.51.100.1")).toEqual({ ok: false });
    expect(await verifyLogin(identifier, PASSWORD, "198.51.100.1")).toEqual({ ok: false });
    // …but not the identifier from another address.
    expect(await verifyLogin(identifier, PASSWORD, "198.51.100.2")).toMatchObject({ ok: true });
  });

  it("keeps the pair locked 15 minutes after the 5th failure, then lets it in", async () => {
    const { identifier } = users.carol;
    // Two addresses with the same history: 5 failures, the last one now.
    for (const ip of ["198.51.100.3", "198.51.100.4"]) {
      await pastFailures(range(4).map((i) => ({ identifier, ip, minutesAgo: 4 - i })));
      expect(await verifyLogin(identifier, "Mauvais#2026", ip)).toEqual({ ok: false });
    }
    moveClock(14);
    expect(await verifyLogin(identifier, PASSWORD, "198.51.100.3")).toEqual({ ok: false });
    moveClock(2);
    expect(await verifyLogin(identifier, PASSWORD, "198.51.100.4")).toMatchObject({ ok: true });
    // Failures older than the window do not lock: 5 spread over more than 15 minutes.
    await pastFailures(range(5).map((i) => ({ identifier, ip: "198.51.100.5", minutesAgo: 1 + 4 * i })));
    expect(await verifyLogin(identifier, PASSWORD, "198.51.100.5")).toMatchObject({ ok: true });
  });

  it("locks an address after 20 failures in 15 minutes on any identifiers, for any identifier", async () => {
    const ip = "198.51.100.20";
    const identifiers = range(20).map((i) => `E-00000002${String(i).padStart(2, "0")}`);
    await pastFailures(identifiers.slice(0, 19).map((identifier, i) => ({ identifier, ip, minutesAgo: 10 - i * 0.5 })));
    expect(await verifyLogin(users.dave.identifier, PASSWORD, ip)).toMatchObject({ ok: true });
    await pastFailures([{ identifier: identifiers[19], ip, minutesAgo: 0 }]);
    expect(await verifyLogin(users.dave.identifier, PASSWORD, ip)).toEqual({ ok: false });
    expect(await verifyLogin(users.alice.identifier, PASSWORD, ip)).toEqual({ ok: false });
    expect(await verifyLogin(users.dave.identifier, PASSWORD, "198.51.100.21")).toMatchObject({ ok: true });
    moveClock(16);
    expect(await verifyLogin(users.dave.identifier, PASSWORD, ip)).toMatchObject({ ok: true });
  });

  it("refuses at once, and records nothing, while a not-before time runs", async () => {
    const { identifier } = users.carol;
    const ip = "198.51.100.40";
    await pastFailures(range(4).map((i) => ({ identifier, ip, minutesAgo: 4 - i })));
    expect(await verifyLogin(identifier, "Mauvais#2026", ip)).toEqual({ ok: false }); // the 5th: the pair is locked
    const lock = await db.throttleGate.findUniqueOrThrow({ where: { key: `login:pair:${identifier}|${ip}` } });
    expect(lock.notBefore.getTime() - now().getTime()).toBeGreaterThan(14 * MINUTE_MS);
    const recorded = await db.loginAttempt.count({ where: { identifier } });
    for (const password of [PASSWORD, "Mauvais#2026", PASSWORD]) expect(await verifyLogin(identifier, password, ip)).toEqual({ ok: false });
    expect(await db.loginAttempt.count({ where: { identifier } })).toBe(recorded);
    // Refused attempts do not move the lock: it ends 15 minutes after the 5th failure.
    expect(await db.throttleGate.findUniqueOrThrow({ where: { key: lock.key } })).toEqual(lock);
    setClock(lock.notBefore);
    expect(await verifyLogin(identifier, PASSWORD, ip)).toMatchObject({ ok: true });
  });

  it("delays an identifier tried from many addresses with a not-before time that doubles, without locking it", async () => {
    const { identifier } = users.frank;
    stepClock();
    await pastFailures(range(5).map((i) => ({ identifier, ip: `192.0.2.${100 + i}`, minutesAgo: 30 - i })));
    expect(await verifyLogin(identifier, PASSWORD, "192.0.2.200")).toMatchObject({ ok: true });
    expect(await identifierGateIn(identifier)).toBeNull(); // 5 failures in the hour: no delay yet

    // From the 6th failure in the hour: 250 ms, doubling with each failure.
    const waits: number[] = [];
    for (const i of range(4)) {
      expect(await verifyLogin(identifier, "Mauvais#2026", `192.0.2.${110 + i}`)).toEqual({ ok: false });
      const wait = (await identifierGateIn(identifier))!;
      waits.push(wait);
      // Earlier than it, even the right password from a new address is refused; at it, the password is checked.
      expect(await verifyLogin(identifier, PASSWORD, `192.0.2.${120 + i}`)).toEqual({ ok: false });
      stepClock(wait);
    }
    expect(waits).toEqual([250, 500, 1000, 2000]);
    expect(await verifyLogin(identifier, PASSWORD, "192.0.2.130")).toMatchObject({ ok: true });

    // Failures older than an hour no longer count: the next failure sets no delay.
    stepClock(61 * MINUTE_MS);
    expect(await verifyLogin(identifier, "Mauvais#2026", "192.0.2.131")).toEqual({ ok: false });
    expect(await identifierGateIn(identifier)).toBeLessThan(0);
    expect(await verifyLogin(identifier, PASSWORD, "192.0.2.132")).toMatchObject({ ok: true });
  });

  it("mails the user once when the 51st failure on its identifier within an hour happens", async () => {
    const erin = users.erin;
    stepClock();
    await pastFailures(range(49).map((i) => ({ identifier: erin.identifier, ip: `10.1.${i}.1`, minutesAgo: 55 - i })));
    const alerts = () => smtp().mails.filter((m) => m.to.includes(erin.email) && ALERT_SUBJECT.test(m.subject));
    /** A failure once the identifier's delay has passed, and the delay it then sets. */
    const failAfterDelay = async (password: string, ip: string, typed = erin.identifier) => {
      stepClock(Math.max(0, (await identifierGateIn(erin.identifier)) ?? 0));
      expect(await verifyLogin(typed, password, ip)).toEqual({ ok: false });
      return identifierGateIn(erin.identifier);
    };

    expect(await failAfterDelay("Mauvais#1", "10.2.0.1")).toBe(8000); // 50th
    expect(alerts()).toHaveLength(0);
    expect(await failAfterDelay("Mauvais#2", "10.2.0.2")).toBe(8000); // 51st
    expect(alerts()).toHaveLength(1);
    expect(await failAfterDelay("Mauvais#3", "10.2.0.3")).toBe(8000); // 52nd
    expect(await failAfterDelay("Mauvais#4", "10.2.0.4", "  " + erin.identifier.toLowerCase())).toBe(8000);

    const sent = alerts();
    expect(sent).toHaveLength(1);
    expect(sent[0].text).toContain(erin.identifier);
    expect(sent[0].text).toContain("Plus de 50 tentatives de connexion ont échoué");
    expect(await db.outgoingEmail.count({ where: { to: erin.email, kind: "login-alert" } })).toBe(1);
    // Still no lockout of the identifier: the right password from a new address gets in once the delay has passed.
    stepClock(8000);
    expect(await verifyLogin(erin.identifier, PASSWORD, "10.2.0.5")).toMatchObject({ ok: true, userId: erin.id });
    expect(alerts()).toHaveLength(1);
  });
});
