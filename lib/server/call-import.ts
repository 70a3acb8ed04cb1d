import "server-only";
import { db } from "@/lib/server/db";
import { audit } from "@/lib/server/audit";
import { checkVoiceRules, type ServiceDay } from "@/lib/server/voice-checks";
import type { Actor } from "@/lib/server/authz";
import { parseCallCsv, type CallInput } from "@/lib/domain/call-csv";
import { firstOfEachId, type RejectedRow } from "@/lib/domain/csv-import";
import { VOICE_LIMITS } from "@/lib/domain/voice";

/** Records per INSERT … SELECT FROM unnest (six array parameters, whatever the batch size). */
const BATCH_SIZE = 5000;
/** Service-days per peak computation. */
const PEAK_CHUNK = 500;

export type CallImportResult = {
  /** Records inserted by this import. */
  imported: number;
  /** Records whose id was already imported (by an earlier or a concurrent import). */
  duplicates: number;
  rejected: RejectedRow[];
  /** The service-days (Paris) whose aggregates this import changed. */
  touched: ServiceDay[];
  /** Warnings created by the checks that follow the import. */
  alerts: number;
};

type MonitoredService = { id: number; voice: boolean };

/** The services carrying these refs, and whether each is a monitored voice service (an offer with channels). */
async function servicesByRef(refs: string[]): Promise<Map<string, MonitoredService>> {
  const found = new Map<string, MonitoredService>();
  for (let i = 0; i < refs.length; i += 1000) {
    const rows = await db.service.findMany({
      where: { ref: { in: refs.slice(i, i + 1000) } },
      select: { id: true, ref: true, type: true, contractedOffer: { select: { offer: { select: { voiceChannelsPerUnit: true } } } } },
    });
    for (const s of rows) found.set(s.ref, { id: s.id, voice: s.type === "TELEPHONIE_IP" && s.contractedOffer.offer.voiceChannelsPerUnit !== null });
  }
  return found;
}

/**
 * One statement per batch, hence one transaction: the records go in with ON CONFLICT (id) DO NOTHING,
 * and only the rows that statement inserted (its RETURNING) are added to CallDaily, so each record
 * counts once even when two imports of the same file run at once (the second waits for the first's
 * commit on the conflicting ids, then skips them). Rows are written in key order so that concurrent
 * imports take their locks in the same order. Returns the service-days touched: each call's start day
 * and, for a call running past midnight, its end day (for the peak of simultaneous calls).
 */
async function insertBatch(batch: (CallInput & { serviceId: number })[]): Promise<{ inserted: number; touched: string[] }> {
  const [row] = await db.$queryRaw<{ inserted: number; touched: string[] | null }[]>`
    WITH input AS (
      SELECT * FROM unnest(${batch.map((r) => r.id)}::text[], ${batch.map((r) => r.serviceId)}::int[], ${batch.map((r) => r.startedAt.toISOString())}::timestamptz[],
        ${batch.map((r) => r.category)}::"CallCategory"[], ${batch.map((r) => r.answered)}::boolean[], ${batch.map((r) => r.durationSeconds)}::int[])
        AS t("id", "serviceId", "startedAt", "category", "answered", "durationSeconds")
    ),
    inserted AS (
      INSERT INTO "CallRecord" ("id", "serviceId", "startedAt", "category", "answered", "durationSeconds")
      SELECT * FROM input ORDER BY "id"
      ON CONFLICT ("id") DO NOTHING
      RETURNING "serviceId", "startedAt", "category", "answered", "durationSeconds"
    ),
    daily AS (
      INSERT INTO "CallDaily" ("serviceId", "day", "category", "calls", "answered", "durationSeconds", "longestSeconds", "longCalls")
      SELECT "serviceId", ("startedAt" AT TIME ZONE 'Europe/Paris')::date, "category", count(*)::int, (count(*) FILTER (WHERE "answered"))::int,
        sum("durationSeconds")::bigint, max("durationSeconds"), (count(*) FILTER (WHERE "durationSeconds" > ${VOICE_LIMITS.maxCallSeconds}))::int
      FROM inserted GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
      ON CONFLICT ("serviceId", "day", "category") DO UPDATE SET
        "calls" = "CallDaily"."calls" + EXCLUDED."calls",
        "answered" = "CallDaily"."answered" + EXCLUDED."answered",
        "durationSeconds" = "CallDaily"."durationSeconds" + EXCLUDED."durationSeconds",
        "longestSeconds" = greatest("CallDaily"."longestSeconds", EXCLUDED."longestSeconds"),
        "longCalls" = "CallDaily"."longCalls" + EXCLUDED."longCalls"
    )
    SELECT (SELECT count(*) FROM inserted)::int AS "inserted",
      (SELECT array_agg(DISTINCT k) FROM (
        SELECT "serviceId"::text || '/' || (("startedAt" AT TIME ZONE 'Europe/Paris')::date)::text AS k FROM inserted
        UNION ALL
        SELECT "serviceId"::text || '/' || ((("startedAt" + make_interval(secs => "durationSeconds")) AT TIME ZONE 'Europe/Paris')::date)::text FROM inserted WHERE "answered"
      ) keys) AS "touched"`;
  return { inserted: Number(row.inserted), touched: row.touched ?? [] };
}

/**
 * The most answered calls in progress at once on each service-day (Paris), from the raw records: a
 * sweep over the calls' starts (+1) and ends (−1), ends first at the same instant, so back-to-back
 * calls do not overlap; a call from the day before still running at midnight counts from midnight.
 * Records are only ever added, so a peak only grows: GREATEST keeps a concurrent import's larger value.
 */
async function refreshPeaks(days: ServiceDay[]) {
  for (let i = 0; i < days.length; i += PEAK_CHUNK) {
    const chunk = days.slice(i, i + PEAK_CHUNK);
    await db.$executeRaw`
      WITH pairs AS (
        SELECT p."serviceId", p."day", (p."day"::timestamp AT TIME ZONE 'Europe/Paris') AS s, ((p."day" + 1)::timestamp AT TIME ZONE 'Europe/Paris') AS e,
          -- A call of the day before still running at midnight started at most its longest call before.
          coalesce((SELECT max(d."longestSeconds") FROM "CallDaily" d WHERE d."serviceId" = p."serviceId" AND d."day" = p."day" - 1), 0) AS lookback
        FROM unnest(${chunk.map((d) => d.serviceId)}::int[], ${chunk.map((d) => d.day)}::date[]) AS p("serviceId", "day")
      ),
      events AS (
        -- LATERAL … OFFSET 0: one index range scan per service-day (as a join, the planner may hash a scan of the whole table).
        SELECT p."serviceId", p."day", x.t, x.delta
        FROM pairs p
        CROSS JOIN LATERAL (
          SELECT r."startedAt", r."durationSeconds" FROM "CallRecord" r
          WHERE r."serviceId" = p."serviceId" AND r."startedAt" >= p.s - make_interval(secs => p.lookback) AND r."startedAt" < p.e
            AND r."answered" AND r."durationSeconds" > 0 AND r."startedAt" + make_interval(secs => r."durationSeconds") > p.s
          OFFSET 0
        ) r
        CROSS JOIN LATERAL (VALUES (greatest(r."startedAt", p.s), 1), (r."startedAt" + make_interval(secs => r."durationSeconds"), -1)) AS x(t, delta)
      ),
      running AS (
        SELECT "serviceId", "day", sum(delta) OVER (PARTITION BY "serviceId", "day" ORDER BY t, delta ROWS UNBOUNDED PRECEDING) AS n FROM events
      )
      INSERT INTO "CallDayPeak" ("serviceId", "day", "peakCalls")
      SELECT p."serviceId", p."day", coalesce(max(r.n), 0)::int
      FROM pairs p LEFT JOIN running r ON r."serviceId" = p."serviceId" AND r."day" = p."day"
      GROUP BY 1, 2 ORDER BY 1, 2
      ON CONFLICT ("serviceId", "day") DO UPDATE SET "peakCalls" = greatest("CallDayPeak"."peakCalls", EXCLUDED."peakCalls")`;
  }
}

/**
 * Imports call records (issue 9): records of unknown services, or of services without call monitoring,
 * are rejected; the others are inserted once each and added to the daily aggregates of their service,
 * Paris day and category; re-importing the same records changes nothing. Then refreshes the peaks of
 * simultaneous calls and runs the checks of the terms on the service-days it changed.
 */
export async function importCalls(records: CallInput[], options: { batchSize?: number; checkRules?: boolean } = {}): Promise<CallImportResult> {
  const batchSize = options.batchSize ?? BATCH_SIZE;
  const { unique, rejected } = firstOfEachId(records);
  const services = await servicesByRef([...new Set(unique.map((r) => r.serviceRef))]);
  const known: (CallInput & { serviceId: number })[] = [];
  for (const r of unique) {
    const service = services.get(r.serviceRef);
    if (!service) rejected.push({ line: r.line, message: `Ligne ${r.line} : service ${r.serviceRef} inconnu.` });
    else if (!service.voice) rejected.push({ line: r.line, message: `Ligne ${r.line} : le service ${r.serviceRef} n'est pas un service de téléphonie fixe (trunk SIP, Centrex).` });
    else known.push({ ...r, serviceId: service.id });
  }

  let imported = 0;
  const touchedKeys = new Set<string>();
  for (let i = 0; i < known.length; i += batchSize) {
    const { inserted, touched } = await insertBatch(known.slice(i, i + batchSize));
    imported += inserted;
    for (const key of touched) touchedKeys.add(key);
  }
  const touched = [...touchedKeys].sort().map((key) => {
    const [serviceId, day] = key.split("/");
    return { serviceId: Number(serviceId), day };
  });
  await refreshPeaks(touched);
  const alerts = (options.checkRules ?? true) ? await checkVoiceRules(touched) : 0;
  return { imported, duplicates: known.length - imported, rejected: rejected.sort((a, b) => a.line - b.line), touched, alerts };
}

/**
 * A call records CSV file (lib/domain/call-csv.ts) parsed and imported; the rows refused by either
 * step come back together, by line number. With an actor (the staff upload page), an audit event
 * records the counts; the command-line import passes none.
 */
export async function importCallCsv(text: string, actor: Actor | null, options: { fileName?: string } = {}): Promise<CallImportResult> {
  const parsed = parseCallCsv(text);
  const result = await importCalls(parsed.records);
  const rejected = [...parsed.rejected, ...result.rejected].sort((a, b) => a.line - b.line);
  if (actor) {
    await db.$transaction((tx) =>
      audit(tx, {
        actorId: actor.userId,
        action: "voice.import",
        targetType: "CallImport",
        targetId: (options.fileName ?? "fichier CSV").slice(0, 40),
        details: { imported: result.imported, duplicates: result.duplicates, rejected: rejected.length, services: new Set(result.touched.map((t) => t.serviceId)).size, alerts: result.alerts },
      }),
    );
  }
  return { ...result, rejected };
}
