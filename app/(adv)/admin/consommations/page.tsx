import type { Metadata } from "next";
import { requireStaff } from "@/lib/server/authz";
import { Card, PageTitle } from "@/components/ui";
import { USAGE_CSV_EXAMPLE } from "@/lib/domain/usage-csv";
import { CsvUploadForm } from "@/components/csv-upload-form";
import { openImportSummary } from "@/lib/server/csv-upload";
import { CsvFormatCard } from "@/components/csv-format-card";

export const metadata: Metadata = { title: "Import des consommations" };

const FIELDS: [string, string][] = [
  ["id", "identifiant unique de l'enregistrement (1 à 64 caractères : lettres, chiffres, . _ : -) ; un enregistrement déjà importé est ignoré"],
  ["msisdn", "numéro mobile de la ligne (0612345678, +33612345678 ou 06 12 34 56 78)"],
  ["horodatage", "date et heure ISO 8601 avec fuseau (2026-03-31T22:30:00Z ou 2026-04-01T00:30:00+02:00) ; la consommation compte pour le jour calendaire de Paris"],
  ["zone", "FRANCE, EUROPE ou INTERNATIONAL"],
  ["octets", "volume de données en octets (nombre entier, 1 Tio au plus)"],
  ["montant_centimes", "montant hors forfait en centimes HT (nombre entier, 100\u00A0000 au plus, 0 si vide)"],
];

/** Staff: imports the usage records the mobile network sends (issue 6); re-importing a file changes nothing. */
export default async function UsageImportPage({ searchParams }: { searchParams: Promise<{ resultat?: string | string[] }> }) {
  await requireStaff();
  // The outcome of an upload sent without JavaScript (the route redirects here).
  const outcome = openImportSummary("/admin/consommations", (await searchParams).resultat);
  return (
    <>
      <PageTitle subtitle="Les consommations des lignes mobiles, agrégées par jour et par zone ; les alertes à 80 % et 100 % partent à l'import.">
        Import des consommations
      </PageTitle>
      <div className="grid gap-6 xl:grid-cols-[1fr_32rem]">
        <Card title="Importer un fichier">
          <CsvUploadForm route="/api/imports/consommations" label="Fichier CSV des consommations" initialState={outcome} />
        </Card>
        <CsvFormatCard fields={FIELDS} example={USAGE_CSV_EXAMPLE} />
      </div>
    </>
  );
}
