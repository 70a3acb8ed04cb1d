// Two production instances of the build on one PostgreSQL database, as behind a load balancer
// (issue 10): a session works on both, login throttling counts across both, and each scheduled job
// started by cron on both hosts at once acts once.
import { test, expect, attemptLogin, loginAsReseller, BILLED_MONTH, DATABASE_URL, jobCount, LOGIN_ERROR, sql, startJob, startScript } from "./cluster";
import { billingCandidates, expectAppliedOnce, expectInvoicesWhole, expectNothingLeftToIssue, scheduleTerminations } from "./checks";
import { execFileSync } from "node:child_process";
import { readdirSync, writeFileSync } from "node:fs";
import pg from "pg";
import { tmpdir } from "node:os";
import path from "node:path";
import { addDays, format } from "date-fns";

test("two instances starting at once on a new database create it and apply each migration once", async () => {
  const fresh = Object.assign(new URL(DATABASE_URL), { pathname: "/myopenip_system_fresh" }).toString();
  const admin = Object.assign(new URL(DATABASE_URL), { pathname: "/postgres" }).toString();
  const dropFresh = () => execFileSync("psql", [admin, "-qc", "DROP DATABASE IF EXISTS myopenip_system_fresh WITH (FORCE)"], { stdio: "ignore" });
  dropFresh();
  try {
    // `npm start` migrates first (prestart): what two instances deployed together both do.
    const runs = await Promise.all([startScript("scripts/migrate.ts", [], fresh).done, startScript("scripts/migrate.ts", [], fresh).done]);
    for (const run of runs) expect(run.code, run.output).toBe(0);
    const migrations = readdirSync("prisma/migrations", { withFileTypes: true }).filter((e) => e.isDirectory()).length;
    const client = new pg.Client({ connectionString: fresh });
    await client.connect();
    const { rows } = await client.query<{ n: number; distinct: number; finished: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT "migration_name")::int AS distinct, count("finished_at")::int AS finished FROM "_prisma_migrations"`,
    );
    await client.end();
    expect(rows[0]).toEqual({ n: migrations, distinct: migrations, finished: migrations });
  } finally {
    dropFresh();
  }
});

test("a session opened on one instance works on the other, universe included", async ({ cluster, page }) => {
  await loginAsReseller(page, cluster.a.url);
  await expect(page.getByRole("navigation", { name: "Navigation principale" }).getByRole("link", { name: "Mes clients" })).toBeVisible();

  // The same browser, the other instance: same cookie, same user, same universe.
  await page.goto(`${cluster.b.url}/clients`);
  await expect(page.getByRole("heading", { name: "Mes clients" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Consulter Cabinet Médical des Oliviers" })).toBeVisible();
  await page.goto(`${cluster.a.url}/clients?id=44660`);
  await expect(page.getByRole("link", { name: "Consulter Cabinet Médical des Oliviers" })).toBeVisible();

  // Ending every session of the user (their rows, in the database) ends it on both instances.
  await sql(`UPDATE "Session" SET "revokedAt" = now() WHERE "userId" = (SELECT "id" FROM "User" WHERE "identifier" = 'E-0000000003')`);
  await page.goto(`${cluster.b.url}/clients`);
  await expect(page).toHaveURL(/\/connexion/);
  await page.goto(`${cluster.a.url}/clients`);
  await expect(page).toHaveURL(/\/connexion/);
});

test("failed logins count across both instances: the 5th failure locks the identifier on both", async ({ cluster, page }) => {
  const identifier = "E-0000000005";
  // Three wrong passwords on A, two on B: five failures from this address within 15 minutes.
  for (const origin of [cluster.a.url, cluster.b.url, cluster.a.url, cluster.b.url, cluster.a.url]) {
    await attemptLogin(page, origin, identifier, "mauvais-mot-de-passe");
    await expect(page.getByText(LOGIN_ERROR)).toBeVisible();
  }
  // The right password is refused now, on either instance, with the same message as a wrong one.
  for (const origin of [cluster.b.url, cluster.a.url]) {
    await attemptLogin(page, origin, identifier);
    await expect(page.getByText(LOGIN_ERROR)).toBeVisible();
    await expect(page).toHaveURL(/\/connexion/);
  }
  const attempts = await sql<{ n: number; ok: number }>(
    `SELECT count(*)::int AS n, count(*) FILTER (WHERE "success")::int AS ok FROM "LoginAttempt" WHERE "identifier" = $1`,
    [identifier],
  );
  expect(attempts[0]).toEqual({ n: 5, ok: 0 });
  // Another identifier from the same address still logs in (the address limit is 20).
  await attemptLogin(page, cluster.b.url, "E-0000000004");
  await expect(page).not.toHaveURL(/\/connexion/);
});

test("the termination job started on both hosts at once applies each termination once", async () => {
  const due = await scheduleTerminations(300, format(new Date(), "yyyy-MM-dd"));
  const asOf = format(addDays(new Date(), 1), "yyyy-MM-dd");
  const [first, second] = await Promise.all([startJob("apply-terminations", asOf).done, startJob("apply-terminations", asOf).done]);
  expect(first.code, first.output).toBe(0);
  expect(second.code, second.output).toBe(0);
  expect(jobCount(first.output) + jobCount(second.output)).toBeGreaterThanOrEqual(due.length);
  await expectAppliedOnce(due);
});

test("the billing run started on both hosts at once issues each account's invoice once, numbered without a gap", async () => {
  const candidates = await billingCandidates(BILLED_MONTH);
  const runs = await Promise.all([startJob("issue-invoices", BILLED_MONTH).done, startJob("issue-invoices", BILLED_MONTH).done]);
  for (const run of runs) expect(run.code, run.output).toBe(0);
  const issued = runs.map((r) => jobCount(r.output)).reduce((a, b) => a + b);
  expect(issued).toBeGreaterThan(250);
  expect(issued).toBeLessThanOrEqual(candidates); // candidates with nothing to bill get no invoice
  await expectInvoicesWhole(BILLED_MONTH, issued);
  await expectNothingLeftToIssue(BILLED_MONTH);
});

test("the same call records imported on both hosts at once raise each voice warning once, mailed once", async ({ cluster }) => {
  const yesterday = format(addDays(new Date(), -1), "yyyy-MM-dd");
  const file = path.join(tmpdir(), `system-calls-${process.pid}.csv`);
  writeFileSync(file, `id,service,debut,sens,numero,decroche,duree_secondes\nsystem-long-1,SRV150944,${yesterday}T10:00:00+01:00,SORTANT,04 91 23 45 67,oui,7500\n`);
  const before = cluster.mailbox.mails.filter((m) => /service SRV150944/.test(m.subject)).length;
  const [first, second] = await Promise.all([startScript("scripts/import-calls.ts", [file]).done, startScript("scripts/import-calls.ts", [file]).done]);
  expect(first.code, first.output).toBe(0);
  expect(second.code, second.output).toBe(0);
  expect([first.output, second.output].filter((o) => /1 imported/.test(o))).toHaveLength(1);
  const alerts = await sql<{ n: number }>(
    `SELECT count(*)::int AS n FROM "VoiceAlert" a JOIN "Service" s ON s."id" = a."serviceId" WHERE s."ref" = 'SRV150944' AND a."day" = $1::date AND a."rule" = 'APPEL_TROP_LONG'`,
    [yesterday],
  );
  expect(alerts[0].n).toBe(1);
  const calls = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM "CallRecord" WHERE "id" = 'system-long-1'`);
  expect(calls[0].n).toBe(1);
  // One email per administrator of 44660, not two.
  const admins = await sql<{ n: number }>(
    `SELECT count(*)::int AS n FROM "User" WHERE "companyId" = 44660 AND "role" = 'ADMINISTRATEUR' AND "active"`,
  );
  await expect.poll(() => cluster.mailbox.mails.filter((m) => /service SRV150944/.test(m.subject)).length - before).toBe(admins[0].n);
});

test("usage records of one line imported on both hosts at once send each usage warning once, mailed once", async ({ cluster }) => {
  // Two files, one record each: both imports add their record, so both check the line's warnings at once and
  // the unique index of UsageAlert decides. Yesterday at noon UTC is yesterday in Paris too: the warnings are that
  // month's. 2 × 25 GiB take the demo line (Forfait mobile Data 20 Go) past 100 % whatever it had used before.
  const yesterday = format(addDays(new Date(), -1), "yyyy-MM-dd");
  const files = ["a", "b"].map((host) => {
    const file = path.join(tmpdir(), `system-usage-${process.pid}-${host}.csv`);
    writeFileSync(file, `id,msisdn,horodatage,zone,octets,montant_centimes\nsystem-usage-${host},0612345678,${yesterday}T12:00:00Z,FRANCE,${25 * 1024 ** 3},0\n`);
    return file;
  });
  const subject = /^MyOpenIP : ligne 06 12 34 56 78, 100 % de l'enveloppe data atteint$/;
  const before = cluster.mailbox.mails.filter((m) => subject.test(m.subject)).length;
  const runs = await Promise.all(files.map((file) => startScript("scripts/import-usage.ts", [file]).done));
  for (const run of runs) {
    expect(run.code, run.output).toBe(0);
    expect(run.output).toMatch(/1 imported/);
  }
  const alerts = await sql<{ percent: number; n: number }>(
    `SELECT a."percent", count(*)::int AS n FROM "UsageAlert" a JOIN "MobileLine" l ON l."id" = a."lineId"
     WHERE l."msisdn" = '0612345678' AND a."month" = $1 AND a."kind" = 'ALLOWANCE' GROUP BY a."percent" ORDER BY a."percent"`,
    [yesterday.slice(0, 7)],
  );
  expect(alerts).toEqual([
    { percent: 80, n: 1 },
    { percent: 100, n: 1 },
  ]);
  // One email per administrator of 44660, not two.
  const admins = await sql<{ n: number }>(
    `SELECT count(*)::int AS n FROM "User" WHERE "companyId" = 44660 AND "role" = 'ADMINISTRATEUR' AND "active"`,
  );
  await expect.poll(() => cluster.mailbox.mails.filter((m) => subject.test(m.subject)).length - before).toBe(admins[0].n);
});
