import type { Metadata } from "next";
import { Link } from "@/components/link";
import { AuthCard } from "@/components/auth-card";
import { requireSignedIn } from "@/lib/server/authz";
import { currentTerms } from "@/lib/server/terms";
import { logout } from "@/app/session-actions";
import { formatFrenchDate, parisDay } from "@/lib/domain/calendar-day";
import { AcceptTermsForm } from "./accept-form";

export const metadata: Metadata = { title: "Conditions d'utilisation" };

export default async function TermsPage() {
  const actor = await requireSignedIn();
  const terms = await currentTerms();
  return (
    <AuthCard title="Conditions d'utilisation de MyOpenIP">
      {terms ? (
        <>
          <p className="mb-2 text-sm text-slate-600">
            Version {terms.label}, applicable au {formatFrenchDate(parisDay(terms.effectiveAt))}
          </p>
          <div tabIndex={0} aria-label="Texte des conditions d'utilisation" className="mb-4 max-h-80 overflow-y-auto whitespace-pre-line rounded border border-slate-200 bg-slate-50 p-3 text-sm">
            {terms.body}
          </div>
          {actor.pendingTermsId === terms.id ? (
            <AcceptTermsForm versionId={terms.id} />
          ) : (
            <p className="text-sm">
              Vous avez accepté cette version. <Link href="/ma-societe" className="text-brand underline">Retour au portail</Link>
            </p>
          )}
        </>
      ) : (
        <p>Aucune version des conditions d&apos;utilisation n&apos;est en vigueur.</p>
      )}
      <form action={logout} className="mt-4 text-right">
        <button type="submit" className="text-sm text-brand underline">
          Se déconnecter
        </button>
      </form>
    </AuthCard>
  );
}
