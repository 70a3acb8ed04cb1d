import type { Metadata } from "next";
import { Link } from "@/components/link";
import { requireStaff } from "@/lib/server/authz";
import { accountsWithoutMandate, FILES_PAGE_SIZE, listDirectDebitFiles } from "@/lib/server/direct-debits";
import { Card, PageTitle, TableHead } from "@/components/ui";
import { formatDay, formatFrenchDate, parisDay } from "@/lib/domain/calendar-day";
import { formatEuros } from "@/lib/domain/money";

export const metadata: Metadata = { title: "Prélèvements SEPA" };

/** ADV download the pain.008 files the collection run wrote (SPEC §13), newest collection first. */
export default async function DirectDebitFilesPage({ searchParams }: { searchParams: Promise<{ page?: string }> }) {
  const actor = await requireStaff("ADV");
  const page = Math.max(1, Number.parseInt((await searchParams).page ?? "1", 10) || 1);
  const [{ rows, total }, withoutMandate] = await Promise.all([listDirectDebitFiles(actor, page), accountsWithoutMandate(actor)]);
  const pages = Math.max(1, Math.ceil(total / FILES_PAGE_SIZE));
  return (
    <>
      <PageTitle subtitle="Un fichier pain.008 par date de prélèvement et par passage du traitement, écrit deux jours ouvrés TARGET avant la date, validé contre le schéma ISO 20022 et jamais modifié ensuite.">
        Prélèvements SEPA
      </PageTitle>
      <Card>
        <p role="status" className="mb-3 text-sm text-slate-700">{total === 0 ? "Aucun fichier de prélèvement pour l'instant." : `${total} fichier${total > 1 ? "s" : ""}`}</p>
        {rows.length > 0 && (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Fichiers de prélèvement SEPA</caption>
              <TableHead headings={["Date de prélèvement", "Fichier", "Écrit le", "Prélèvements", "Montant total", "Action"]} />
              <tbody>
                {rows.map((f) => (
                  <tr key={f.id} className="border-b border-slate-200">
                    <td className="px-2 py-2 whitespace-nowrap">{formatFrenchDate(formatDay(f.collectionOn))}</td>
                    <td className="px-2 py-2 font-mono">{f.messageId}</td>
                    <td className="px-2 py-2 whitespace-nowrap">{formatFrenchDate(parisDay(f.createdAt))}</td>
                    <td className="px-2 py-2 text-right tabular-nums">{f.count}</td>
                    <td className="px-2 py-2 text-right whitespace-nowrap tabular-nums">{formatEuros(f.totalCents)}</td>
                    <td className="px-2 py-2">
                      <a href={`/api/prelevements/${f.messageId}`} className="font-medium whitespace-nowrap text-brand underline">
                        Télécharger<span className="sr-only"> le fichier {f.messageId}</span>
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {pages > 1 && (
          <nav aria-label="Pagination" className="mt-4 flex gap-3 text-sm">
            {page > 1 && <Link href={`/admin/prelevements?page=${page - 1}`} className="text-brand underline">Page précédente</Link>}
            <span>Page {page} / {pages}</span>
            {page < pages && <Link href={`/admin/prelevements?page=${page + 1}`} className="text-brand underline">Page suivante</Link>}
          </nav>
        )}
      </Card>
      <Card title="Mandat manquant" className="mt-6">
        <p className="mb-3 text-sm text-slate-700">
          {withoutMandate.length === 0
            ? "Tous les comptes payant par prélèvement ont un mandat actif."
            : "Ces comptes paient par prélèvement SEPA mais n'ont pas de mandat actif : leurs factures sont payables par virement tant qu'un mandat n'est pas enregistré."}
        </p>
        {withoutMandate.length > 0 && (
          <ul className="space-y-1 text-sm">
            {withoutMandate.map((a) => (
              <li key={a.ref}>
                <Link href={`/societes/${a.owner.id}/comptes/${a.ref}`} className="text-brand underline">{a.ref}</Link> – {a.name} ({a.owner.id} {a.owner.name})
              </li>
            ))}
          </ul>
        )}
      </Card>
    </>
  );
}
