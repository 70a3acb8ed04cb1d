import type { Metadata } from "next";
import { Link } from "@/components/link";
import { requireActor } from "@/lib/server/authz";
import { getSite } from "@/lib/server/sites";
import { Card } from "@/components/ui";
import { SiteForm } from "../site-form";

export const metadata: Metadata = { title: "Modifier un site" };

/** One site's form, loaded by its id and its company's, in the actor's scope (SPEC §12). */
export default async function SitePage({ params }: { params: Promise<{ id: string; siteId: string }> }) {
  const actor = await requireActor();
  const { id, siteId } = await params;
  const asId = (s: string) => (/^\d{1,9}$/.test(s) ? Number(s) : -1);
  const site = await getSite(actor, asId(id), asId(siteId));
  return (
    <div className="max-w-2xl">
      <p className="mb-3">
        <Link href={`/societes/${site.companyId}/sites`} className="text-brand underline">
          ← Tous les sites
        </Link>
      </p>
      <Card title={`Site ${site.name}`}>
        <SiteForm companyId={site.companyId} site={{ id: site.id, name: site.name, address: site.address, postcode: site.postcode, city: site.city, accessNotes: site.accessNotes }} />
      </Card>
    </div>
  );
}
