// Faults (issue 10): each test breaks something and shows that nothing is lost or doubled — jobs
// killed with SIGKILL mid-way and restarted, the database connection cut during load, the same form
// submitted twice at once on two instances, a network request that fails.
import { addDays, addMonths, format, parseISO } from "date-fns";
import { test, expect, loginAsReseller, BILLED_MONTH, DATABASE_URL, jobCount, sql, startInstance, startJob, waitUntil, type Instance } from "./cluster";
import { billingCandidates, expectAppliedOnce, expectInvoicesWhole, expectNothingLeftToIssue, scheduleTerminations } from "./checks";
import { startTcpProxy } from "./tcp-proxy";

const monthAfter = (asOf: string, n: number) => format(addMonths(parseISO(asOf), n), "yyyy-MM-dd");
const invoicesOf = async (asOf: string) => (await sql<{ n: number }>(`SELECT count(*)::int AS n FROM "Invoice" WHERE "periodStart" = $1::date`, [asOf]))[0].n;

test("the billing run killed with SIGKILL mid-way, then started again, issues every invoice once, numbered without a gap", async () => {
  const asOf = monthAfter(BILLED_MONTH, 1);
  const candidates = await billingCandidates(asOf);
  expect(candidates).toBeGreaterThan(250); // more than one batch of accounts
  const run = startJob("issue-invoices", asOf);
  await waitUntil("the first batch of invoices", async () => (await invoicesOf(asOf)) > 0);
  const killed = await run.kill();
  expect(killed.signal).toBe("SIGKILL");
  // Killed mid-way: some invoices are missing or have no PDF yet, and what was committed is whole.
  const [atKill] = await sql<{ n: number; pdfs: number; lineless: number }>(
    `SELECT count(*)::int AS n, count("pdf")::int AS pdfs, count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM "InvoiceLine" l WHERE l."invoiceId" = i."id"))::int AS lineless
     FROM "Invoice" i WHERE "periodStart" = $1::date`,
    [asOf],
  );
  expect(atKill.n < candidates || atKill.pdfs < atKill.n, `the run had finished before the kill: ${JSON.stringify(atKill)}`).toBe(true);
  expect(atKill.lineless).toBe(0);

  const restart = await startJob("issue-invoices", asOf).done;
  expect(restart.code, restart.output).toBe(0);
  const issued = atKill.n + jobCount(restart.output);
  expect(issued).toBeGreaterThan(250);
  expect(issued).toBeLessThanOrEqual(candidates); // candidates with nothing to bill get no invoice
  await expectInvoicesWhole(asOf, issued);
  await expectNothingLeftToIssue(asOf);
});

test("the termination job killed with SIGKILL mid-way, then started again, applies each termination once", async () => {
  const due = await scheduleTerminations(800, format(new Date(), "yyyy-MM-dd"));
  const asOf = format(addDays(new Date(), 1), "yyyy-MM-dd");
  const appliedCount = async () => (await sql<{ n: number }>(`SELECT count(*)::int AS n FROM "Termination" WHERE "id" = ANY($1) AND "state" = 'APPLIQUEE'`, [due]))[0].n;
  const run = startJob("apply-terminations", asOf);
  await waitUntil("the first terminations applied", async () => (await appliedCount()) >= 50);
  expect((await run.kill()).signal).toBe("SIGKILL");
  const atKill = await appliedCount();
  expect(atKill).toBeLessThan(due.length);
  // What was applied before the kill is whole: every applied termination has its OC ended and its event.
  const [partial] = await sql<{ half: number }>(
    `SELECT count(*)::int AS half FROM "Termination" t JOIN "ContractedOffer" oc ON oc."id" = t."contractedOfferId"
     WHERE t."id" = ANY($1) AND ((t."state" = 'APPLIQUEE') <> (oc."state" = 'RESILIEE'))`,
    [due],
  );
  expect(partial.half).toBe(0);

  const restart = await startJob("apply-terminations", asOf).done;
  expect(restart.code, restart.output).toBe(0);
  expect(atKill + jobCount(restart.output)).toBe(due.length);
  await expectAppliedOnce(due);
});

test.describe("the database restarted during load", () => {
  let proxy: Awaited<ReturnType<typeof startTcpProxy>>;
  let instance: Instance;
  const viaProxy = Object.assign(new URL(DATABASE_URL), { port: "5499" }).toString();

  test.beforeAll(async () => {
    const target = new URL(DATABASE_URL);
    proxy = await startTcpProxy(5499, { host: target.hostname, port: Number(target.port || 5432) });
    instance = await startInstance(3303, viaProxy);
  });
  test.afterAll(async () => {
    await instance?.stop();
    await proxy?.close();
  });

  test("pages fail with a clear page while it is down and recover by themselves once it is back", async ({ page }) => {
    await loginAsReseller(page, instance.url);
    type Sample = { at: number; status: number; ok: boolean; clearError: boolean };
    const samples: Sample[] = [];
    const started = Date.now();
    let stop = false;
    const user = async () => {
      while (!stop) {
        const response = await page.request.get(`${instance.url}/offres-contractees?sort=-ref`, { timeout: 20_000, maxRedirects: 0 });
        const body = await response.text();
        samples.push({
          at: Date.now() - started,
          status: response.status(),
          ok: response.status() === 200 && body.includes("Liste des offres contractées") && !body.includes("Service momentanément indisponible"),
          // Next's error document: the browser renders app/error.tsx from it.
          clearError: body.includes('id="__next_error__"'),
        });
      }
    };
    const users = Array.from({ length: 6 }, user);
    await new Promise((r) => setTimeout(r, 2_000));
    await proxy.cut();
    const cutAt = Date.now() - started;
    // What a user sees meanwhile: the French "service unavailable" page, with a retry.
    const browserPage = await page.context().newPage();
    await browserPage.goto(`${instance.url}/offres-contractees`);
    await expect(browserPage.getByRole("heading", { name: "Service momentanément indisponible" })).toBeVisible();
    await expect(browserPage.getByText("Le portail n'a pas pu traiter votre demande.")).toBeVisible();
    await new Promise((r) => setTimeout(r, Math.max(0, 3_000 - (Date.now() - started - cutAt))));
    await proxy.restore();
    const restoredAt = Date.now() - started;
    await new Promise((r) => setTimeout(r, 6_000));
    stop = true;
    await Promise.all(users);

    const before = samples.filter((s) => s.at < cutAt);
    const during = samples.filter((s) => s.at > cutAt + 200 && s.at < restoredAt);
    const after = samples.filter((s) => s.at > restoredAt + 3_000);
    expect(before.length).toBeGreaterThan(0);
    expect(before.every((s) => s.ok)).toBe(true);
    expect(during.length).toBeGreaterThan(0);
    // Down: every failed request gets the error page, with an error status.
    for (const s of samples.filter((x) => !x.ok)) {
      expect(s.clearError, JSON.stringify(s)).toBe(true);
      expect(s.status).toBeGreaterThanOrEqual(500);
    }
    expect(during.some((s) => s.clearError)).toBe(true);
    // Back: the pool reconnects, nothing to restart.
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((s) => s.ok), JSON.stringify(after.filter((s) => !s.ok).slice(0, 3))).toBe(true);

    await browserPage.getByRole("button", { name: "Réessayer" }).click();
    await expect(browserPage.getByRole("heading", { name: "Liste des offres contractées" })).toBeVisible();
  });

  test("a billing run cut from the database mid-way leaves no half-written invoice, and the next run completes the month", async () => {
    const asOf = monthAfter(BILLED_MONTH, 2);
    const run = startJob("issue-invoices", asOf, viaProxy);
    await waitUntil("the first batch of invoices", async () => (await invoicesOf(asOf)) > 0);
    await proxy.cut();
    const failed = await run.done;
    expect(failed.code).not.toBe(0);
    await proxy.restore();
    const [atCut] = await sql<{ n: number; lineless: number; counter: number; all: number }>(
      `SELECT count(*) FILTER (WHERE "periodStart" = $1::date)::int AS n, count(*)::int AS all,
              count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM "InvoiceLine" l WHERE l."invoiceId" = i."id"))::int AS lineless,
              (SELECT "value" FROM "Counter" WHERE "name" = 'invoice')::int AS counter
       FROM "Invoice" i`,
      [asOf],
    );
    expect(atCut.lineless).toBe(0);
    expect(atCut.counter).toBe(atCut.all);
    const rerun = await startJob("issue-invoices", asOf, viaProxy).done;
    expect(rerun.code, rerun.output).toBe(0);
    await expectInvoicesWhole(asOf, atCut.n + jobCount(rerun.output));
    await expectNothingLeftToIssue(asOf);
  });
});

test("the same termination form submitted at once on both instances records one termination", async ({ cluster, browser }) => {
  const [{ ref }] = await sql<{ ref: string }>(
    `SELECT oc."ref" FROM "ContractedOffer" oc WHERE oc."state" = 'LIVREE' AND oc."ref" LIKE 'OC7%' ORDER BY oc."id" DESC LIMIT 1`,
  );
  const context = await browser.newContext();
  const onA = await context.newPage();
  await loginAsReseller(onA, cluster.a.url);
  const onB = await context.newPage();
  const dialogs = [];
  for (const [page, origin] of [[onA, cluster.a.url], [onB, cluster.b.url]] as const) {
    await page.goto(`${origin}/offres-contractees/${ref}`);
    await page.getByRole("button", { name: "Résilier l'offre contractée" }).click();
    const dialog = page.getByRole("dialog", { name: `Résilier l'offre contractée ${ref}` });
    await dialog.getByLabel("Commentaires").fill("Double envoi");
    dialogs.push(dialog);
  }
  await Promise.all(dialogs.map((d) => d.getByRole("button", { name: "Continuer" }).click()));
  const outcomes = await Promise.all(
    [onA, onB].map(async (page) => {
      const scheduled = page.getByRole("heading", { name: "Résiliation programmée" });
      const refused = page.getByText("Une résiliation est déjà programmée pour cette offre contractée.");
      await expect(scheduled.or(refused)).toBeVisible();
      return (await scheduled.isVisible()) ? "scheduled" : "refused";
    }),
  );
  expect(outcomes.sort()).toEqual(["refused", "scheduled"]);
  const [row] = await sql<{ terminations: number; events: number }>(
    `SELECT (SELECT count(*) FROM "Termination" t JOIN "ContractedOffer" oc ON oc."id" = t."contractedOfferId" WHERE oc."ref" = $1)::int AS terminations,
            (SELECT count(*) FROM "AuditEvent" WHERE "action" = 'contracted-offer.terminate' AND "targetId" = $1)::int AS events`,
    [ref],
  );
  expect(row).toEqual({ terminations: 1, events: 1 });
  const mails = cluster.mailbox.mails.filter((m) => m.subject.includes(`résiliation programmée de l'offre ${ref}`));
  expect(mails).toHaveLength(1);
  await context.close();
});

test("a network request that fails changes nothing on the line, is recorded as failed, and the retry goes through", async ({ cluster, page }) => {
  const resource = "FPC367678";
  const state = async () => (await sql<{ state: string }>(`SELECT "state" FROM "SimResource" WHERE "ref" = $1`, [resource]))[0].state;
  const requests = async () =>
    sql<{ status: string }>(
      `SELECT p."status" FROM "ProvisioningRequest" p JOIN "SimResource" r ON r."id" = p."resourceId" WHERE r."ref" = $1 AND p."action" = 'SUSPENSION' ORDER BY p."id"`,
      [resource],
    );
  expect(await state()).toBe("ACTIF");
  await loginAsReseller(page, cluster.a.url);
  await page.goto(`${cluster.a.url}/ressources/${resource}`);
  const refused = await fetch(`${cluster.a.url}/api/test/network-failure`, { method: "POST" });
  expect(refused.ok).toBe(true);
  await page.getByRole("button", { name: "Suspendre" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "n'a pas abouti auprès du réseau mobile" })).toBeVisible();
  expect(await state()).toBe("ACTIF");
  expect(await requests()).toEqual([{ status: "ECHOUEE" }]);
  const events = async () => (await sql<{ n: number }>(`SELECT count(*)::int AS n FROM "AuditEvent" WHERE "action" = 'line.suspend' AND "targetId" = $1`, [resource]))[0].n;
  expect(await events()).toBe(0);

  await page.getByRole("button", { name: "Suspendre" }).click();
  await expect(page.getByText("Suspendu", { exact: true })).toBeVisible();
  expect(await state()).toBe("SUSPENDU");
  expect(await requests()).toEqual([{ status: "ECHOUEE" }, { status: "REUSSIE" }]);
  expect(await events()).toBe(1);
});
