import { Link } from "@/components/link";
import { Logo } from "@/components/logo";
import type { NavItem } from "@/lib/server/navigation";

type Props = {
  companyName: string;
  universeLabel: string | null;
  userName: string;
  identifier: string;
  nav: NavItem[];
  logout: () => Promise<void>;
};

export function PortalHeader({ companyName, universeLabel, userName, identifier, nav, logout }: Props) {
  return (
    <header className="bg-brand text-white">
      <div className="mx-auto flex max-w-screen-2xl flex-wrap items-center justify-between gap-3 px-4 py-3">
        <Link href="/ma-societe" className="text-2xl">
          <Logo onDark />
        </Link>
        <div className="flex flex-wrap items-center gap-4 text-sm">
          <span>
            {companyName}
            {universeLabel && <span className="ml-2 rounded bg-white/15 px-2 py-0.5">{universeLabel}</span>}
          </span>
          <span className="text-white/80">
            {userName} ({identifier})
          </span>
          <form action={logout}>
            <button type="submit" className="rounded border border-white/40 px-3 py-1 hover:bg-white/10">
              Se déconnecter
            </button>
          </form>
        </div>
      </div>
      <nav aria-label="Navigation principale" className="bg-brand-dark">
        <ul className="mx-auto flex max-w-screen-2xl flex-wrap gap-1 px-4">
          {nav.map((item) => (
            <li key={item.href}>
              <Link href={item.href} className="block px-3 py-2 text-sm hover:bg-white/10">
                {item.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
    </header>
  );
}
