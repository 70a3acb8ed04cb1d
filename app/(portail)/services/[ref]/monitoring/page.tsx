import type { Metadata } from "next";
import { Link } from "@/components/link";
import { notFound } from "next/navigation";
import { requireActor } from "@/lib/server/authz";
import { getService } from "@/lib/server/services";
import { monitoredLine } from "@/lib/server/resources";
import { LINES_PER_PAGE, lineDailyUsage, lineMonthUsage, serviceLinesUsage } from "@/lib/server/usage";
import { today } from "@/lib/server/clock";
import { Card } from "@/components/ui";
import { ServiceHeader } from "../service-header";
import { VoiceMonitoring } from "./voice-monitoring";
import { LinesTable } from "./lines-table";
import { LineUsage, type LineUsageDay } from "./line-usage";
import { channelsOf } from "@/lib/server/voice-checks";
import { monitoringMonth } from "@/lib/server/voice-monitoring";
import { addDays, compareDays } from "@/lib/domain/calendar-day";
import { monthBounds } from "@/lib/domain/plan-change";
import { formatMsisdn } from "@/lib/domain/identifiers";
import { formatFrenchMonth, ofFrenchMonth } from "@/lib/domain/calendar-day";

export const metadata: Metadata = { title: "Monitoring du service" };

/**
 * The *Monitoring* tab: for OpenSIM (SPEC §4) the month's daily consumption per line and zone, and the
 * 80 % / 100 % warnings; for a trunk or Centrex (issue 9) the month's calls and the checks of the terms.
 */
export default async function ServiceMonitoringPage({ params, searchParams }: { params: Promise<{ ref: string }>; searchParams: Promise<{ ligne?: string; page?: string; mois?: string }> }) {
  const actor = await requireActor();
  const service = await getService(actor, (await params).ref);
  const { ligne, page: pageParam, mois } = await searchParams;
  const channels = channelsOf(service);
  if (channels !== null) {
    return (
      <>
        <ServiceHeader service={service} tab="monitoring" />
        <VoiceMonitoring service={{ ...service, channels }} month={await monitoringMonth(service.id, mois)} />
      </>
    );
  }
  if (service.type !== "OPENSIM") notFound();
  const page = Math.min(100_000, Math.max(1, Number.parseInt(pageParam ?? "", 10) || 1));
  const todayDay = today();
  const month = todayDay.slice(0, 7);
  // The line asked for is read with the table; without one, the table's first line is shown.
  const [{ rows, total }, asked] = await Promise.all([serviceLinesUsage(service.id, month, page), ligne ? monitoredLine(actor, ligne, service.id) : null]);
  const selected = asked ?? (rows[0] ? await monitoredLine(actor, rows[0].ref, service.id) : null);
  const [daily, usage] = selected?.line ? await Promise.all([lineDailyUsage(selected.line.id, month), lineMonthUsage(selected.line.id, month, selected.offer)]) : [[], null];
  const { first, next } = monthBounds(month);
  const days: LineUsageDay[] = [];
  // The whole month, days to come empty, so that the first days do not fill the chart.
  for (let d = first; compareDays(d, next) < 0; d = addDays(d, 1)) {
    const of = (zone: string) => daily.find((u) => u.day === d && u.zone === zone)?.bytes ?? BigInt(0);
    days.push({ day: d, france: of("FRANCE"), europe: of("EUROPE"), international: of("INTERNATIONAL") });
  }
  const monthLabel = formatFrenchMonth(month);
  const pages = Math.max(1, Math.ceil(total / LINES_PER_PAGE));
  const base = `/services/${service.ref}/monitoring`;
  return (
    <>
      <ServiceHeader service={service} tab="monitoring" />
      {selected?.line && usage && (
        <Card title={`Consommation ${ofFrenchMonth(month)} – ligne ${formatMsisdn(selected.line.msisdn)} (${selected.offer.name})`} className="mb-6">
          <LineUsage
            days={days}
            chartTitle={`Consommation data par jour et par zone de la ligne ${formatMsisdn(selected.line.msisdn)} en ${monthLabel}`}
            usedBytes={usage.franceBytes + usage.europeBytes}
            allowanceBytes={usage.allowanceBytes}
          />
        </Card>
      )}
      <Card title={`Lignes du service (${total.toLocaleString("fr-FR")})`}>
        {rows.length === 0 ? (
          <p className="text-sm text-slate-700">Aucune ligne active dans ce service.</p>
        ) : (
          <LinesTable rows={rows} selectedRef={selected?.ref ?? null} base={base} page={page} />
        )}
        {pages > 1 && (
          <nav aria-label="Pagination" className="mt-3 flex items-center gap-3 text-sm">
            {page > 1 && <Link href={`${base}?page=${page - 1}`} className="text-brand underline">Page précédente</Link>}
            <span>Page {page} / {pages}</span>
            {page < pages && <Link href={`${base}?page=${page + 1}`} className="text-brand underline">Page suivante</Link>}
          </nav>
        )}
        <p className="mt-3 text-xs text-slate-600">
          Une alerte est envoyée par email aux administrateurs du client à 80 % puis à 100 % de l&apos;enveloppe data et des plafonds, une fois par seuil et par mois.
        </p>
      </Card>
    </>
  );
}
