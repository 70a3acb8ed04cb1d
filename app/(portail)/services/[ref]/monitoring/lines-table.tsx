"use client";

import { Link } from "@/components/link";
import { ALERT_KIND_LABELS, formatGio, type AlertKind } from "@/lib/domain/usage";
import { formatMsisdn } from "@/lib/domain/identifiers";
import type { ServiceLineUsage } from "@/lib/server/usage";

/** The *Monitoring* tab's lines of an OpenSIM service, the month's data per zone and warnings; rendered from data like the lists (components/data-table.tsx). */
export function LinesTable({ rows, selectedRef, base, page }: { rows: ServiceLineUsage[]; selectedRef: string | null; base: string; page: number }) {
  return (
    <table className="data-table w-full text-left text-sm">
      <caption className="sr-only">Consommation du mois par ligne</caption>
      <thead className="text-xs text-slate-600 uppercase">
        <tr className="border-b border-slate-300">
          <th scope="col" className="px-2 py-2">Numéro</th>
          <th scope="col" className="px-2 py-2">Utilisateur</th>
          <th scope="col" className="px-2 py-2">Forfait</th>
          <th scope="col" className="px-2 py-2">France</th>
          <th scope="col" className="px-2 py-2">Europe</th>
          <th scope="col" className="px-2 py-2">Alertes</th>
          <th scope="col" className="px-2 py-2">Action</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.ref} className={r.ref === selectedRef ? "bg-slate-50" : undefined}>
            <td className="whitespace-nowrap">{r.line ? formatMsisdn(r.line.msisdn) : ""}</td>
            <td>{r.line?.userName ?? ""}</td>
            <td>{r.offer.name}</td>
            <td className="whitespace-nowrap">{formatGio(r.france)}</td>
            <td className="whitespace-nowrap">{formatGio(r.europe)}</td>
            <td>
              {r.alerts.length === 0
                ? "—"
                : r.alerts.map((a) => (
                    <span key={`${a.kind}${a.percent}`} className={`mr-1 inline-block rounded px-1.5 py-0.5 text-xs font-medium ${a.percent >= 100 ? "bg-red-100 text-red-900" : "bg-orange-100 text-orange-950"}`}>
                      {a.percent} % {ALERT_KIND_LABELS[a.kind as AlertKind]}
                    </span>
                  ))}
            </td>
            <td className="whitespace-nowrap">
              <Link href={`${base}?ligne=${r.ref}${page > 1 ? `&page=${page}` : ""}`} className="text-brand underline" aria-current={r.ref === selectedRef ? "true" : undefined}>
                Voir le graphique<span className="sr-only"> de la ligne {r.line ? formatMsisdn(r.line.msisdn) : r.ref}</span>
              </Link>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
