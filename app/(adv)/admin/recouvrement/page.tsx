import type { Metadata } from "next";
import { requireStaff } from "@/lib/server/authz";
import { dunningOverview, HOLD_MAX_MONTHS, type DunnedAccount, type DunningStage } from "@/lib/server/dunning";
import { SUSPENSION_REASON_LABELS } from "@/lib/server/suspensions";
import { PageTitle } from "@/components/ui";
import { addDays, addMonthsClamped, formatFrenchDate } from "@/lib/domain/calendar-day";
import { formatEuros } from "@/lib/domain/money";
import { DunningTables, type DunningRow, type DunningStageTable } from "./dunning-tables";

export const metadata: Metadata = { title: "Recouvrement" };

const STAGES: { stage: DunningStage; table: Omit<DunningStageTable, "rows"> }[] = [
  { stage: "SUSPENDU", table: { title: "Suspendus", empty: "Aucun compte suspendu.", note: "Lignes mobiles et trunks SIP suspendus (appels sortants bloqués, urgences exceptées) ; le règlement complet, ou un seuil relevé, les réactive aussitôt." } },
  { stage: "A_SUSPENDRE", table: { title: "À suspendre", empty: "Aucun compte à suspendre.", note: "Le jour de suspension est arrivé et la relance n'est pas réglée : la suspension (motif Impayé) est appliquée par la tâche review-suspensions, toutes les heures." } },
  { stage: "RELANCE", table: { title: "Relancés", empty: "Aucun compte relancé en cours." } },
  { stage: "EN_ATTENTE", table: { title: "En attente", empty: "Aucun compte en attente.", note: "Ni relance ni suspension pour impayé jusqu'à la date de fin.", withHold: true } },
];

const day = (d: string | null) => (d ? formatFrenchDate(d) : "—");

function rowOf(a: DunnedAccount): DunningRow {
  return {
    ref: a.ref, name: a.name, ownerName: a.ownerName, href: `/societes/${a.ownerId}/comptes/${a.ref}/encours`,
    overdue: formatEuros(a.overdueCents), oldestDueOn: day(a.oldestDueOn), lastReminderOn: day(a.lastReminderOn), suspendOn: a.suspended ? `Depuis le ${formatFrenchDate(a.suspended.since)} (${a.suspended.reasons.map((r) => SUSPENSION_REASON_LABELS[r]).join(", ")})` : day(a.suspendOn),
    hold: a.hold ? { id: a.hold.id, reason: a.hold.reason, until: formatFrenchDate(a.hold.until) } : null,
  };
}

/** ADV (SPEC §13, art. 8.6.1 and 12.1): the accounts reminded, due for suspension, or on hold. */
export default async function DunningPage() {
  const actor = await requireStaff("ADV");
  const { today, accounts } = await dunningOverview(actor);
  const stages = STAGES.map(({ stage, table }) => ({ ...table, rows: accounts.filter((a) => a.stage === stage).map(rowOf) }));
  return (
    <>
      <PageTitle subtitle="Les comptes dont une facture relancée n'est pas réglée, et ceux mis en attente. Montants TTC restant dus sur les factures relancées.">
        Recouvrement
      </PageTitle>
      <DunningTables stages={stages} tomorrow={addDays(today, 1)} latest={addMonthsClamped(today, HOLD_MAX_MONTHS)} />
    </>
  );
}
