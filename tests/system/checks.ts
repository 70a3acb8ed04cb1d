// What the system tests check in the database after several processes, kills and outages: nothing lost, nothing doubled.
import { expect } from "@playwright/test";
import { jobCount, sql, startJob } from "./cluster";

/** Schedules the termination of `count` delivered scale OCs with `effectiveOn` as their last day of service. */
export async function scheduleTerminations(count: number, effectiveOn: string): Promise<number[]> {
  const rows = await sql<{ id: number }>(
    `WITH picked AS (
       SELECT oc."id" FROM "ContractedOffer" oc
       WHERE oc."state" = 'LIVREE' AND oc."ref" LIKE 'OC7%'
         AND NOT EXISTS (SELECT 1 FROM "Termination" t WHERE t."contractedOfferId" = oc."id")
       ORDER BY oc."id" LIMIT $1),
     marked AS (UPDATE "ContractedOffer" oc SET "state" = 'RESILIATION_PROGRAMMEE' FROM picked WHERE oc."id" = picked."id" RETURNING oc."id")
     INSERT INTO "Termination" ("contractedOfferId", "requestedOn", "noticeMonths", "effectiveOn", "requestedById", "requestedAt")
     SELECT m."id", $2::date - 30, 1, $2::date, (SELECT "id" FROM "User" WHERE "identifier" = 'E-0000000003'), now() FROM marked m
     RETURNING "id"`,
    [count, effectiveOn],
  );
  expect(rows).toHaveLength(count);
  return rows.map((r) => r.id);
}

/** Each termination applied once: state, the OC and its services ended, one audit event per OC. */
export async function expectAppliedOnce(terminations: number[]) {
  const [row] = await sql<{ applied: number; ended: number; services_left: number; events: number; distinct_events: number }>(
    `WITH offers AS (SELECT oc."id", oc."ref", oc."state", t."state" AS "terminationState", t."appliedAt"
                     FROM "Termination" t JOIN "ContractedOffer" oc ON oc."id" = t."contractedOfferId" WHERE t."id" = ANY($1)),
          events AS (SELECT a."targetId" FROM "AuditEvent" a WHERE a."action" = 'contracted-offer.terminated' AND a."targetId" IN (SELECT "ref" FROM offers))
     SELECT (SELECT count(*) FROM offers WHERE "terminationState" = 'APPLIQUEE' AND "appliedAt" IS NOT NULL)::int AS applied,
            (SELECT count(*) FROM offers WHERE "state" = 'RESILIEE')::int AS ended,
            (SELECT count(*) FROM "Service" s WHERE s."contractedOfferId" IN (SELECT "id" FROM offers) AND s."state" <> 'RESILIE')::int AS services_left,
            (SELECT count(*) FROM events)::int AS events,
            (SELECT count(DISTINCT "targetId") FROM events)::int AS distinct_events`,
    [terminations],
  );
  expect(row).toEqual({ applied: terminations.length, ended: terminations.length, services_left: 0, events: terminations.length, distinct_events: terminations.length });
}

/** Accounts the billing run of `asOf` has to invoice (the candidates query of issueMonthlyInvoices). */
export async function billingCandidates(asOf: string): Promise<number> {
  const [row] = await sql<{ n: number }>(
    `SELECT count(*)::int AS n FROM "BillingAccount" ba
     WHERE NOT EXISTS (SELECT 1 FROM "Invoice" i WHERE i."billingAccountId" = ba."id" AND i."periodStart" = $1::date)
       AND (EXISTS (SELECT 1 FROM "ContractedOffer" oc WHERE oc."billingAccountId" = ba."id" AND oc."activationOn" < $1::date)
         OR EXISTS (SELECT 1 FROM "CreditNote" cn WHERE cn."billingAccountId" = ba."id" AND cn."appliedToInvoiceId" IS NULL))`,
    [asOf],
  );
  return row.n;
}

/**
 * The month's invoices are whole: `expected` of them, one per account; numbers F00000001… without a gap
 * or a duplicate over the whole table and equal to the counter; each with its lines (totals equal to
 * their sum), its audit event and its PDF.
 */
export async function expectInvoicesWhole(asOf: string, expected: number) {
  const [all] = await sql<{ n: number; lo: number; hi: number; distinct: number; counter: number }>(
    `SELECT count(*)::int AS n, min(substr("number", 2)::int) AS lo, max(substr("number", 2)::int) AS hi, count(DISTINCT "number")::int AS distinct,
            (SELECT "value" FROM "Counter" WHERE "name" = 'invoice')::int AS counter
     FROM "Invoice"`,
  );
  expect(all).toEqual({ n: all.n, lo: 1, hi: all.n, distinct: all.n, counter: all.n });
  const [month] = await sql<{ n: number; accounts: number; lineless: number; unbalanced: number; unaudited: number; without_pdf: number }>(
    `SELECT count(*)::int AS n, count(DISTINCT i."billingAccountId")::int AS accounts,
            count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM "InvoiceLine" l WHERE l."invoiceId" = i."id"))::int AS lineless,
            count(*) FILTER (WHERE i."totalHtCents" <> (SELECT coalesce(sum(l."amountHtCents"), 0) FROM "InvoiceLine" l WHERE l."invoiceId" = i."id"))::int AS unbalanced,
            count(*) FILTER (WHERE (SELECT count(*) FROM "AuditEvent" a WHERE a."action" = 'invoice.issue' AND a."targetId" = i."number") <> 1)::int AS unaudited,
            count(*) FILTER (WHERE i."pdf" IS NULL OR substr(i."pdf", 1, 5) <> '\\x255044462d'::bytea)::int AS without_pdf
     FROM "Invoice" i WHERE i."periodStart" = $1::date`,
    [asOf],
  );
  expect(month).toEqual({ n: expected, accounts: expected, lineless: 0, unbalanced: 0, unaudited: 0, without_pdf: 0 });
}

/** One more run of the month issues nothing. */
export async function expectNothingLeftToIssue(asOf: string) {
  const again = await startJob("issue-invoices", asOf).done;
  expect(again.code, again.output).toBe(0);
  expect(jobCount(again.output)).toBe(0);
}
