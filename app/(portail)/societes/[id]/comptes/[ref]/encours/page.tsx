import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Link } from "@/components/link";
import { Card, Details, TableHead } from "@/components/ui";
import { isStaff, requireActor } from "@/lib/server/authz";
import { accountBalance, type AccountBalance } from "@/lib/server/balance";
import { SUSPENSION_REASON_LABELS } from "@/lib/server/suspensions";
import { formatFrenchDate, formatParisDateTime } from "@/lib/domain/calendar-day";
import { formatEuros } from "@/lib/domain/money";
import { CreditLimitForm } from "./credit-limit-form";

export const metadata: Metadata = { title: "Encours du compte" };

/**
 * A billing account's balance (SPEC §13, art. 8.3): what it owes, the overdue part, this month's usage, the payments
 * received, and its threshold (set by staff, read-only for others).
 */
export default async function AccountBalancePage({ params }: { params: Promise<{ id: string; ref: string }> }) {
  const actor = await requireActor();
  const { id, ref } = await params;
  const companyId = /^\d{1,9}$/.test(id) ? Number(id) : -1;
  const balance = await accountBalance(actor, ref);
  // The account's pages live under its owner's: another company's URL names nothing.
  if (balance.account.ownerCompanyId !== companyId) notFound();
  const { account } = balance;
  return (
    <div className="space-y-6">
      <p>
        <Link href={`/societes/${companyId}/comptes/${account.ref}`} className="text-brand underline">
          ← Compte {account.ref}
        </Link>
      </p>
      <h2 className="text-xl font-semibold text-slate-900">
        Encours du compte {account.ref} — {account.name}
      </h2>
      <Card title={`Situation au ${formatFrenchDate(balance.today)}`}>
        <Summary balance={balance} />
      </Card>
      <Card title="Seuil d'encours">
        <p className="mb-3 text-sm text-slate-700">
          {balance.thresholdCents === null
            ? "Ce compte n'a pas de seuil d'encours."
            : `Seuil d'encours : ${formatEuros(balance.thresholdCents)} TTC. Au-delà, aucune commande n'est acceptée pour ce compte et, 24 h après l'email qui l'annonce, ses lignes mobiles et trunks SIP sont suspendus (motif « Seuil d'encours »), jusqu'au règlement ou au relèvement du seuil.`}
        </p>
        {isStaff(actor) && <CreditLimitForm companyId={companyId} accountRef={account.ref} current={balance.thresholdCents === null ? "" : euroInput(balance.thresholdCents)} />}
      </Card>
      <Card title="Factures non réglées">
        {balance.unpaidInvoices.length === 0 ? <p className="text-sm text-slate-700">Toutes les factures de ce compte sont réglées.</p> : <UnpaidInvoices balance={balance} />}
      </Card>
      <Card title="Paiements reçus sur les 12 derniers mois">
        {balance.payments.length === 0 ? <p className="text-sm text-slate-700">Aucun paiement reçu sur les 12 derniers mois.</p> : <Payments balance={balance} />}
      </Card>
    </div>
  );
}

function Summary({ balance }: { balance: AccountBalance }) {
  const count = balance.unpaidInvoices.length;
  return (
    <>
      <Details
        items={[
          ["Encours TTC", <strong key="balance">{formatEuros(balance.balanceCents)}</strong>],
          ["dont échu", formatEuros(balance.overdueCents)],
          [
            "Factures non réglées",
            count === 0
              ? formatEuros(0)
              : `${formatEuros(balance.unpaidCents)} (${count} facture${count > 1 ? "s" : ""}, plus ancienne échéance le ${formatFrenchDate(balance.oldestUnpaidDueOn!)})`,
          ],
          ["Consommations du mois non facturées", `${formatEuros(balance.uninvoicedUsageHtCents)} HT, soit ${formatEuros(balance.uninvoicedUsageTtcCents)} TTC`],
          ["Crédit sur le compte", balance.creditCents > 0 ? `${formatEuros(balance.creditCents)} (déduit de l'encours)` : formatEuros(0)],
          ["Seuil", <ThresholdState key="threshold" balance={balance} />],
          ...(balance.unpaidSuspensionOn
            ? [["Suspension (Impayé)", `Prévue le ${formatFrenchDate(balance.unpaidSuspensionOn)}, sans règlement complet des factures relancées d'ici là`] as [string, string]]
            : []),
          ...balance.suspensions.map((x): [string, React.ReactNode] => [
            `Suspension (${SUSPENSION_REASON_LABELS[x.reason]})`,
            x.appliedAt ? <strong key={x.reason} className="text-red-800">Lignes suspendues depuis le {formatParisDateTime(x.appliedAt)}</strong> : `Prévue le ${formatParisDateTime(x.suspendAt)}, sans règlement d'ici là`,
          ]),
        ]}
      />
      <p className="mt-3 text-sm text-slate-600">
        L&apos;encours additionne les factures émises non réglées et les consommations hors forfait du mois en cours, pas encore facturées (TVA 20 % comprise), moins le crédit du compte.
      </p>
    </>
  );
}

function ThresholdState({ balance }: { balance: AccountBalance }) {
  if (balance.thresholdCents === null) return <>Aucun seuil</>;
  const amount = formatEuros(balance.thresholdCents);
  return balance.overThreshold ? <strong className="text-red-800">{amount} — dépassé</strong> : <>{amount} — non atteint</>;
}

/** 50000 → "500,00": what the threshold's field shows. */
const euroInput = (cents: number) => `${Math.trunc(cents / 100)},${String(cents % 100).padStart(2, "0")}`;

function UnpaidInvoices({ balance }: { balance: AccountBalance }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Factures non réglées du compte {balance.account.ref}</caption>
        <TableHead headings={["N° facture", "Émise le", "Échéance", "Reste à payer", "État"]} />
        <tbody>
          {balance.unpaidInvoices.map((invoice) => (
            <tr key={invoice.number} className="border-b border-slate-100">
              <td className="px-2 py-2 font-medium whitespace-nowrap">
                <Link href={`/factures/${invoice.number}`} className="text-brand underline">
                  {invoice.number}
                </Link>
              </td>
              <td className="px-2 py-2 whitespace-nowrap">{formatFrenchDate(invoice.issuedOn)}</td>
              <td className="px-2 py-2 whitespace-nowrap">{formatFrenchDate(invoice.dueOn)}</td>
              <td className="px-2 py-2 whitespace-nowrap">{formatEuros(invoice.amountDueCents)}</td>
              <td className={`px-2 py-2 ${invoice.state === "EN_RETARD" || invoice.state === "IMPAYEE" ? "font-medium text-red-800" : ""}`}>{invoice.stateLabel}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Payments({ balance }: { balance: AccountBalance }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Paiements reçus sur le compte {balance.account.ref}</caption>
        <TableHead headings={["Date", "Type", "Montant", "Affecté à", "Motif du rejet"]} />
        <tbody>
          {balance.payments.map((payment, i) => (
            <tr key={i} className="border-b border-slate-100 align-top">
              <td className="px-2 py-2 whitespace-nowrap">{formatFrenchDate(payment.receivedOn)}</td>
              <td className="px-2 py-2">{payment.kindLabel}</td>
              <td className="px-2 py-2 whitespace-nowrap">{formatEuros(payment.amountCents)}</td>
              <td className="px-2 py-2 whitespace-nowrap">
                {payment.invoiceNumber ? (
                  <Link href={`/factures/${payment.invoiceNumber}`} className="text-brand underline">
                    {payment.invoiceNumber}
                  </Link>
                ) : (
                  payment.appliedTo
                )}
              </td>
              <td className="px-2 py-2">{payment.reason ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
