import type { Metadata } from "next";
import { requireActor } from "@/lib/server/authz";
import { Link } from "@/components/link";
import { db } from "@/lib/server/db";
import { UNIVERSE_LABELS } from "@/lib/server/companies";
import { chooseUniverse } from "@/app/session-actions";
import { Card, Details, PageTitle, StateBadge } from "@/components/ui";
import { CompanyUsers } from "@/components/company-users";
import { listCompanyUsers, managesUsersOf } from "@/lib/server/company-users";
import { formatDay, formatFrenchDate } from "@/lib/domain/calendar-day";
import { LEGAL_FORMS } from "@/lib/domain/labels";

export const metadata: Metadata = { title: "Ma société" };

export default async function MyCompanyPage() {
  const actor = await requireActor();
  const company = await db.company.findUniqueOrThrow({ where: { id: actor.company.id } });
  return (
    <>
      <PageTitle subtitle={`Bienvenue, ${actor.name}.`}>Ma société</PageTitle>
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title={company.name}>
          <Details
            items={[
              ["Identifiant", company.id],
              ["Raison sociale", company.name],
              ["Statut", LEGAL_FORMS[company.legalForm]],
              ["SIRET", company.siret],
              ["Date de création", formatFrenchDate(formatDay(company.createdOn))],
              ["État", <StateBadge key="state" active={company.active} />],
            ]}
          />
          <p className="mt-4">
            <Link href={`/societes/${company.id}`} className="text-brand underline">
              Coordonnées, sites et comptes de facturation ›
            </Link>
          </p>
        </Card>
        <Card title="Univers">
          {company.universes.length === 0 ? (
            <p className="text-slate-600">Cette société n&apos;a pas d&apos;univers.</p>
          ) : (
            <ul className="space-y-3">
              {company.universes.map((universe) => {
                const current = actor.universe === universe;
                return (
                  <li key={universe} className={`flex items-center justify-between rounded border px-4 py-3 ${current ? "border-brand bg-blue-50" : "border-slate-200"}`}>
                    <span className="font-medium">{UNIVERSE_LABELS[universe]}</span>
                    {current ? (
                      <span className="text-sm font-medium text-brand">Univers actuel</span>
                    ) : (
                      <form action={chooseUniverse}>
                        <input type="hidden" name="universe" value={universe} />
                        <button type="submit" className="rounded bg-brand px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-dark">
                          Choisir l&apos;{UNIVERSE_LABELS[universe].toLowerCase()}
                        </button>
                      </form>
                    )}
                  </li>
                );
              })}
            </ul>
          )}
          {company.universes.length > 1 && !actor.universe && (
            <p className="mt-3 text-sm text-slate-700">Choisissez l&apos;univers dans lequel vous souhaitez travailler.</p>
          )}
        </Card>
      </div>
      {!company.isOperator && managesUsersOf(actor, company) && (
        <Card title="Utilisateurs de la société" className="mt-6">
          <CompanyUsers companyId={company.id} users={await listCompanyUsers(actor, company.id)} currentUserId={actor.userId} manage />
        </Card>
      )}
    </>
  );
}
