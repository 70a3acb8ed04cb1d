"use client";

import { startTransition } from "react";
import { useRouter } from "next/navigation";
import { Logo } from "@/components/logo";

/**
 * What a page shows when the server could not build it (the database unreachable, a restart): a clear
 * message and a retry, never a half page. Nothing was changed by the failed request: every change
 * runs in one transaction.
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
        La page n&apos;a pas pu être affichée et aucune modification n&apos;a été enregistrée. Réessayez dans quelques instants.
      </p>
      <button type="button" onClick={retry} className="rounded bg-brand px-4 py-2 font-medium text-white hover:bg-brand-dark">
        Réessayer
      </button>
    </main>
  );
}
