import { PortalHeader } from "@/components/portal-header";
import { requireActor } from "@/lib/server/authz";
import { navigationFor } from "@/lib/server/navigation";
import { UNIVERSE_LABELS } from "@/lib/server/companies";
import { logout } from "@/app/session-actions";

/** The frame of every signed-in page. Pages still check the actor themselves: layouts do not re-run. */
export async function PortalShell({ children }: { children: React.ReactNode }) {
  const actor = await requireActor();
  return (
    <div className="flex min-h-screen flex-col">
      <PortalHeader
        companyName={actor.company.name}
        universeLabel={actor.universe ? UNIVERSE_LABELS[actor.universe] : actor.staffRole ? "Back office" : null}
        userName={actor.name}
        identifier={actor.identifier}
        nav={navigationFor(actor)}
        logout={logout}
      />
      <main className="mx-auto w-full max-w-screen-2xl flex-1 px-4 py-6">{children}</main>
      <footer className="py-4 text-center text-xs text-slate-600">
        © OpenIP - Tous droits réservés · <a href="/conditions-utilisation" className="underline">Conditions d&apos;utilisation</a>
      </footer>
    </div>
  );
}
