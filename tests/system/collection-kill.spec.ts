// The collection run killed (issue 33: "killed and restarted, no invoice in two files, none missed"): on a database of
// its own, `npm run jobs -- collect-direct-debits` is killed with SIGKILL while it stores its pain.008 file, then run
// again; each due invoice is then in exactly one direct debit, each stored file passes the validator the run uses
// (ISO 20022 XSD and EPC rules), and no file lists an invoice twice.
import { test, expect } from "@playwright/test";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import pg from "pg";
import { addDays, addMonths, format, startOfMonth } from "date-fns";
import { DATABASE_URL, jobCount, runScript, sql, startJob, waitUntil } from "./cluster";
import { collectionDate, fileDeadline } from "@/lib/domain/collections";

const COLLECT_DB = Object.assign(new URL(DATABASE_URL), { pathname: "/myopenip_system_collect" }).toString();
const ADMIN_DB = Object.assign(new URL(DATABASE_URL), { pathname: "/postgres" }).toString();
const run = promisify(execFile);
const query = <T extends Record<string, unknown>>(text: string, params: unknown[] = []) => sql<T>(text, params, COLLECT_DB);

/** Enough debits that storing the file outlasts the poll that catches it: about 3.5 s from its row to the commit here. */
const ACCOUNTS = 5000;
// Issued after the demo's last month (mandates used a month before), as scripts/bench-payments.ts prepares them.
const ISSUED_ON = format(addDays(startOfMonth(addMonths(new Date(), 2)), 2), "yyyy-MM-dd");
const COLLECTED_ON = collectionDate(ISSUED_ON);
const AS_OF = fileDeadline(COLLECTED_ON);

/** What the run has to collect as of AS_OF: announced invoices of collection dates up to COLLECTED_ON, not presented yet. */
const dueInvoices = () =>
  query<{ id: number; number: string }>(
    `SELECT i."id", i."number" FROM "Invoice" i
     WHERE i."debit" = 'PROGRAMME' AND i."collectionOn" <= $1::date AND NOT EXISTS (SELECT 1 FROM "DirectDebit" d WHERE d."invoiceId" = i."id")
     ORDER BY i."id"`,
    [COLLECTED_ON],
  );

/** `ACCOUNTS` accounts paying by direct debit with an active mandate, each with one invoice announced for COLLECTED_ON. */
async function addInvoicesToCollect(): Promise<number[]> {
  const client = new pg.Client({ connectionString: COLLECT_DB });
  await client.connect();
  try {
    await client.query("BEGIN");
    const accounts = await client.query<{ id: number }>(
      `INSERT INTO "BillingAccount" ("ref", "name", "ownerCompanyId", "invoiceEmails", "paymentMethod")
       SELECT 'KILL-' || n, 'Compte prélevé ' || n, 44000, ARRAY[]::text[], 'PRELEVEMENT_SEPA' FROM generate_series(1, $1::int) AS n RETURNING "id"`,
      [ACCOUNTS],
    );
    const ids = accounts.rows.map((r) => r.id);
    await client.query(
      `INSERT INTO "SepaMandate" ("billingAccountId", "rum", "debtorName", "iban", "bic", "signedOn", "lastCollectionOn")
       SELECT a, 'KILL-RUM-' || a, 'Débiteur ' || a, 'FR7630006000011234567890189', 'AGRIFRPPXXX', $2::date - 400, $2::date - 30 FROM unnest($1::int[]) AS a`,
      [ids, ISSUED_ON],
    );
    // Numbered from the invoice counter, as the billing run numbers them.
    const counter = await client.query<{ value: number }>(`UPDATE "Counter" SET "value" = "value" + $1 WHERE "name" = 'invoice' RETURNING "value"`, [ACCOUNTS]);
    const first = Number(counter.rows[0].value) - ACCOUNTS + 1;
    const invoices = await client.query<{ id: number }>(
      `INSERT INTO "Invoice" ("number", "billingAccountId", "issuedOn", "dueOn", "collectionOn", "debit", "periodStart", "periodEnd", "totalHtCents", "vatCents", "totalTtcCents", "mandateRef", "issuedAt")
       SELECT 'F' || lpad((($3::int) + o - 1)::text, 8, '0'), a, $2::date, $4::date, $4::date, 'PROGRAMME', $2::date, $2::date,
         10000 + a % 5000, 2000 + (a % 5000) / 5, 12000 + (a % 5000) * 6 / 5, 'KILL-RUM-' || a, now()
       FROM unnest($1::int[]) WITH ORDINALITY AS t(a, o) RETURNING "id"`,
      [ids, ISSUED_ON, first, COLLECTED_ON],
    );
    await client.query("COMMIT");
    await client.query(`ANALYZE "Invoice", "SepaMandate", "BillingAccount"`);
    return invoices.rows.map((r) => r.id);
  } finally {
    await client.end();
  }
}

/** The run's transaction has inserted its file row (RowExclusiveLock on the table), not committed yet. */
const storingItsFile = async () =>
  (await query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_locks l
     WHERE l."database" = (SELECT oid FROM pg_database WHERE datname = current_database()) AND l.relation = '"DirectDebitFile"'::regclass
       AND l.mode = 'RowExclusiveLock' AND l.granted AND l.pid <> pg_backend_pid()`,
  ))[0].n > 0;

test.beforeAll(async () => {
  test.setTimeout(300_000);
  await run("psql", [ADMIN_DB, "-qc", "DROP DATABASE IF EXISTS myopenip_system_collect WITH (FORCE)"]);
  runScript("scripts/migrate.ts", [], { DATABASE_URL: COLLECT_DB });
  runScript("prisma/seed.ts", [], { DATABASE_URL: COLLECT_DB });
});

test.afterAll(async () => {
  await run("psql", [ADMIN_DB, "-qc", "DROP DATABASE IF EXISTS myopenip_system_collect WITH (FORCE)"]);
});

test("the collection run killed with SIGKILL while storing its file, then run again, collects every due invoice once", async () => {
  const mine = await addInvoicesToCollect();
  const due = await dueInvoices();
  expect(due.map((i) => i.id)).toEqual(expect.arrayContaining(mine));
  const stored = async () =>
    (await query<{ files: number; lastFile: number; debits: number; counter: number | null }>(
      `SELECT (SELECT count(*) FROM "DirectDebitFile")::int AS files, (SELECT coalesce(max("id"), 0) FROM "DirectDebitFile")::int AS "lastFile",
              (SELECT count(*) FROM "DirectDebit")::int AS debits, (SELECT "value" FROM "Counter" WHERE "name" = 'direct_debit_file')::int AS counter`,
    ))[0];
  const before = await stored();

  const killedRun = startJob("collect-direct-debits", AS_OF, COLLECT_DB);
  await waitUntil("the run storing its file", storingItsFile, 120_000, 10);
  expect((await killedRun.kill()).signal).toBe("SIGKILL");
  // One transaction: the file row it had written is gone with the kill, and so is its number; nothing was presented.
  expect(await stored(), "the run had committed before the kill").toEqual(before);
  expect((await dueInvoices()).length).toBe(due.length);

  const restart = await startJob("collect-direct-debits", AS_OF, COLLECT_DB).done;
  expect(restart.code, restart.output).toBe(0);
  expect(jobCount(restart.output)).toBe(due.length);

  // Every due invoice in exactly one direct debit, none missed.
  const [once] = await query<{ not_once: number; left: number }>(
    `SELECT (SELECT count(*) FROM "Invoice" i WHERE i."id" = ANY($1::int[]) AND (SELECT count(*) FROM "DirectDebit" d WHERE d."invoiceId" = i."id") <> 1)::int AS not_once,
            (SELECT count(*) FROM "Invoice" i WHERE i."debit" = 'PROGRAMME' AND i."collectionOn" <= $2::date
               AND NOT EXISTS (SELECT 1 FROM "DirectDebit" d WHERE d."invoiceId" = i."id"))::int AS left`,
    [due.map((i) => i.id), COLLECTED_ON],
  );
  expect(once).toEqual({ not_once: 0, left: 0 });

  // The files stored since: each lists each of its debits once, no invoice is in two files, together they list the due ones.
  const newFiles = await query<{ messageId: string; xml: string; count: number; debits: number }>(
    `SELECT f."messageId", f."xml", f."count", (SELECT count(*) FROM "DirectDebit" d WHERE d."fileId" = f."id")::int AS debits
     FROM "DirectDebitFile" f WHERE f."id" > $1 ORDER BY f."id"`,
    [before.lastFile],
  );
  expect(newFiles.length).toBeGreaterThan(0);
  const listed: string[] = [];
  for (const file of newFiles) {
    const ids = [...file.xml.matchAll(/<EndToEndId>([^<]+)<\/EndToEndId>/g)].map((m) => m[1]);
    expect(new Set(ids).size, `${file.messageId} lists an invoice twice`).toBe(ids.length);
    expect(ids.length).toBe(file.count);
    expect(ids.length).toBe(file.debits);
    listed.push(...ids);
  }
  expect(new Set(listed).size).toBe(listed.length);
  expect(listed.sort()).toEqual(due.map((i) => i.number).sort());

  // Each stored file passes the validator the run applies before storing (a process of its own: lib/server is server-only).
  const { stdout } = await run("npx", ["tsx", "--import", "./scripts/server-only-shim.mjs", "tests/system/stored-pain008-errors.ts"], {
    env: { ...process.env, DATABASE_URL: COLLECT_DB },
    maxBuffer: 64 * 1024 * 1024,
  });
  const report = JSON.parse(stdout.trim().split("\n").at(-1)!) as { messageId: string; errors: string[] }[];
  expect(report.map((r) => r.messageId)).toEqual(expect.arrayContaining(newFiles.map((f) => f.messageId)));
  expect(report.filter((r) => r.errors.length > 0)).toEqual([]);

  // A third run has nothing left to do.
  const again = await startJob("collect-direct-debits", AS_OF, COLLECT_DB).done;
  expect(again.code, again.output).toBe(0);
  expect(jobCount(again.output)).toBe(0);
});
