"use client";

import { DailyBarChart } from "@/components/daily-bar-chart";
import { Gauge } from "@/components/gauge";
import { formatGio, percentUsed } from "@/lib/domain/usage";

export type LineUsageDay = { day: string; france: bigint; europe: bigint; international: bigint };

const ZONE_SERIES = [
  { label: "France", color: "#14285a" },
  { label: "Europe", color: "#f2b705" },
  { label: "International", color: "#d2232a" },
];

/**
 * The selected line of the *Monitoring* tab (SPEC §4): the month's data per day and zone as a chart, the
 * allowance gauge, and the days with usage as a table. Rendered from data like the lists
 * (components/data-table.tsx): `days` is the whole month, days to come empty.
 */
export function LineUsage({ days, chartTitle, usedBytes, allowanceBytes }: { days: LineUsageDay[]; chartTitle: string; usedBytes: bigint; allowanceBytes: bigint | null }) {
  return (
    <>
      <DailyBarChart
        bars={days.map((d) => ({ day: d.day, values: [Number(d.france), Number(d.europe), Number(d.international)] }))}
        series={ZONE_SERIES}
        formatMax={(max) => formatGio(BigInt(Math.round(max)))}
        title={chartTitle}
      />
      <div className="mt-4 max-w-xl">
        <Gauge
          label="Enveloppe data du mois (France et Europe)"
          used={formatGio(usedBytes)}
          limit={allowanceBytes === null ? null : formatGio(allowanceBytes)}
          percent={percentUsed(usedBytes, allowanceBytes)}
        />
      </div>
      <table className="mt-4 w-full max-w-xl text-left text-sm">
        <caption className="sr-only">Consommation par jour et par zone</caption>
        <thead className="text-xs text-slate-600 uppercase">
          <tr className="border-b border-slate-300">
            <th scope="col" className="px-2 py-1">Jour</th>
            <th scope="col" className="px-2 py-1">France</th>
            <th scope="col" className="px-2 py-1">Europe</th>
            <th scope="col" className="px-2 py-1">International</th>
          </tr>
        </thead>
        <tbody>
          {days.filter((d) => d.france + d.europe + d.international > BigInt(0)).map((d) => (
            <tr key={d.day} className="border-b border-slate-100">
              <td className="px-2 py-1">{d.day.split("-").reverse().join("/")}</td>
              <td className="px-2 py-1">{formatGio(d.france)}</td>
              <td className="px-2 py-1">{formatGio(d.europe)}</td>
              <td className="px-2 py-1">{formatGio(d.international)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
