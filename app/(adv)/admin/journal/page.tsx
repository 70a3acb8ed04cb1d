import type { Metadata } from "next";
import { requireStaff } from "@/lib/server/authz";
import { invalidAuditFilters, listAuditEvents, parseAuditQuery } from "@/lib/server/audit-log";
import { Card, PageTitle } from "@/components/ui";
import { AuditTable } from "./audit-table";
import type { SearchParams } from "@/lib/list-query";
import { AUDIT_ACTIONS } from "@/lib/domain/labels";

export const metadata: Metadata = { title: "Journal d'audit" };

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
        <AuditTable rows={rows} total={total} query={query} actionOptions={options} />
      </Card>
    </>
  );
}
