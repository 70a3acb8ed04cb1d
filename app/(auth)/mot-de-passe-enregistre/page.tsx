import type { Metadata } from "next";
import { Link } from "@/components/link";
import { AuthCard } from "@/components/auth-card";

export const metadata: Metadata = { title: "Mot de passe enregistré" };

export default function PasswordSavedPage() {
  return (
    <AuthCard title="Votre mot de passe a bien été enregistré">
      <p role="status" className="rounded border border-amber-300 bg-amber-50 px-3 py-2 text-amber-900">
        <span aria-hidden="true">⚠ </span>Vous seul connaissez votre mot de passe, veuillez le retenir car il ne pourra vous être renvoyé.
      </p>
      <p className="mt-4 text-center">
        <Link href="/connexion" className="inline-block rounded bg-brand px-4 py-2 font-medium text-white hover:bg-brand-dark">
          Se connecter
        </Link>
      </p>
    </AuthCard>
  );
}
