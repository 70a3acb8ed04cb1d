"use client";

import { usePathname } from "next/navigation";
import { ServiceTabs } from "@/components/service-tabs";

/** *Coordonnées*, *Sites*, *Comptes de facturation* of a company (SPEC §12); the current tab from the URL. */
export function CompanyTabs({ companyId }: { companyId: number }) {
  const path = usePathname();
  const base = `/societes/${companyId}`;
  const tabs = [
    { href: base, label: "Coordonnées", current: path === base },
    { href: `${base}/sites`, label: "Sites", current: path.startsWith(`${base}/sites`) },
    { href: `${base}/comptes`, label: "Comptes de facturation", current: path.startsWith(`${base}/comptes`) },
  ];
  return <ServiceTabs tabs={tabs} label="Fiche de la société" />;
}
