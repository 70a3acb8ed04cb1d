"use client";

import "./globals.css";

/** The last resort when even the root layout failed: the same message as app/error.tsx, in its own document. */
export default function GlobalError() {
  return (
    <html lang="fr">
      <body>
        <main className="mx-auto max-w-xl px-4 py-16 text-center">
          <h1 className="mb-2 text-2xl font-semibold text-brand">Service momentanément indisponible</h1>
          <p className="mb-6 text-slate-700">
            Le portail n&apos;a pas pu traiter votre demande. Réessayez dans quelques instants ; si le problème persiste, contactez le service clients OpenIP.
          </p>
          <button type="button" onClick={() => window.location.reload()} className="rounded bg-brand px-4 py-2 font-medium text-white hover:bg-brand-dark">
            Réessayer
          </button>
        </main>
      </body>
    </html>
  );
}
