import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "@/components/auth-card";
import { findToken } from "@/lib/server/user-tokens";
import { INVALID_LINK_MESSAGE } from "@/lib/server/users";
import { PasswordForm } from "./password-form";

export const metadata: Metadata = { title: "Génération de votre mot de passe" };

export default async function PasswordLinkPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const found = await findToken(token, ["PASSWORD_INIT", "PASSWORD_RESET"]);
  if (!found || found.status !== "valid") {
    const reason =
      found?.status === "expired"
        ? "Ce lien a expiré."
        : found?.status === "used"
          ? "Ce lien a déjà été utilisé."
          : found?.status === "superseded"
            ? "Un lien plus récent vous a été envoyé : celui-ci n'est plus valide."
            : "Ce lien n'est pas valide.";
    return (
      <AuthCard title="Lien non valide">
        <div role="alert" className="space-y-3 text-slate-800">
          <p className="font-medium">{reason}</p>
          <p>{INVALID_LINK_MESSAGE}</p>
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
    <AuthCard title="Génération de votre mot de passe">
      <p className="mb-4 text-sm text-slate-700">
        Identifiant : <strong>{found.user.identifier}</strong>
      </p>
      <PasswordForm token={token} identifier={found.user.identifier} />
    </AuthCard>
  );
}
