import type { Metadata } from "next";
import { AuthCard, InvalidLinkCard } from "@/components/auth-card";
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
    return <InvalidLinkCard reason={status === "valid" ? REASONS.invalid : REASONS[status]} advice={EMAIL_LINK_INVALID_MESSAGE} />;
  }
  return (
    <AuthCard title="Confirmation de votre adresse email">
      <ConfirmEmailForm token={token} newEmail={found.newEmail} />
    </AuthCard>
  );
}
