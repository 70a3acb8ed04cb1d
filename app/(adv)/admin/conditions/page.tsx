import type { Metadata } from "next";
import { requireStaff } from "@/lib/server/authz";
import { db } from "@/lib/server/db";
import { now, today } from "@/lib/server/clock";
import { Card, PageTitle } from "@/components/ui";
import { formatFrenchDate, parisDay } from "@/lib/domain/calendar-day";
import { TermsForm } from "./terms-form";

export const metadata: Metadata = { title: "Conditions d'utilisation" };

export default async function TermsAdminPage() {
  await requireStaff("SUPPORT");
  const versions = await db.termsVersion.findMany({ orderBy: [{ effectiveAt: "desc" }, { id: "desc" }], include: { _count: { select: { acceptances: true } } } });
  const at = now();
  const inForce = versions.find((v) => v.effectiveAt <= at);
  return (
    <>
      <PageTitle subtitle="Chaque utilisateur accepte la version en vigueur avant toute autre page.">Conditions d&apos;utilisation</PageTitle>
      <div className="grid gap-6 xl:grid-cols-[1fr_28rem]">
        <Card title="Versions">
          <table className="w-full text-left text-sm">
            <thead className="border-b border-slate-300 text-slate-600">
              <tr>
                <th className="py-2 pr-3">Version</th>
                <th className="py-2 pr-3">Entrée en vigueur</th>
                <th className="py-2 pr-3">Publiée le</th>
                <th className="py-2 pr-3">Acceptations</th>
                <th className="py-2">État</th>
              </tr>
            </thead>
            <tbody>
              {versions.map((version) => (
                <tr key={version.id} className="border-b border-slate-100">
                  <td className="py-2 pr-3">{version.label}</td>
                  <td className="py-2 pr-3">{formatFrenchDate(parisDay(version.effectiveAt))}</td>
                  <td className="py-2 pr-3">{formatFrenchDate(parisDay(version.publishedAt))}</td>
                  <td className="py-2 pr-3">{version._count.acceptances}</td>
                  <td className="py-2">{version.id === inForce?.id ? "En vigueur" : version.effectiveAt > at ? "À venir" : "Remplacée"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
        <Card title="Publier une nouvelle version">
          <TermsForm defaultDay={today()} />
        </Card>
      </div>
    </>
  );
}
