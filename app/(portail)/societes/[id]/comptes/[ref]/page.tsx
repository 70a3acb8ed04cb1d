import type { Metadata } from "next";
import { Link } from "@/components/link";
import { Card, Details, TableHead } from "@/components/ui";
import { requireActor } from "@/lib/server/authz";
import { getBillingAccount, type MandateDetail } from "@/lib/server/mandates";
import { PAYMENT_METHOD_LABELS } from "@/lib/domain/billing-accounts";
import { formatDay, formatFrenchDate, parisDay } from "@/lib/domain/calendar-day";
import { groupedIban } from "@/lib/domain/mandates";
import { AccountForm } from "../account-form";
import { MandateStateBadge } from "../mandate-state-badge";
import { AmendMandateForm, NewMandateForm, RevokeMandateForm, SignedCopyForm } from "./mandate-forms";
import { openSignedCopySummary } from "@/lib/server/signed-copy-upload";

export const metadata: Metadata = { title: "Compte de facturation" };

const notGiven = <span className="text-slate-600">Non renseigné</span>;
const date = (d: Date) => formatFrenchDate(formatDay(d));

/** One billing account (SPEC §12): its details, its SEPA mandates and their history, the forms for who may manage them. */
export default async function BillingAccountPage({ params, searchParams }: { params: Promise<{ id: string; ref: string }>; searchParams: Promise<{ cree?: string; mandat?: string; revoque?: string; resultat?: string }> }) {
  const actor = await requireActor();
  const { id, ref } = await params;
  const companyId = /^\d{1,9}$/.test(id) ? Number(id) : -1;
  const { account, mandates, mayManage, isStaff, today } = await getBillingAccount(actor, companyId, ref);
  const done = await searchParams;
  // What the last action did (it redirected here); a RUM in the URL is only echoed when it is one of this account's.
  const notice =
    done.cree === "1"
      ? `Le compte de facturation ${account.ref} a été créé.`
      : mandates.some((m) => m.rum === done.mandat)
        ? `Le mandat ${done.mandat} a été enregistré. Téléchargez son formulaire, faites-le signer par le titulaire du compte, puis déposez la copie signée.`
        : mandates.some((m) => m.rum === done.revoque && m.state === "REVOQUE")
          ? `Le mandat ${done.revoque} a été révoqué : plus aucun prélèvement ne sera présenté sous ce mandat.`
          : null;
  const active = mandates.find((m) => m.state === "ACTIF") ?? null;
  const target = { companyId, accountRef: account.ref };
  const address = [account.street, [account.postcode, account.city].filter(Boolean).join(" ")].filter(Boolean).join(", ");
  return (
    <div className="space-y-6">
      <p>
        <Link href={`/societes/${companyId}/comptes`} className="text-brand underline">
          ← Comptes de facturation
        </Link>
      </p>
      {notice && (
        <p role="status" className="rounded border border-green-300 bg-green-50 px-3 py-2 text-sm text-green-900">
          {notice}
        </p>
      )}
      <h2 className="text-xl font-semibold text-slate-900">
        Compte {account.ref} — {account.name}
      </h2>
      <p>
        <Link href={`/societes/${companyId}/comptes/${account.ref}/encours`} className="text-brand underline">
          Encours du compte (factures non réglées, paiements reçus)
        </Link>
      </p>
      {account.paymentMethod === "PRELEVEMENT_SEPA" && !active && (
        <p className="rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          Ce compte paie par prélèvement SEPA mais n&apos;a pas de mandat actif : ses factures sont payables par virement tant qu&apos;un mandat n&apos;est pas enregistré.
        </p>
      )}
      <div className={mayManage ? "grid gap-6 lg:grid-cols-2" : ""}>
        <Card title="Informations du compte">
          <Details
            items={[
              ["Référence", account.ref],
              ["Titulaire", `${account.owner.id} ${account.owner.name}`],
              ["Nom du compte", account.name],
              ["Adresses email de facturation", account.invoiceEmails.length ? account.invoiceEmails.join(", ") : notGiven],
              ["Adresse postale", address || notGiven],
              ["Mode de paiement", PAYMENT_METHOD_LABELS[account.paymentMethod]],
            ]}
          />
        </Card>
        {mayManage && (
          <Card title="Modifier le compte">
            <AccountForm
              companyId={companyId}
              account={{ ref: account.ref, name: account.name, invoiceEmails: account.invoiceEmails, street: account.street, postcode: account.postcode, city: account.city, paymentMethod: account.paymentMethod }}
            />
          </Card>
        )}
      </div>

      <Card title="Mandats de prélèvement SEPA">
        {mandates.length === 0 ? (
          <p className="text-sm text-slate-700">Aucun mandat n&apos;a été enregistré sur ce compte.</p>
        ) : (
          <MandatesTable mandates={mandates} mayManage={mayManage} />
        )}
        {mandates.some((m) => m.amendments.length > 0) && <AmendmentsHistory mandates={mandates} />}
      </Card>

      {mayManage &&
        (active ? (
          <div className="grid gap-6 lg:grid-cols-2">
            <Card title={`Modifier le mandat ${active.rum}`}>
              <p className="mb-3 text-sm text-slate-700">Un changement de titulaire ou de compte bancaire modifie le mandat : sa RUM ne change pas et l&apos;historique est conservé.</p>
              <AmendMandateForm {...target} rum={active.rum} current={{ debtorName: active.debtorName, iban: active.iban, bic: active.bic }} />
            </Card>
            <div className="space-y-6">
              <Card title="Mandat signé">
                <SignedCopyForm rum={active.rum} hasCopy={active.hasSignedCopy} initialState={openSignedCopySummary(companyId, account.ref, done.resultat)} />
              </Card>
              <Card title="Révoquer le mandat">
                <p className="mb-3 text-sm text-slate-700">Pour enregistrer un nouveau mandat, révoquez d&apos;abord le mandat actif.</p>
                <RevokeMandateForm {...target} rum={active.rum} />
              </Card>
            </div>
          </div>
        ) : (
          <Card title="Nouveau mandat de prélèvement SEPA">
            <p className="mb-3 text-sm text-slate-700">
              Enregistrez le mandat, téléchargez son formulaire, faites-le signer par le titulaire du compte puis déposez la copie signée.
            </p>
            <NewMandateForm {...target} staff={isStaff} defaultDebtor={account.name} today={today} />
          </Card>
        ))}
    </div>
  );
}

/** The account's mandates; the documents (they show the IBAN) for who manages the account. */
function MandatesTable({ mandates, mayManage }: { mandates: MandateDetail[]; mayManage: boolean }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Mandats du compte</caption>
        <TableHead headings={["RUM", "Titulaire", "IBAN", "BIC", "Signé le", "État", "Documents"]} />
        <tbody>
          {mandates.map((m) => {
            const download = `/api/mandats/${encodeURIComponent(m.rum)}`;
            return (
              <tr key={m.id} className="border-b border-slate-100 align-top">
                <td className="px-2 py-2 font-medium whitespace-nowrap">{m.rum}</td>
                <td className="px-2 py-2">{m.debtorName}</td>
                <td className="px-2 py-2 whitespace-nowrap">
                  {groupedIban(m.iban)}
                  {m.amendedFromIban && <span className="block text-xs text-slate-600">Modifié, à transmettre à la banque au prochain prélèvement</span>}
                </td>
                <td className="px-2 py-2 whitespace-nowrap">{m.bic ?? "—"}</td>
                <td className="px-2 py-2 whitespace-nowrap">{date(m.signedOn)}</td>
                <td className="px-2 py-2">
                  <MandateStateBadge state={m.state} />
                  {m.state === "ACTIF" && m.lapsesOn && <span className="block text-xs text-slate-600">Caduc le {formatFrenchDate(m.lapsesOn)} sans prélèvement d&apos;ici là</span>}
                  {m.revokedAt && <span className="block text-xs text-slate-600">le {formatFrenchDate(parisDay(m.revokedAt))}</span>}
                </td>
                <td className="space-y-1 px-2 py-2">
                  {!mayManage ? (
                    <span className="block text-xs text-slate-600">Réservés aux administrateurs du compte</span>
                  ) : (
                    <a href={`${download}/formulaire`} className="block text-brand underline">
                      Formulaire PDF<span className="sr-only"> du mandat {m.rum}</span>
                    </a>
                  )}
                  {!mayManage ? null : m.hasSignedCopy ? (
                    <a href={`${download}/copie-signee`} className="block text-brand underline">
                      Copie signée<span className="sr-only"> du mandat {m.rum}</span>
                    </a>
                  ) : (
                    <span className="block text-xs text-slate-600">Copie signée non déposée</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function AmendmentsHistory({ mandates }: { mandates: MandateDetail[] }) {
  const rows = mandates.flatMap((m) => m.amendments.map((a, i) => ({ key: `${m.id}-${i}`, rum: m.rum, ...a })));
  const account = (iban: string, bic: string | null) => `${groupedIban(iban)}${bic ? ` (${bic})` : ""}`;
  return (
    <div className="mt-6">
      <h3 className="mb-2 font-semibold text-slate-900">Historique des modifications</h3>
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Historique des modifications des mandats</caption>
          <TableHead headings={["Date", "RUM", "Avant", "Après"]} />
          <tbody>
            {rows.map((row) => (
              <tr key={row.key} className="border-b border-slate-100 align-top">
                <td className="px-2 py-2 whitespace-nowrap">{formatFrenchDate(parisDay(row.at))}</td>
                <td className="px-2 py-2 whitespace-nowrap">{row.rum}</td>
                <td className="px-2 py-2">
                  {row.previousDebtorName}
                  <span className="block text-xs text-slate-700">{account(row.previousIban, row.previousBic)}</span>
                </td>
                <td className="px-2 py-2">
                  {row.debtorName}
                  <span className="block text-xs text-slate-700">{account(row.iban, row.bic)}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
