"use client";

import { startTransition } from "react";
import { useRouter } from "next/navigation";
import { Logo } from "@/components/logo";

/**
 * What a page shows when the server could not build it (the database unreachable, a restart): a clear
 * message and a retry, never a half page (a change is one transaction: a failed one left nothing).
 */
export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const router = useRouter();
  // The page failed on the server: render it there again, not only in the browser.
  const retry = () =>
    startTransition(() => {
      router.refresh();
      reset();
    });
  return (
    <main className="mx-auto max-w-xl px-4 py-16 text-center">
      <p className="mb-6 text-3xl text-brand">
        <Logo />
      </p>
      <h1 className="mb-2 text-2xl font-semibold text-brand">Service momentanément indisponible</h1>
      <p className="mb-6 text-slate-700">
        Le portail n&apos;a pas pu traiter votre demande. Réessayez dans quelques instants ; si le problème persiste, contactez le service clients OpenIP.
      </p>
      <button type="button" onClick={retry} className="rounded bg-brand px-4 py-2 font-medium text-white hover:bg-brand-dark">
        Réessayer
      </button>
    </main>
  );
}
