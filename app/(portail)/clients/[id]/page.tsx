import type { Metadata } from "next";
import { Link } from "@/components/link";
import { notFound } from "next/navigation";
import { actsAsReseller, isStaff, requireActor, viewerOf } from "@/lib/server/authz";
import { getClient } from "@/lib/server/clients";
import { UNIVERSE_LABELS } from "@/lib/server/companies";
import { Card, Details, PageTitle, StateBadge } from "@/components/ui";
import { CompanyUsers } from "@/components/company-users";
import { managesUsersOf } from "@/lib/server/company-users";
import { formatDay, formatFrenchDate } from "@/lib/domain/calendar-day";
import { addResellerUniverseAction, setClientActiveAction } from "../actions";
import { LEGAL_FORMS } from "@/lib/domain/labels";
import { isResellerClientOf, RESELLER_CLIENT_USERS_MESSAGE } from "@/lib/domain/tenancy";

export const metadata: Metadata = { title: "Client" };

/** SPEC §5's useful links; each becomes a link once its page exists in the portal. */
const USEFUL_LINKS: { label: string; href?: (clientId: number) => string }[] = [
  { label: "Coordonnées, sites et comptes de facturation", href: (id) => `/societes/${id}` },
  { label: "Commander pour mon client", href: (id) => `/commandes/nouvelle?client=${id}` },
  { label: "Consultation des factures", href: (id) => `/factures?endClient=${id}` },
  { label: "Consultation des avoirs", href: (id) => `/avoirs?endClient=${id}` },
  { label: "Voir les offres contractées", href: (id) => `/offres-contractees?endClient=${id}` },
  { label: "Consulter les services d'un client", href: (id) => `/services?client=${id}` },
];

export default async function ClientPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ cree?: string }> }) {
  const actor = await requireActor();
  if (!actsAsReseller(actor) && !isStaff(actor)) notFound();
  const { id } = await params;
  const { cree } = await searchParams;
  const { client, users } = await getClient(actor, /^\d{1,9}$/.test(id) ? Number(id) : -1);
  return (
    <>
      <PageTitle subtitle={<Link href="/clients" className="text-brand underline">← Mes clients</Link>}>
        {client.id} {client.name}
      </PageTitle>
      {cree && (
        <p role="status" className="mb-4 rounded border border-green-300 bg-green-50 px-3 py-2 text-sm text-green-900">
          Le client a été créé ; son premier utilisateur a reçu par email le lien d&apos;initialisation du mot de passe.
        </p>
      )}
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="Détails">
          <Details
            items={[
              ["Identifiant", client.id],
              ["Raison sociale", client.name],
              ["Statut", LEGAL_FORMS[client.legalForm]],
              ["SIRET", client.siret],
              ["Date de création", formatFrenchDate(formatDay(client.createdOn))],
              ["État", <StateBadge key="state" active={client.active} />],
            ]}
          />
          <form action={setClientActiveAction} className="mt-4">
            <input type="hidden" name="clientId" value={client.id} />
            <input type="hidden" name="active" value={client.active ? "false" : "true"} />
            <button type="submit" className={`rounded px-3 py-1.5 text-sm font-medium text-white ${client.active ? "bg-accent" : "bg-brand"}`}>
              {client.active ? "Désactiver le client" : "Réactiver le client"}
            </button>
            {client.active && <p className="mt-1 text-xs text-slate-600">Ses utilisateurs ne pourront plus se connecter ; rien n&apos;est supprimé.</p>}
          </form>
        </Card>
        <div className="space-y-6">
          <Card title="Univers">
            <ul className="space-y-2">
              {client.universes.map((universe) => (
                <li key={universe} className="rounded border border-slate-200 px-3 py-2 font-medium">
                  {UNIVERSE_LABELS[universe]}
                </li>
              ))}
            </ul>
            {!client.universes.includes("REVENDEUR") && (
              <form action={addResellerUniverseAction} className="mt-3">
                <input type="hidden" name="clientId" value={client.id} />
                <button type="submit" className="rounded border border-brand px-3 py-1.5 text-sm font-medium text-brand hover:bg-blue-50">
                  Ajouter un univers revendeur
                </button>
              </form>
            )}
          </Card>
          <Card title="Liens utiles">
            <ul className="space-y-1">
              {USEFUL_LINKS.map((link) => (
                <li key={link.label}>
                  {link.href ? (
                    <Link href={link.href(client.id)} className="text-brand underline">
                      {link.label} ›
                    </Link>
                  ) : (
                    <span className="text-slate-600">
                      {link.label} <span className="text-xs">(bientôt disponible)</span>
                    </span>
                  )}
                </li>
              ))}
            </ul>
          </Card>
        </div>
      </div>
      <Card title="Utilisateurs" className="mt-6">
        {isResellerClientOf(viewerOf(actor), client) && <p className="mb-3 text-sm text-slate-700">{RESELLER_CLIENT_USERS_MESSAGE}</p>}
        <CompanyUsers companyId={client.id} users={users} currentUserId={actor.userId} manage={managesUsersOf(actor, client)} />
      </Card>
    </>
  );
}
