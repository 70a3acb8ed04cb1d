import { Link } from "@/components/link";
import { Logo } from "@/components/logo";

/** The frame of the pages before login (seed 000: dark blue, the logo, the footer). */
export function AuthCard({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <div className="flex min-h-screen flex-col bg-brand">
      <header className="py-8 text-center text-3xl text-white">
        <Logo onDark />
      </header>
      <main className="mx-auto w-full max-w-md flex-1 px-4">
        <div className="rounded-lg bg-white p-6 shadow-lg">
          <h1 className="mb-4 text-center text-2xl font-semibold text-accent">{title}</h1>
          {children}
        </div>
      </main>
      <footer className="py-6 text-center text-xs text-white/80">© OpenIP - Tous droits réservés</footer>
    </div>
  );
}

/** The page of an emailed link that can no longer be used: why, what to do, the way to the login. */
export function InvalidLinkCard({ reason, advice }: { reason: string; advice: string }) {
  return (
    <AuthCard title="Lien non valide">
      <div role="alert" className="space-y-3 text-slate-800">
        <p className="font-medium">{reason}</p>
        <p>{advice}</p>
      </div>
      <p className="mt-4 text-center text-sm">
        <Link href="/connexion" className="text-brand underline">
          Aller à la connexion
        </Link>
      </p>
    </AuthCard>
  );
}
