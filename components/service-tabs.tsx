import { Link } from "@/components/link";

export type ServiceTab = { href: string; label: string; current: boolean };

/** The tabs of a service page (*Ressources*, *Monitoring* for OpenSIM; SPEC §4). */
export function ServiceTabs({ tabs, label }: { tabs: ServiceTab[]; label: string }) {
  return (
    <nav aria-label={label} className="mb-4 flex gap-1 border-b border-slate-300">
      {tabs.map((tab) => (
        <Link
          key={tab.href}
          href={tab.href}
          aria-current={tab.current ? "page" : undefined}
          className={`-mb-px rounded-t border px-4 py-2 text-sm font-medium ${tab.current ? "border-slate-300 border-b-white bg-white text-brand" : "border-transparent text-slate-700 hover:text-brand"}`}
        >
          {tab.label}
        </Link>
      ))}
    </nav>
  );
}
