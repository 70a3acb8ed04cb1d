import type { Metadata } from "next";
import { Link } from "@/components/link";
import { requireStaff } from "@/lib/server/authz";
import { BREACH_WINDOW_DAYS, servicesInBreach } from "@/lib/server/voice-monitoring";
import { Card, PageTitle } from "@/components/ui";
import { formatFrenchDate } from "@/lib/domain/calendar-day";
import { VOICE_RULE_LABELS } from "@/lib/domain/voice";
import { PAGE_SIZE } from "@/lib/list-query";

export const metadata: Metadata = { title: "Services voix en infraction" };

/** Staff: the telephony services that broke a rule of the terms in the last 7 days, most severe first (issue 9). */
export default async function VoiceBreachesPage({ searchParams }: { searchParams: Promise<{ page?: string }> }) {
  await requireStaff();
  const page = Math.min(100_000, Math.max(1, Number.parseInt((await searchParams).page ?? "1", 10) || 1));
  const { rows, total, since } = await servicesInBreach(page);
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  return (
    <>
      <PageTitle
        subtitle={
          <>
            Les trunks SIP et Centrex qui ont enfreint une règle d&apos;usage depuis le {formatFrenchDate(since)} ({BREACH_WINDOW_DAYS} derniers jours), triés par gravité : nombre de règles
            enfreintes, puis nombre de jours en infraction, puis jour le plus récent. Les appels arrivent par l&apos;<Link href="/admin/appels" className="text-brand underline">import des appels</Link>.
          </>
        }
      >
        Services voix en infraction
      </PageTitle>
      <Card>
        <p role="status" className="mb-3 text-sm text-slate-700">{total === 0 ? "Aucun service en infraction" : `${total} service${total > 1 ? "s" : ""} en infraction`}</p>
        {rows.length > 0 && (
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Services en infraction, du plus grave au moins grave</caption>
            <thead className="text-xs text-slate-600 uppercase">
              <tr className="border-b border-slate-300">
                <th scope="col" className="px-2 py-2">Service</th>
                <th scope="col" className="px-2 py-2">Client</th>
                <th scope="col" className="px-2 py-2">Règles enfreintes</th>
                <th scope="col" className="px-2 py-2">Jours en infraction</th>
                <th scope="col" className="px-2 py-2">Dernier jour</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.ref} className="border-b border-slate-100 align-top">
                  <td className="px-2 py-2">
                    <Link href={`/services/${r.ref}/monitoring?mois=${r.lastDay.slice(0, 7)}`} className="text-brand underline">{r.ref}</Link> {r.name}
                  </td>
                  <td className="px-2 py-2">{r.company.id} {r.company.name}</td>
                  <td className="px-2 py-2">
                    <ul>
                      {r.rules.map((rule) => (
                        <li key={rule}>{VOICE_RULE_LABELS[rule]}</li>
                      ))}
                    </ul>
                  </td>
                  <td className="px-2 py-2 tabular-nums">{r.days}</td>
                  <td className="px-2 py-2 whitespace-nowrap">{formatFrenchDate(r.lastDay)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {pages > 1 && (
          <nav aria-label="Pagination" className="mt-4 flex gap-3 text-sm">
            {page > 1 && <Link href={`/admin/alertes-voix?page=${page - 1}`} className="text-brand underline">Page précédente</Link>}
            <span>Page {page} / {pages}</span>
            {page < pages && <Link href={`/admin/alertes-voix?page=${page + 1}`} className="text-brand underline">Page suivante</Link>}
          </nav>
        )}
      </Card>
    </>
  );
}
