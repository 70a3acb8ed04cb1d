import type { ResourceState } from "@/lib/generated/prisma/enums";
import { RESOURCE_STATES } from "@/lib/domain/labels";

const TONES: Record<ResourceState, string> = {
  DISPONIBLE: "border-sky-300 bg-sky-50 text-sky-900",
  ACTIF: "border-green-300 bg-green-50 text-green-900",
  SUSPENDU: "border-amber-300 bg-amber-50 text-amber-900",
  RESILIATION_PROGRAMMEE: "border-orange-300 bg-orange-50 text-orange-900",
  RESILIE: "border-slate-300 bg-slate-100 text-slate-700",
};

export function ResourceStateBadge({ state }: { state: ResourceState }) {
  return <span className={`inline-block rounded border px-2 py-0.5 text-xs font-medium whitespace-nowrap ${TONES[state]}`}>{RESOURCE_STATES[state]}</span>;
}
