import type { Metadata } from "next";
import { Link } from "@/components/link";
import { Card, TableHead } from "@/components/ui";
import { requireActor } from "@/lib/server/authz";
import { listBillingAccounts } from "@/lib/server/billing-accounts";
import { PAYMENT_METHOD_LABELS } from "@/lib/domain/billing-accounts";
import { AccountForm } from "./account-form";
import { MandateStateBadge } from "./mandate-state-badge";
import { Pager } from "@/components/pager";

export const metadata: Metadata = { title: "Comptes de facturation" };

/** *Comptes de facturation* (SPEC §12): the company's accounts with their active mandate; a new one for who may manage them. */
export default async function BillingAccountsPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ page?: string | string[] }> }) {
  const actor = await requireActor();
  const { id } = await params;
  const pageParam = (await searchParams).page;
  const requested = Math.min(100_000, Math.max(1, Number.parseInt(String(Array.isArray(pageParam) ? pageParam[0] : (pageParam ?? "1")), 10) || 1));
  const { company, rows, total, page, pageCount, mayManage, billedThroughReseller } = await listBillingAccounts(actor, /^\d{1,9}$/.test(id) ? Number(id) : -1, requested);
  const base = `/societes/${company.id}/comptes`;
  return (
    <div className={mayManage ? "grid gap-6 xl:grid-cols-[1fr_26rem]" : ""}>
      <Card title="Comptes de facturation">
        {billedThroughReseller && (
          <p className="mb-3 rounded border border-slate-300 bg-slate-50 px-3 py-2 text-sm text-slate-800">
            Cette société est facturée via son revendeur : ses services sont facturés sur un compte du revendeur, elle n&apos;a pas de compte de facturation à son nom.
          </p>
        )}
        {!mayManage && !billedThroughReseller && (
          <p className="mb-3 rounded border border-slate-300 bg-slate-50 px-3 py-2 text-sm text-slate-800">
            Seuls les administrateurs de la société, ceux de son revendeur et le service clients OpenIP peuvent créer ou modifier les comptes de facturation et les mandats.
          </p>
        )}
        <p className="mb-3 text-sm text-slate-700" role="status">
          {total === 0 ? "Aucun compte de facturation." : `${total} compte${total > 1 ? "s" : ""} de facturation`}
        </p>
        {rows.length > 0 && (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Comptes de facturation de la société</caption>
              <TableHead headings={["Référence", "Nom", "Mode de paiement", "Mandat SEPA (RUM)", "État du mandat"]} />
              <tbody>
                {rows.map((account) => (
                  <tr key={account.ref} className="border-b border-slate-100 align-top">
                    <td className="px-2 py-2 font-medium whitespace-nowrap">
                      <Link href={`${base}/${encodeURIComponent(account.ref)}`} className="text-brand underline">
                        {account.ref}
                      </Link>
                    </td>
                    <td className="px-2 py-2">{account.name}</td>
                    <td className="px-2 py-2 whitespace-nowrap">{PAYMENT_METHOD_LABELS[account.paymentMethod]}</td>
                    <td className="px-2 py-2 whitespace-nowrap">{account.mandate?.rum ?? "Aucun mandat actif"}</td>
                    <td className="px-2 py-2 whitespace-nowrap">{account.mandate ? <MandateStateBadge state={account.mandate.state} /> : "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pager base={base} page={page} pages={pageCount} />
      </Card>
      {mayManage && (
        <Card title="Nouveau compte de facturation">
          <AccountForm companyId={company.id} defaults={{ name: company.name, street: company.street ?? "", postcode: company.postcode ?? "", city: company.city ?? "" }} />
        </Card>
      )}
    </div>
  );
}
