import type { Metadata } from "next";
import { requireActor } from "@/lib/server/authz";
import { getCompanyDetails } from "@/lib/server/company-details";
import { Card, Details, StateBadge } from "@/components/ui";
import { sirenOfSiret } from "@/lib/domain/identifiers";
import { LEGAL_FORMS } from "@/lib/domain/labels";
import { AddContactForm, CompanyDetailsForm, ContactsTable } from "./details-forms";

export const metadata: Metadata = { title: "Coordonnées" };

const notGiven = <span className="text-slate-600">Non renseigné</span>;

/** *Coordonnées* (SPEC §12): identity, legal address and VAT number, contacts; forms for who may edit them. */
export default async function CompanyDetailsPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireActor();
  const { id } = await params;
  const { company, contacts, mayEdit } = await getCompanyDetails(actor, /^\d{1,9}$/.test(id) ? Number(id) : -1);
  const siren = sirenOfSiret(company.siret);
  return (
    <>
      {!mayEdit && (
        <p className="mb-4 rounded border border-slate-300 bg-slate-50 px-3 py-2 text-sm text-slate-800">
          Seuls les administrateurs de la société, ceux de son revendeur et le service clients OpenIP peuvent modifier ces informations.
        </p>
      )}
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="Identité">
          <Details
            items={[
              ["Identifiant", company.id],
              ["Raison sociale", company.name],
              ["Statut", LEGAL_FORMS[company.legalForm]],
              ["SIRET", company.siret],
              ["SIREN", siren],
              ["État", <StateBadge key="state" active={company.active} />],
            ]}
          />
        </Card>
        <Card title="Adresse légale et TVA">
          {mayEdit ? (
            <CompanyDetailsForm companyId={company.id} siren={siren} details={{ street: company.street, postcode: company.postcode, city: company.city, vatNumber: company.vatNumber }} />
          ) : (
            <Details
              items={[
                ["Adresse", company.street ?? notGiven],
                ["Code postal", company.postcode ?? notGiven],
                ["Ville", company.city ?? notGiven],
                ["Pays", company.country === "FR" ? "France" : company.country],
                ["N° de TVA intracommunautaire", company.vatNumber ?? notGiven],
              ]}
            />
          )}
        </Card>
      </div>
      <Card title="Contacts" className="mt-6">
        <p className="mb-3 text-sm text-slate-700">Les personnes à joindre pour la facturation, les questions techniques et l&apos;administration.</p>
        <ContactsTable companyId={company.id} contacts={contacts} editable={mayEdit} />
        {mayEdit && (
          <div className="mt-6 border-t border-slate-200 pt-4">
            <AddContactForm companyId={company.id} />
          </div>
        )}
      </Card>
    </>
  );
}
