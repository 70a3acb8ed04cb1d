import type { Metadata } from "next";
import { AuthCard, InvalidLinkCard } from "@/components/auth-card";
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
    return <InvalidLinkCard reason={reason} advice={INVALID_LINK_MESSAGE} />;
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
