import { MANDATE_STATE_LABELS, type MandateState } from "@/lib/domain/mandates";

const COLORS: Record<MandateState, string> = {
  ACTIF: "bg-green-100 text-green-900",
  REVOQUE: "bg-slate-200 text-slate-800",
  CADUC: "bg-amber-100 text-amber-900",
};

/** A mandate's state as of today: *Actif*, *Révoqué*, *Caduc* (SPEC §12). */
export function MandateStateBadge({ state }: { state: MandateState }) {
  return <span className={`inline-block rounded px-2 py-0.5 text-xs font-medium ${COLORS[state]}`}>{MANDATE_STATE_LABELS[state]}</span>;
}
