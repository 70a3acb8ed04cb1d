// The getting_paid migration on a database of the version before it (SPEC §13): an invoice marked *Payée*, and a
// paid invoice under an open contestation, become paid by a payment of their total on their due date; an unpaid
// one stays unpaid; the contestation states lose *Payée*. Run on a PGlite of its own, migrations applied as SQL.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { describe, expect, it } from "vitest";

const dir = path.join("prisma", "migrations");

describe("the getting_paid migration", () => {
  it("turns the old Payée into payments, keeps what was paid under a contestation, leaves the unpaid unpaid", async () => {
    const folders = (await readdir(dir)).filter((f) => /^\d{14}_/.test(f)).sort();
    const target = folders.findIndex((f) => f.endsWith("_getting_paid"));
    expect(target).toBeGreaterThan(0);
    const pg = new PGlite();
    for (const folder of folders.slice(0, target)) await pg.exec(await readFile(path.join(dir, folder, "migration.sql"), "utf8"));

    await pg.exec(`
      INSERT INTO "Company" ("id", "name", "nameKey", "legalForm", "siret", "createdOn") VALUES (44660, 'Cabinet', 'cabinet', 'SAS', '55800446600017', '2019-03-18');
      INSERT INTO "User" ("id", "identifier", "name", "email", "companyId", "role") VALUES (1, 'E-0000000004', 'Claire', 'c@example.test', 44660, 'ADMINISTRATEUR');
      INSERT INTO "BillingAccount" ("id", "ref", "name", "ownerCompanyId") VALUES (1, 'CC44660', 'Cabinet', 44660);
      INSERT INTO "Invoice" ("id", "number", "billingAccountId", "issuedOn", "dueOn", "periodStart", "periodEnd", "totalHtCents", "vatCents", "totalTtcCents", "mandateRef", "issuedAt", "state") VALUES
        (1, 'F00000001', 1, '2026-01-01', '2026-01-01', '2026-01-01', '2026-01-31', 10000, 2000, 12000, 'RUM-1', now(), 'PAYEE'),
        (2, 'F00000002', 1, '2026-02-01', '2026-02-01', '2026-02-01', '2026-02-28', 10000, 2000, 12000, NULL, now(), 'CONTESTEE'),
        (3, 'F00000003', 1, '2026-03-01', '2026-03-01', '2026-03-01', '2026-03-31', 10000, 2000, 12000, NULL, now(), 'EMISE'),
        (4, 'F00000004', 1, '2026-04-01', '2026-04-01', '2026-04-01', '2026-04-30', 10000, 2000, 12000, NULL, now(), 'CONTESTEE');
      INSERT INTO "Contestation" ("invoiceId", "companyId", "requestedById", "reason", "requestedAt", "state", "invoiceStateBefore") VALUES
        (2, 44660, 1, 'Montant', now(), 'OUVERTE', 'PAYEE'),
        (4, 44660, 1, 'Montant', now(), 'OUVERTE', 'EMISE');
    `);
    await pg.exec(await readFile(path.join(dir, folders[target], "migration.sql"), "utf8"));

    const invoices = await pg.query<{ number: string; state: string; paidCents: string; paidOn: Date | null; emailedAt: Date | null }>(
      `SELECT "number", "state"::text, "paidCents"::text, "paidOn", "emailedAt" FROM "Invoice" ORDER BY "id"`,
    );
    expect(invoices.rows.map((i) => [i.number, i.state, i.paidCents, i.paidOn?.toISOString().slice(0, 10) ?? null])).toEqual([
      ["F00000001", "EMISE", "12000", "2026-01-01"],
      ["F00000002", "CONTESTEE", "12000", "2026-02-01"],
      ["F00000003", "EMISE", "0", null],
      ["F00000004", "CONTESTEE", "0", null],
    ]);
    expect(invoices.rows.every((i) => i.emailedAt !== null)).toBe(true);
    const payments = await pg.query<{ invoiceId: number; kind: string; amountCents: string }>(`SELECT "invoiceId", "kind"::text, "amountCents"::text FROM "Payment" ORDER BY "invoiceId"`);
    expect(payments.rows).toEqual([
      { invoiceId: 1, kind: "PRELEVEMENT", amountCents: "12000" },
      { invoiceId: 2, kind: "VIREMENT", amountCents: "12000" },
    ]);
    const before = await pg.query<{ s: string }>(`SELECT "invoiceStateBefore"::text AS s FROM "Contestation" ORDER BY "invoiceId"`);
    expect(before.rows.map((r) => r.s)).toEqual(["EMISE", "EMISE"]);
    await pg.close();
  });
});
