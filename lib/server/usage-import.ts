import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/server/db";
import { now } from "@/lib/server/clock";
import { audit } from "@/lib/server/audit";
import { checkUsageAlerts } from "@/lib/server/usage-alerts";
import type { Actor } from "@/lib/server/authz";
import { parseUsageCsv, type UsageInput } from "@/lib/domain/usage-csv";
import { firstOfEachId, type RejectedRow } from "@/lib/domain/csv-import";
import { formatMsisdn } from "@/lib/domain/identifiers";

/** Records per INSERT: 7 parameters each, far below PostgreSQL's 65,535. */
const BATCH_SIZE = 1000;
const LOOKUP_CHUNK = 1000;

export type TouchedLineMonth = { lineId: number; month: string };

export type UsageImportResult = {
  /** Records inserted by this import. */
  imported: number;
  /** Records whose id was already imported (by an earlier or a concurrent import). */
  duplicates: number;
  rejected: RejectedRow[];
  /** The lines and months (`yyyy-MM`, Paris) whose daily aggregates this import changed. */
  touched: TouchedLineMonth[];
  /** Usage warnings created by the check that follows the import. */
  alerts: number;
};


/** The ids of the lines carrying these numbers. */
async function linesByMsisdn(msisdns: string[]): Promise<Map<string, number>> {
  const lines = new Map<string, number>();
  for (let i = 0; i < msisdns.length; i += LOOKUP_CHUNK) {
    const rows = await db.mobileLine.findMany({ where: { msisdn: { in: msisdns.slice(i, i + LOOKUP_CHUNK) } }, select: { id: true, msisdn: true } });
    for (const row of rows) lines.set(row.msisdn, row.id);
  }
  return lines;
}

/**
 * One statement per batch, hence one transaction: the records go in with ON CONFLICT (id) DO NOTHING,
 * and only the rows that statement inserted (its RETURNING) are added to UsageDaily. A record already
 * there, or inserted meanwhile by a concurrent import (which then waits for the other's commit), is
 * skipped and aggregated by nobody else: each record counts once. Rows are written in key order so
 * that concurrent imports take their row locks in the same order.
 */
async function insertBatch(batch: UsageInput[], importedAt: Date): Promise<{ inserted: number; touched: string | null }> {
  const values = batch.map((r) => Prisma.sql`(${r.id}, ${r.msisdn}, ${r.at.toISOString()}, ${r.zone}, ${r.bytes.toString()}, ${String(r.amountCents)})`);
  const [row] = await db.$queryRaw<{ inserted: number; touched: string | null }[]>`
    WITH input ("id", "msisdn", "at", "zone", "bytes", "amountCents") AS (VALUES ${Prisma.join(values)}),
    inserted AS (
      INSERT INTO "UsageRecord" ("id", "msisdn", "at", "zone", "bytes", "amountCents", "importedAt")
      SELECT "id", "msisdn", "at"::timestamptz, "zone"::"UsageZone", "bytes"::bigint, "amountCents"::int, ${importedAt.toISOString()}::timestamptz
      FROM input ORDER BY "id"
      ON CONFLICT ("id") DO NOTHING
      RETURNING "msisdn", "at", "zone", "bytes", "amountCents"
    ),
    daily AS (
      INSERT INTO "UsageDaily" ("lineId", "day", "zone", "bytes", "amountCents")
      SELECT l."id", (i."at" AT TIME ZONE 'Europe/Paris')::date, i."zone", sum(i."bytes")::bigint, sum(i."amountCents")::int
      FROM inserted i JOIN "MobileLine" l ON l."msisdn" = i."msisdn"
      GROUP BY 1, 2, 3
      ORDER BY 1, 2, 3
      ON CONFLICT ("lineId", "day", "zone") DO UPDATE
        SET "bytes" = "UsageDaily"."bytes" + EXCLUDED."bytes", "amountCents" = "UsageDaily"."amountCents" + EXCLUDED."amountCents"
      RETURNING "lineId", "day"
    )
    SELECT (SELECT count(*) FROM inserted)::int AS "inserted",
           (SELECT string_agg(DISTINCT "lineId"::text || '/' || to_char("day", 'YYYY-MM'), ',') FROM daily) AS "touched"`;
  return { inserted: Number(row.inserted), touched: row.touched };
}

/**
 * Imports usage records (issue 6): records of unknown numbers are rejected, the others inserted once
 * each and added to the daily aggregates of their line, Paris day and zone; re-importing the same
 * records changes nothing. Then checks the usage warnings of the lines and months it changed.
 */
export async function importUsage(records: UsageInput[], options: { batchSize?: number; checkAlerts?: boolean } = {}): Promise<UsageImportResult> {
  const batchSize = options.batchSize ?? BATCH_SIZE;
  const { unique, rejected } = firstOfEachId(records);
  const lines = await linesByMsisdn([...new Set(unique.map((r) => r.msisdn))]);
  const known: UsageInput[] = [];
  for (const r of unique) {
    if (lines.has(r.msisdn)) known.push(r);
    else rejected.push({ line: r.line, message: `Ligne ${r.line} : numéro ${formatMsisdn(r.msisdn)} inconnu : aucune ligne mobile ne porte ce numéro.` });
  }

  const importedAt = now();
  let imported = 0;
  const touchedKeys = new Set<string>();
  for (let i = 0; i < known.length; i += batchSize) {
    const { inserted, touched } = await insertBatch(known.slice(i, i + batchSize), importedAt);
    imported += inserted;
    for (const key of touched ? touched.split(",") : []) touchedKeys.add(key);
  }
  const touched = [...touchedKeys].map((key) => {
    const [lineId, month] = key.split("/");
    return { lineId: Number(lineId), month };
  });

  let alerts = 0;
  if (options.checkAlerts ?? true) {
    const byMonth = new Map<string, number[]>();
    for (const t of touched) byMonth.set(t.month, [...(byMonth.get(t.month) ?? []), t.lineId]);
    for (const [month, lineIds] of [...byMonth].sort(([a], [b]) => a.localeCompare(b))) alerts += await checkUsageAlerts(lineIds, month);
  }
  return { imported, duplicates: known.length - imported, rejected: rejected.sort((a, b) => a.line - b.line), touched, alerts };
}

/**
 * A usage CSV file (lib/domain/usage-csv.ts) parsed and imported; the rows refused by either step
 * come back together, by line number. With an actor (the staff upload page), an audit event records
 * the counts; the command-line import passes none.
 */
export async function importUsageCsv(text: string, actor: Actor | null, options: { fileName?: string } = {}): Promise<UsageImportResult> {
  const parsed = parseUsageCsv(text);
  const result = await importUsage(parsed.records);
  const rejected = [...parsed.rejected, ...result.rejected].sort((a, b) => a.line - b.line);
  if (actor) {
    await db.$transaction((tx) =>
      audit(tx, {
        actorId: actor.userId,
        action: "usage.import",
        targetType: "UsageImport",
        targetId: (options.fileName ?? "fichier CSV").slice(0, 40),
        details: { imported: result.imported, duplicates: result.duplicates, rejected: rejected.length, lines: new Set(result.touched.map((t) => t.lineId)).size, alerts: result.alerts },
      }),
    );
  }
  return { ...result, rejected };
}
