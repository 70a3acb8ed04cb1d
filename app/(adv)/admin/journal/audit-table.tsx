"use client";

import { TZDate } from "@date-fns/tz";
import { DataTable, type Column } from "@/components/data-table";
import { formatFrenchDate, parisDay, PARIS_TIME_ZONE } from "@/lib/domain/calendar-day";
import { AUDIT_ACTIONS, auditActionLabel } from "@/lib/domain/labels";
import type { AuditQuery, AuditRow } from "@/lib/server/audit-log";

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

/** The staff's audit log; `actionOptions` is the action filter's list. */
export function AuditTable({ rows, total, query, actionOptions }: { rows: AuditRow[]; total: number; query: AuditQuery; actionOptions: [string, string][] }) {
  return <DataTable caption="Journal d'audit" path="/admin/journal" columns={columns(actionOptions)} rows={rows} rowKey={(e) => String(e.id)} total={total} query={query} />;
}
