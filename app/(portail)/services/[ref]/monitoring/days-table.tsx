"use client";

import { formatFrenchDate } from "@/lib/domain/calendar-day";
import { asr, averageSeconds, DESTINATION_LABELS, formatCallDuration, formatRatio, PLACED_CATEGORIES, VOICE_RULE_LABELS, type Breach } from "@/lib/domain/voice";
import type { VoiceDay } from "@/lib/server/voice-monitoring";

const n = (value: number) => value.toLocaleString("fr-FR");
const head = "px-2 py-2 font-medium";

function BreachBadges({ breaches }: { breaches: Breach[] }) {
  if (breaches.length === 0) return <>—</>;
  return (
    <>
      {breaches.map((b) => (
        <span key={b.rule} className="mr-1 mb-0.5 inline-block rounded bg-red-100 px-1.5 py-0.5 text-xs font-medium text-red-900">
          {VOICE_RULE_LABELS[b.rule]}
        </span>
      ))}
    </>
  );
}

/** The voice monitoring's days with calls, rendered from data like the lists (components/data-table.tsx). */
export function DaysTable({ days, channels }: { days: VoiceDay[]; channels: number }) {
  return (
    <table className="figures-table w-full text-left text-sm">
      <caption className="sr-only">Appels par jour</caption>
      <thead className="text-xs text-slate-600 uppercase">
        <tr className="border-b border-slate-300">
          <th scope="col" className={head}>Jour</th>
          <th scope="col" className={head}>Émis</th>
          <th scope="col" className={head}>Reçus</th>
          <th scope="col" className={head}>Décrochés</th>
          <th scope="col" className={head}>ASR</th>
          <th scope="col" className={head}>Durée</th>
          <th scope="col" className={head}>Moyenne</th>
          <th scope="col" className={head}>Pic / canaux</th>
          {PLACED_CATEGORIES.map((c) => (
            <th key={c} scope="col" className={head}>{DESTINATION_LABELS[c]}</th>
          ))}
          <th scope="col" className={head}>Alertes</th>
        </tr>
      </thead>
      <tbody>
        {days.map(({ day, traffic: t, peak, breaches }) => {
          const average = averageSeconds(t.placedAnswered, t.placedSeconds);
          return (
            <tr key={day} className={breaches.length ? "bg-red-50/50" : undefined}>
              <th scope="row">{formatFrenchDate(day)}</th>
              <td>{n(t.placed)}</td>
              <td>{n(t.received)}</td>
              <td>{n(t.placedAnswered)}</td>
              <td>{formatRatio(asr(t.placed, t.placedAnswered))}</td>
              <td>{formatCallDuration(t.placedSeconds + t.receivedSeconds)}</td>
              <td>{average === null ? "—" : formatCallDuration(average)}</td>
              <td className={peak >= channels ? "font-semibold text-red-800" : undefined}>{n(peak)} / {n(channels)}</td>
              {PLACED_CATEGORIES.map((c) => (
                <td key={c}>{n(t.byDestination[c].calls)}</td>
              ))}
              <td className="whitespace-normal"><BreachBadges breaches={breaches} /></td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
