import { Link } from "@/components/link";
import { PageTitle } from "@/components/ui";
import { actsAsReseller, findCompanyForActor, isStaff, requireActor } from "@/lib/server/authz";
import { CompanyTabs } from "./company-tabs";

/** A company's master data (SPEC §12), for whoever may see the company: itself, its direct parent, staff. */
export default async function CompanyDataLayout({ params, children }: { params: Promise<{ id: string }>; children: React.ReactNode }) {
  const actor = await requireActor();
  const { id } = await params;
  const company = await findCompanyForActor(actor, /^\d{1,9}$/.test(id) ? Number(id) : -1);
  const back =
    company.id === actor.company.id
      ? { href: "/ma-societe", label: "← Ma société" }
      : isStaff(actor)
        ? { href: `/admin/societes/${company.id}`, label: "← Fiche back-office" }
        : actsAsReseller(actor)
          ? { href: `/clients/${company.id}`, label: "← Fiche client" }
          : { href: "/ma-societe", label: "← Ma société" };
  return (
    <>
      <PageTitle subtitle={<Link href={back.href} className="text-brand underline">{back.label}</Link>}>
        {company.id} {company.name}
      </PageTitle>
      <CompanyTabs companyId={company.id} />
      {children}
    </>
  );
}
