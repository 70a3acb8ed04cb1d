import type { Metadata } from "next";
import { requireStaff } from "@/lib/server/authz";
import { dunningOverview, HOLD_MAX_MONTHS, type DunnedAccount, type DunningStage } from "@/lib/server/dunning";
import { PageTitle } from "@/components/ui";
import { addDays, addMonthsClamped, formatFrenchDate } from "@/lib/domain/calendar-day";
import { formatEuros } from "@/lib/domain/money";
import { DunningTables, type DunningRow, type DunningStageTable } from "./dunning-tables";

export const metadata: Metadata = { title: "Recouvrement" };

const STAGES: { stage: DunningStage; table: Omit<DunningStageTable, "rows"> }[] = [
  { stage: "A_SUSPENDRE", table: { title: "À suspendre", empty: "Aucun compte à suspendre.", note: "Le jour de suspension est arrivé et la relance n'est pas réglée. La suspension des lignes (motif Impayé) sera appliquée par une étape à venir ; d'ici là, elle reste à faire." } },
  { stage: "RELANCE", table: { title: "Relancés", empty: "Aucun compte relancé en cours." } },
  { stage: "EN_ATTENTE", table: { title: "En attente", empty: "Aucun compte en attente.", note: "Ni relance ni suspension pour impayé jusqu'à la date de fin.", withHold: true } },
];

const day = (d: string | null) => (d ? formatFrenchDate(d) : "—");

function rowOf(a: DunnedAccount): DunningRow {
  return {
    ref: a.ref, name: a.name, ownerName: a.ownerName, href: `/societes/${a.ownerId}/comptes/${a.ref}/encours`,
    overdue: formatEuros(a.overdueCents), oldestDueOn: day(a.oldestDueOn), lastReminderOn: day(a.lastReminderOn), suspendOn: day(a.suspendOn),
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
