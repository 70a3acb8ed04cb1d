import type { Metadata } from "next";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "MyOpenIP", template: "%s · MyOpenIP" },
  description: "Portail libre-service OpenIP",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="fr">
      <body className="min-h-screen">{children}</body>
    </html>
  );
}
