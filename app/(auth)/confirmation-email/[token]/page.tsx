import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "@/components/auth-card";
import { EMAIL_LINK_INVALID_MESSAGE, findEmailChangeToken } from "@/lib/server/profile";
import { ConfirmEmailForm } from "./confirm-email-form";

export const metadata: Metadata = { title: "Confirmation de votre adresse email" };

const REASONS = {
  expired: "Ce lien a expiré.",
  used: "Ce lien a déjà été utilisé.",
  superseded: "Un lien plus récent vous a été envoyé ou la demande a été annulée : celui-ci n'est plus valide.",
  invalid: "Ce lien n'est pas valide.",
} as const;

/** The link mailed to a new address (issue 4). Opening it changes nothing: the button does. */
export default async function ConfirmEmailPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const found = await findEmailChangeToken(token);
  const status = found?.status ?? "invalid";
  if (!found || status !== "valid") {
    return (
      <AuthCard title="Lien non valide">
        <div role="alert" className="space-y-3 text-slate-800">
          <p className="font-medium">{status === "valid" ? REASONS.invalid : REASONS[status]}</p>
          <p>{EMAIL_LINK_INVALID_MESSAGE}</p>
        </div>
        <p className="mt-4 text-center text-sm">
          <Link href="/connexion" className="text-brand underline">
            Aller à la connexion
          </Link>
        </p>
      </AuthCard>
    );
  }
  return (
    <AuthCard title="Confirmation de votre adresse email">
      <ConfirmEmailForm token={token} newEmail={found.newEmail} />
    </AuthCard>
  );
}
