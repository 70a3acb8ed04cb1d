import type { OcState } from "@/lib/generated/prisma/enums";
import { OC_STATES } from "@/lib/domain/labels";

const TONES: Record<OcState, string> = {
  EN_COURS_DE_LIVRAISON: "border-amber-300 bg-amber-50 text-amber-900",
  LIVREE: "border-green-300 bg-green-50 text-green-900",
  RESILIATION_PROGRAMMEE: "border-orange-300 bg-orange-50 text-orange-900",
  RESILIEE: "border-slate-300 bg-slate-100 text-slate-700",
};

export function OcStateBadge({ state }: { state: OcState }) {
  return <span className={`inline-block rounded border px-2 py-0.5 text-xs font-medium whitespace-nowrap ${TONES[state]}`}>{OC_STATES[state]}</span>;
}
