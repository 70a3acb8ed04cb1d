import type { Metadata } from "next";
import { Link } from "@/components/link";
import { notFound } from "next/navigation";
import { requireStaff } from "@/lib/server/authz";
import { db } from "@/lib/server/db";
import { UNIVERSE_LABELS } from "@/lib/server/companies";
import { Card, Details, PageTitle, StateBadge } from "@/components/ui";
import { formatDay, formatFrenchDate, parisDay } from "@/lib/domain/calendar-day";
import { resendLinkAction, setBillingModeAction, setCompanyActiveAction } from "../actions";
import { UserForm } from "./user-form";
import { LEGAL_FORMS } from "@/lib/domain/labels";

export const metadata: Metadata = { title: "Société" };

export default async function CompanyAdminPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ lien?: string }> }) {
  await requireStaff("SUPPORT");
  const { id } = await params;
  const { lien } = await searchParams;
  const companyId = /^\d{1,9}$/.test(id) ? Number(id) : null;
  const company = companyId
    ? await db.company.findUnique({ where: { id: companyId }, include: { parent: true, users: { orderBy: { identifier: "asc" } } } })
    : null;
  if (!company) notFound();
  return (
    <>
      <PageTitle subtitle={<Link href="/admin/societes" className="text-brand underline">← Toutes les sociétés</Link>}>
        {company.id} {company.name}
      </PageTitle>
      {lien && (
        <p role="status" className="mb-4 rounded border border-green-300 bg-green-50 px-3 py-2 text-sm text-green-900">
          Un nouveau lien d&apos;initialisation du mot de passe a été envoyé à l&apos;utilisateur {lien} ; les liens précédents ne sont plus valides.
        </p>
      )}
      <div className="grid gap-6 xl:grid-cols-[1fr_24rem]">
        <div className="space-y-6">
          <Card title="Détails">
            <Details
              items={[
                ["Identifiant", company.id],
                ["Raison sociale", company.name],
                ["Statut", LEGAL_FORMS[company.legalForm]],
                ["SIRET", company.siret],
                ["Date de création", formatFrenchDate(formatDay(company.createdOn))],
                ["Société parente", company.parent ? `${company.parent.id} ${company.parent.name}` : "—"],
                ["Univers", company.universes.map((u) => UNIVERSE_LABELS[u]).join(", ") || "—"],
                ["État", <StateBadge key="state" active={company.active} />],
              ]}
            />
            {company.parentId !== null && (
              <form action={setBillingModeAction} className="mt-4 flex flex-wrap items-end gap-2">
                <input type="hidden" name="companyId" value={company.id} />
                <div className="space-y-1">
                  <label htmlFor="billing-mode" className="block text-sm font-medium text-slate-800">
                    Facturation
                  </label>
                  <select id="billing-mode" name="billingMode" defaultValue={company.billingMode} className="block rounded border-2 border-field bg-white px-3 py-1.5">
                    <option value="DIRECTE">Directe (son propre compte)</option>
                    <option value="VIA_REVENDEUR">Via le revendeur</option>
                  </select>
                </div>
                <button type="submit" className="rounded border border-brand px-3 py-1.5 text-sm font-medium text-brand hover:bg-blue-50">
                  Changer la facturation
                </button>
              </form>
            )}
            <p className="mt-4">
              <Link href={`/societes/${company.id}`} className="text-brand underline">
                Coordonnées, sites et comptes de facturation ›
              </Link>
            </p>
            {!company.isOperator && (
              <form action={setCompanyActiveAction} className="mt-4">
                <input type="hidden" name="companyId" value={company.id} />
                <input type="hidden" name="active" value={company.active ? "false" : "true"} />
                <button type="submit" className={`rounded px-3 py-1.5 text-sm font-medium text-white ${company.active ? "bg-accent" : "bg-brand"}`}>
                  {company.active ? "Désactiver la société" : "Réactiver la société"}
                </button>
              </form>
            )}
          </Card>
          <Card title="Utilisateurs">
            {company.users.length === 0 ? (
              <p className="text-slate-600">Aucun utilisateur.</p>
            ) : (
              <div className="overflow-x-auto">
                <table className="w-full text-left text-sm">
                  <thead className="border-b border-slate-300 text-slate-600">
                    <tr>
                      <th className="py-2 pr-3">Identifiant</th>
                      <th className="py-2 pr-3">Nom</th>
                      <th className="py-2 pr-3">Email</th>
                      <th className="py-2 pr-3">Rôle</th>
                      <th className="py-2 pr-3">Mot de passe</th>
                      <th className="py-2 pr-3">Dernière connexion</th>
                      <th className="py-2">Action</th>
                    </tr>
                  </thead>
                  <tbody>
                    {company.users.map((user) => (
                      <tr key={user.id} className="border-b border-slate-100">
                        <td className="py-2 pr-3">{user.identifier}</td>
                        <td className="py-2 pr-3">{user.name}</td>
                        <td className="py-2 pr-3">{user.email}</td>
                        <td className="py-2 pr-3">{user.role === "ADMINISTRATEUR" ? "Administrateur" : "Utilisateur"}</td>
                        <td className="py-2 pr-3">{user.passwordHash ? "Défini" : "En attente"}</td>
                        <td className="py-2 pr-3">{user.lastLoginAt ? formatFrenchDate(parisDay(user.lastLoginAt)) : "—"}</td>
                        <td className="py-2">
                          <form action={resendLinkAction}>
                            <input type="hidden" name="userId" value={user.id} />
                            <button type="submit" className="text-brand underline">
                              Renvoyer le lien<span className="sr-only"> à {user.identifier}</span>
                            </button>
                          </form>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </Card>
        </div>
        <Card title="Créer un utilisateur">
          <UserForm companyId={company.id} />
        </Card>
      </div>
    </>
  );
}
