import type { Metadata } from "next";
import { connection } from "next/server";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "MyOpenIP", template: "%s · MyOpenIP" },
  description: "Portail libre-service OpenIP",
};

/** Rendered per request, every page: the scripts Next writes carry the request's CSP nonce (proxy.ts). */
export default async function RootLayout({ children }: { children: React.ReactNode }) {
  await connection();
  return (
    <html lang="fr">
      <body className="min-h-screen">{children}</body>
    </html>
  );
}
