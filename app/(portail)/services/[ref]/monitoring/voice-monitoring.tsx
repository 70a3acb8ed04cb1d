import { Link } from "@/components/link";
import { Card } from "@/components/ui";
import { DaysTable } from "./days-table";
import { CallsChart } from "./calls-chart";
import { voiceMonth } from "@/lib/server/voice-monitoring";
import type { VoiceService } from "@/lib/server/voice-checks";
import { today } from "@/lib/server/clock";
import { addMonthsClamped, formatFrenchDate, formatFrenchMonth, ofFrenchMonth } from "@/lib/domain/calendar-day";
import {
  asr,
  averageSeconds,
  DESTINATION_LABELS,
  formatBreachValue,
  formatCallDuration,
  formatRatio,
  PLACED_CATEGORIES,
  VOICE_LIMITS,
  VOICE_RULE_LABELS,
  VOICE_RULES,
} from "@/lib/domain/voice";

const n = (value: number) => value.toLocaleString("fr-FR");
const cell = "px-2 py-1.5 whitespace-nowrap tabular-nums";
const head = "px-2 py-2 font-medium";

function Tile({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <div className="rounded bg-slate-50 p-3 ring-1 ring-slate-200">
      <dt className="text-sm text-slate-600">{label}</dt>
      <dd className="text-xl font-semibold text-slate-900">{value}</dd>
      {hint && <dd className="text-xs text-slate-600">{hint}</dd>}
    </div>
  );
}

/** The last 12 months, this one first, for the month picker. */
function monthChoices(): string[] {
  const current = `${today().slice(0, 7)}-01`;
  return Array.from({ length: 12 }, (_, i) => addMonthsClamped(current, -i).slice(0, 7));
}

/**
 * The *Monitoring* tab of a trunk or Centrex (issue 9): the month's calls per day and in total, ASR,
 * durations, peak of simultaneous calls against the channels, destinations, the checks of the terms.
 */
export async function VoiceMonitoring({ service, month }: { service: VoiceService & { channels: number }; month: string }) {
  const data = await voiceMonth(service, month);
  const { total } = data;
  const monthLabel = formatFrenchMonth(month);
  const alerts = data.days.filter((d) => d.breaches.length > 0);
  const withCalls = data.days.filter((d) => d.traffic.placed + d.traffic.received > 0);
  const exportHref = `/api/services/${service.ref}/appels?mois=${month}`;
  return (
    <>
      <Card title={`Appels ${ofFrenchMonth(month)}`} className="mb-6">
        <form method="get" className="mb-4 flex flex-wrap items-end gap-3">
          <div>
            <label htmlFor="field-mois" className="block text-sm font-medium text-slate-800">Mois</label>
            <select id="field-mois" name="mois" defaultValue={month} className="mt-1 rounded border-2 border-field bg-white px-3 py-1.5 text-sm text-slate-900">
              {monthChoices().map((m) => (
                <option key={m} value={m}>{formatFrenchMonth(m)}</option>
              ))}
            </select>
          </div>
          <button type="submit" className="rounded bg-brand px-4 py-2 text-sm font-medium text-white">Afficher</button>
          <a href={exportHref} className="ml-auto text-sm text-brand underline">Exporter les jours du mois (CSV)</a>
        </form>
        <dl className="grid grid-cols-2 gap-3 md:grid-cols-4 xl:grid-cols-7">
          <Tile label="Appels émis" value={n(total.placed)} />
          <Tile label="Appels reçus" value={n(total.received)} />
          <Tile label="Émis décrochés" value={n(total.placedAnswered)} />
          <Tile label="ASR du mois" value={formatRatio(asr(total.placed, total.placedAnswered))} hint="décrochés ÷ émis" />
          <Tile label="Durée totale" value={formatCallDuration(total.placedSeconds + total.receivedSeconds)} hint={`dont émis ${formatCallDuration(total.placedSeconds)}`} />
          <Tile label="Durée moyenne (émis)" value={(() => { const a = averageSeconds(total.placedAnswered, total.placedSeconds); return a === null ? "—" : formatCallDuration(a); })()} />
          <Tile label="Pic d'appels simultanés" value={`${n(data.peak)} / ${n(data.channels)}`} hint={`canaux du service (${data.offerName})`} />
        </dl>
      </Card>

      <Card title={`Alertes ${ofFrenchMonth(month)}`} className="mb-6">
        {alerts.length === 0 ? (
          <p className="text-sm text-slate-700">Aucune alerte ce mois-ci : les appels respectent les conditions d&apos;utilisation.</p>
        ) : (
          <ul className="space-y-1 text-sm" aria-label="Alertes du mois">
            {VOICE_RULES.map((rule) => {
              const hits = alerts.flatMap((d) => d.breaches.filter((b) => b.rule === rule).map((b) => ({ day: d.day, value: b.value })));
              if (hits.length === 0) return null;
              const last = hits[hits.length - 1];
              return (
                <li key={rule} className="rounded border-l-4 border-red-600 bg-red-50 px-3 py-1.5 text-red-950">
                  <span className="font-medium">{VOICE_RULE_LABELS[rule]}</span> : {hits.length > 1 ? `${hits.length} jours` : "1 jour"} ({hits.map((h) => h.day.slice(8, 10)).join(", ")}{" "}
                  {monthLabel}) ; le {formatFrenchDate(last.day)} : {formatBreachValue(rule, last.value)}.
                </li>
              );
            })}
          </ul>
        )}
        {data.fairUse && (
          <div className="mt-4 text-sm text-slate-800">
            <p>
              <span className="font-medium">Usage du forfait illimité</span> : {n(Math.round(data.fairUse.secondsPerChannel / 60))} min par canal ce mois-ci vers les fixes et mobiles
              France ;{" "}
              {data.fairUse.reference.sample >= VOICE_LIMITS.minReferenceSample
                ? `moyenne de l'offre ${data.offerName} : ${n(Math.round(data.fairUse.reference.secondsPerChannel / 60))} min par canal et par mois.`
                : `pas encore assez d'historique sur l'offre ${data.offerName} pour établir une moyenne (${data.fairUse.reference.sample} service-mois sur les trois derniers mois).`}
            </p>
          </div>
        )}
        <details className="mt-4 text-sm text-slate-700">
          <summary className="cursor-pointer font-medium text-slate-800">Comment les règles sont mesurées</summary>
          <ul className="mt-2 list-disc space-y-1 pl-5">
            <li>ASR quotidien : appels émis décrochés ÷ appels émis ; alerte en dessous de 50 %.</li>
            <li>Durée moyenne quotidienne : durée des appels émis décrochés ÷ leur nombre ; alerte en dessous de 40 secondes.</li>
            <li>Ces deux règles ne s&apos;appliquent qu&apos;aux jours d&apos;au moins {VOICE_LIMITS.minPlacedCalls} appels émis.</li>
            <li>Chaque appel, émis ou reçu, est limité à 120 minutes ; un appel plus long déclenche une alerte.</li>
            <li>
              Offres illimitées : minutes émises vers les fixes et mobiles France depuis le début du mois, par canal, comparées à la moyenne mensuelle par canal des services de
              la même offre sur les trois mois civils précédents ; alerte au-delà de {VOICE_LIMITS.fairUseFactor} fois cette moyenne.
            </li>
            <li>Les jours suivent l&apos;heure de Paris et le jour de début de l&apos;appel ; le pic d&apos;appels simultanés compte les appels décrochés pendant leur durée.</li>
            <li>Une alerte est envoyée par email aux administrateurs du client, une fois par jour et par règle.</li>
          </ul>
        </details>
      </Card>

      <Card title={`Appels par jour – ${monthLabel}`} className="mb-6">
        <CallsChart
          bars={data.days.map((d) => ({ day: d.day, values: [d.traffic.placedAnswered, d.traffic.placed - d.traffic.placedAnswered, d.traffic.received] }))}
          title={`Appels émis et reçus par jour du service ${service.ref} en ${monthLabel}`}
        />
      </Card>

      <Card title="Répartition des appels émis par destination" className="mb-6">
        <table className="w-full max-w-3xl text-left text-sm">
          <caption className="sr-only">Appels émis du mois par type de destination</caption>
          <thead className="text-xs text-slate-600 uppercase">
            <tr className="border-b border-slate-300">
              <th scope="col" className={head}>Destination</th>
              <th scope="col" className={head}>Appels</th>
              <th scope="col" className={head}>Décrochés</th>
              <th scope="col" className={head}>ASR</th>
              <th scope="col" className={head}>Durée</th>
              <th scope="col" className={head}>Durée moyenne</th>
            </tr>
          </thead>
          <tbody>
            {PLACED_CATEGORIES.map((c) => {
              const d = total.byDestination[c];
              const average = averageSeconds(d.answered, d.seconds);
              return (
                <tr key={c} className="border-b border-slate-100">
                  <th scope="row" className="px-2 py-1.5 font-normal">{DESTINATION_LABELS[c]}</th>
                  <td className={cell}>{n(d.calls)}</td>
                  <td className={cell}>{n(d.answered)}</td>
                  <td className={cell}>{formatRatio(asr(d.calls, d.answered))}</td>
                  <td className={cell}>{formatCallDuration(d.seconds)}</td>
                  <td className={cell}>{average === null ? "—" : formatCallDuration(average)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </Card>

      <Card title={`Détail par jour (${n(withCalls.length)} ${withCalls.length > 1 ? "jours" : "jour"} avec des appels)`}>
        {withCalls.length === 0 ? (
          <p className="text-sm text-slate-700">Aucun appel ce mois-ci.</p>
        ) : (
          <div className="overflow-x-auto">
            <DaysTable days={withCalls} channels={data.channels} />
          </div>
        )}
        <p className="mt-3 text-xs text-slate-600">
          Les appels arrivent par import des tickets de la plateforme voix ; la page lit les totaux par jour. <Link href="/services" className="text-brand underline">Retour aux services</Link>
        </p>
      </Card>
    </>
  );
}
