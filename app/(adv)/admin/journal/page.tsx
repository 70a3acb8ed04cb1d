import type { Metadata } from "next";
import { TZDate } from "@date-fns/tz";
import { requireStaff } from "@/lib/server/authz";
import { AUDIT_ACTIONS, auditActionLabel, invalidAuditFilters, listAuditEvents, parseAuditQuery, type AuditRow } from "@/lib/server/audit-log";
import { Card, PageTitle } from "@/components/ui";
import { DataTable, type Column } from "@/components/data-table";
import { formatFrenchDate, parisDay, PARIS_TIME_ZONE } from "@/lib/domain/calendar-day";
import type { SearchParams } from "@/lib/list-query";

export const metadata: Metadata = { title: "Journal d'audit" };

/** `dd/MM/yyyy HH:mm:ss` in Europe/Paris. */
function parisDateTime(at: Date): string {
  const paris = new TZDate(at.getTime(), PARIS_TIME_ZONE);
  const time = [paris.getHours(), paris.getMinutes(), paris.getSeconds()].map((n) => String(n).padStart(2, "0")).join(":");
  return `${formatFrenchDate(parisDay(at))} ${time}`;
}

const muted = (text: string) => <span className="text-slate-600">{text}</span>;

function columns(actionOptions: [string, string][]): Column<AuditRow>[] {
  return [
    { key: "date", label: "Date", sortable: true, filter: { type: "date" }, cell: (e) => <span className="whitespace-nowrap">{parisDateTime(e.at)}</span> },
    {
      key: "actor",
      label: "Acteur",
      filter: { type: "text", placeholder: "E-0000000000" },
      cell: (e) =>
        e.actor ? (
          <>
            <span className="whitespace-nowrap">{e.actor.identifier}</span>
            <br />
            {e.actor.name}
          </>
        ) : (
          muted("—")
        ),
    },
    {
      key: "action",
      label: "Action",
      sortable: true,
      filter: { type: "select", options: actionOptions },
      cell: (e) => (Object.hasOwn(AUDIT_ACTIONS, e.action) ? auditActionLabel(e.action) : <code>{e.action}</code>),
    },
    {
      key: "company",
      label: "Société",
      sortable: true,
      filter: { type: "text" },
      cell: (e) => (e.companyId === null ? muted("—") : e.companyName ? `${e.companyId} ${e.companyName}` : e.companyId),
    },
    { key: "target", label: "Cible", cell: (e) => `${e.targetType} ${e.targetId}` },
    { key: "ip", label: "Adresse IP", cell: (e) => e.ip ?? muted("—") },
  ];
}

/** Staff read who did what, when and from where (SPEC §1, §8). */
export default async function AuditLogPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const actor = await requireStaff("SUPPORT");
  const query = parseAuditQuery(await searchParams);
  const problems = invalidAuditFilters(query);
  const { rows, total } = await listAuditEvents(actor, query);
  // An action code typed in the URL that the list does not know stays selected in the filter.
  const options = Object.entries(AUDIT_ACTIONS).sort(([, a], [, b]) => a.localeCompare(b, "fr"));
  const current = query.filters.action;
  if (current && !Object.hasOwn(AUDIT_ACTIONS, current)) options.push([current, current]);
  return (
    <>
      <PageTitle subtitle="Qui a fait quoi, quand et depuis quelle adresse IP.">Journal d&apos;audit</PageTitle>
      <Card>
        {problems.length > 0 && (
          <div role="alert" className="mb-4 rounded border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
            <p className="font-medium">Filtre invalide : aucun événement ne peut correspondre.</p>
            <ul className="list-disc pl-5">
              {problems.map((problem) => (
                <li key={problem}>{problem}</li>
              ))}
            </ul>
          </div>
        )}
        <DataTable caption="Journal d'audit" path="/admin/journal" columns={columns(options)} rows={rows} rowKey={(e) => String(e.id)} total={total} query={query} />
      </Card>
    </>
  );
}
