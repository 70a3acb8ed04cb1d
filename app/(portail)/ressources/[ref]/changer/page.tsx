import type { Metadata } from "next";
import { Link } from "@/components/link";
import { notFound } from "next/navigation";
import { mayManageLines, requireActor } from "@/lib/server/authz";
import { availableResources, getResource } from "@/lib/server/resources";
import { Card, PageTitle } from "@/components/ui";
import { ChangeResourceForm } from "./change-resource-form";
import { changeResourceAction } from "../../actions";
import { eligibleTargets, PLAN_CATEGORY_LABELS, type PlanCategory } from "@/lib/domain/plan-change";
import { formatMsisdn } from "@/lib/domain/identifiers";

export const metadata: Metadata = { title: "Changer la ressource" };


/** *Changer la ressource* (SPEC §4 rules 1–3): only the client's *Disponible* resources of the line's category. */
export default async function ChangeResourcePage({ params }: { params: Promise<{ ref: string }> }) {
  const actor = await requireActor();
  const { resource } = await getResource(actor, (await params).ref);
  if (!mayManageLines(actor) || !resource.line) notFound();
  const companyId = resource.service.companyId;
  const from = { id: resource.id, companyId, state: resource.state, category: resource.offer.planCategory as PlanCategory | null, hasLine: true };
  const candidates = resource.offer.planCategory ? await availableResources(companyId, { category: resource.offer.planCategory }) : [];
  const targets = eligibleTargets(
    from,
    candidates.map((c) => ({ ...c, companyId: c.service.companyId, category: c.offer.planCategory as PlanCategory | null, hasLine: c.lineId !== null })),
  );
  const category = resource.offer.planCategory ? PLAN_CATEGORY_LABELS[resource.offer.planCategory] : "—";
  return (
    <>
      <PageTitle subtitle={<Link href={`/ressources/${resource.ref}`} className="text-brand underline">← Ressource {resource.ref}</Link>}>
        Changer la ressource de la ligne {formatMsisdn(resource.line.msisdn)}
      </PageTitle>
      <Card>
        <p className="mb-4 text-sm text-slate-700">
          Forfait actuel : <strong>{resource.offer.name}</strong> (catégorie {category}). Le changement est immédiat : le numéro, la carte SIM, le RIO et
          l&apos;utilisateur passent sur la ressource choisie, et la ressource actuelle redevient disponible. L&apos;enveloppe data du mois est calculée au
          prorata des jours passés sur chaque forfait ; le seuil de blocage ou de réduction de débit du nouveau forfait s&apos;applique dès le changement.
        </p>
        {resource.state !== "ACTIF" ? (
          <p role="alert" className="text-sm text-accent">Seule une ligne active peut changer de ressource.</p>
        ) : targets.length === 0 ? (
          <div role="status" className="rounded border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-950">
            <p>Aucune ressource disponible de la catégorie {category} : vous devez au préalable passer une commande du forfait souhaité.</p>
            <p className="mt-2">
              <Link href={`/commandes/nouvelle?client=${companyId}`} className="font-medium text-brand underline">
                Commander un forfait {category}
              </Link>
            </p>
          </div>
        ) : (
          <ChangeResourceForm
            action={changeResourceAction.bind(null, resource.ref)}
            targets={targets.map((t) => ({ ref: t.ref, offer: t.offer.name, service: t.service.ref }))}
          />
        )}
      </Card>
    </>
  );
}
