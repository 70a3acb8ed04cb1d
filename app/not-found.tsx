import { Link } from "@/components/link";
import { Logo } from "@/components/logo";

export default function NotFound() {
  return (
    <main className="mx-auto max-w-xl px-4 py-16 text-center">
      <p className="mb-6 text-3xl text-brand">
        <Logo />
      </p>
      <h1 className="mb-2 text-2xl font-semibold text-brand">Page introuvable</h1>
      <p className="mb-6 text-slate-700">Cette page n&apos;existe pas ou vous n&apos;y avez pas accès.</p>
      <Link href="/ma-societe" className="rounded bg-brand px-4 py-2 font-medium text-white hover:bg-brand-dark">
        Retour à Ma société
      </Link>
    </main>
  );
}
