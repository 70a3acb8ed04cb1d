// Issue 32, item 4 (SPEC §2 and §17): login throttling holds against parallel attempts, refuses an attempt before its
// not-before time without checking anything, and counts the failures in SQL instead of loading them.
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { db, setDb } from "@/lib/server/db";
import { now, setClock } from "@/lib/server/clock";
import { verifyPassword } from "@/lib/server/password";
import { verifyLogin } from "@/lib/server/login";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { freezeClockAt, insertCompany, insertUser, realClock } from "../integration/support/fixtures";

// The real argon2 verification, counted: how many passwords were checked.
vi.mock("@/lib/server/password", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@/lib/server/password")>();
  return { ...actual, verifyPassword: vi.fn(actual.verifyPassword) };
});
const passwordChecks = () => vi.mocked(verifyPassword).mock.calls.length;

const PASSWORD = "Soleil#2026";
const MINUTE_MS = 60_000;
const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const users: Record<"ana" | "ben" | "cyd" | "dan", string> = { ana: "E-0000000401", ben: "E-0000000402", cyd: "E-0000000403", dan: "E-0000000404" };
let slot = 0;

beforeAll(async () => {
  await insertCompany({ id: 20040, name: "Cible SAS" });
  for (const identifier of Object.values(users)) await insertUser({ identifier, companyId: 20040, password: PASSWORD });
});

beforeEach(() => {
  // Each test on its own day: no failure of one test is in another's windows.
  slot += 1;
  setClock(new Date(Date.UTC(2032, 0, 1, 9) + slot * 24 * 3600_000));
  vi.mocked(verifyPassword).mockClear();
});

afterEach(() => realClock());

describe("item 4: throttling races", () => {
  it("checks at most 5 of 20 parallel wrong passwords for one identifier from one address, then refuses the right one", async () => {
    const ip = "203.0.113.50";
    const results = await Promise.all(range(20).map((i) => verifyLogin(users.ana, `Mauvais#${i}`, ip)));
    expect(results).toEqual(range(20).map(() => ({ ok: false })));
    // Before the fix all 20 read "no failure yet" and all 20 passwords were checked.
    expect(passwordChecks()).toBeLessThanOrEqual(5);
    expect(await db.loginAttempt.count({ where: { identifier: users.ana, ip, success: false } })).toBe(20);

    expect(await verifyLogin(users.ana, PASSWORD, ip)).toEqual({ ok: false });
    // Still refused from that address once the identifier's delay (8 s at most) has passed: the pair is locked…
    setClock(new Date(now().getTime() + 9000));
    expect(await verifyLogin(users.ana, PASSWORD, ip)).toEqual({ ok: false });
    // …but the identifier is not: its owner gets in from another address.
    expect(await verifyLogin(users.ana, PASSWORD, "203.0.113.51")).toMatchObject({ ok: true });
  });

  it("checks at most 20 of 30 parallel attempts from one address on 30 identifiers", async () => {
    const ip = "203.0.113.60";
    const identifiers = range(30).map((i) => `E-00000005${String(i).padStart(2, "0")}`);
    const results = await Promise.all(identifiers.map((identifier) => verifyLogin(identifier, PASSWORD, ip)));
    expect(results.every((r) => !r.ok)).toBe(true);
    expect(passwordChecks()).toBeLessThanOrEqual(20);
    // The address is locked, for a real account with its right password too.
    expect(await verifyLogin(users.ben, PASSWORD, ip)).toEqual({ ok: false });
    expect(await verifyLogin(users.ben, PASSWORD, "203.0.113.61")).toMatchObject({ ok: true });
  });

  it("counts an IPv6 client by its /64: changing the last 64 bits does not escape the lock", async () => {
    const results = await Promise.all(range(6).map((i) => verifyLogin(users.dan, `Mauvais#${i}`, `2001:db8:1:2::${i + 1}`)));
    expect(results.every((r) => !r.ok)).toBe(true);
    expect(passwordChecks()).toBeLessThanOrEqual(5);
    setClock(new Date(now().getTime() + 9000));
    expect(await verifyLogin(users.dan, PASSWORD, "2001:db8:1:2:ffff::99")).toEqual({ ok: false });
    expect(await verifyLogin(users.dan, PASSWORD, "2001:db8:1:3::1")).toMatchObject({ ok: true });
  });

  it("refuses an attempt before the identifier's not-before time at once: the right password is not even checked", async () => {
    freezeClockAt(now());
    // 6 failures from 6 addresses, each after the delay the previous one set: the 6th sets 250 ms.
    for (const i of range(6)) {
      const gate = await db.throttleGate.findUnique({ where: { key: `login:id:${users.cyd}` } });
      if (gate) freezeClockAt(gate.notBefore);
      expect(await verifyLogin(users.cyd, "Mauvais#2026", `198.51.100.${70 + i}`)).toEqual({ ok: false });
    }
    const gate = await db.throttleGate.findUniqueOrThrow({ where: { key: `login:id:${users.cyd}` } });
    expect(gate.notBefore.getTime() - now().getTime()).toBe(250);
    const recorded = await db.loginAttempt.count();
    vi.mocked(verifyPassword).mockClear();

    // Before the fix this slept 250 ms, then checked the password and let the user in.
    expect(await verifyLogin(users.cyd, PASSWORD, "198.51.100.90")).toEqual({ ok: false });
    expect(passwordChecks()).toBe(0);
    expect(await db.loginAttempt.count()).toBe(recorded);

    freezeClockAt(gate.notBefore);
    expect(await verifyLogin(users.cyd, PASSWORD, "198.51.100.90")).toMatchObject({ ok: true });
    expect(passwordChecks()).toBe(1);
  });

  it("counts the failures in the database: no query returns them, however many there are", async () => {
    const ip = "192.0.2.80";
    const at = now().getTime();
    // Within the hour: 300 on the identifier from other addresses, 15 from the address on other identifiers.
    await db.loginAttempt.createMany({
      data: [
        ...range(300).map((i) => ({ identifier: users.dan, ip: `10.9.${i >> 8}.${i & 255}`, success: false, at: new Date(at - 50 * MINUTE_MS + i * 1000) })),
        ...range(15).map((i) => ({ identifier: `E-00000006${String(i).padStart(2, "0")}`, ip, success: false, at: new Date(at - 10 * MINUTE_MS + i * 1000) })),
      ],
    });

    const holder = globalThis as unknown as { __myopenipDb: PrismaClient };
    const client = holder.__myopenipDb;
    const queries: { model?: string; operation: string; rows: number }[] = [];
    const observed = client.$extends({
      query: {
        async $allOperations({ model, operation, args, query }) {
          const result = await query(args);
          queries.push({ model, operation, rows: Array.isArray(result) ? result.length : 1 });
          return result;
        },
      },
    });
    setDb(observed as unknown as PrismaClient);
    try {
      expect(await verifyLogin(users.dan, "Mauvais#2026", ip)).toEqual({ ok: false });
      setClock(new Date(now().getTime() + 9000));
      expect(await verifyLogin(users.dan, PASSWORD, ip)).toMatchObject({ ok: true });
    } finally {
      setDb(client);
    }
    // Before the fix, a findMany loaded every failure of the hour on the identifier or the address (316 rows).
    expect(queries.filter((q) => q.model === "LoginAttempt").map((q) => q.operation).sort()).toEqual(["create", "create", "update"]);
    expect(queries.some((q) => q.operation === "$queryRaw")).toBe(true);
    expect(Math.max(...queries.map((q) => q.rows))).toBeLessThanOrEqual(3);
  });
});
