import type { Metadata } from "next";
import { Link } from "@/components/link";
import { requireStaff } from "@/lib/server/authz";
import { Card, PageTitle } from "@/components/ui";
import { CsvUploadForm } from "@/components/csv-upload-form";
import { openImportSummary } from "@/lib/server/csv-upload";
import { CsvFormatCard } from "@/components/csv-format-card";
import { CALL_CSV_EXAMPLE } from "@/lib/domain/call-csv";

export const metadata: Metadata = { title: "Import des appels" };

const FIELDS: [string, string][] = [
  ["id", "identifiant unique de l'appel (1 à 64 caractères : lettres, chiffres, . _ : -) ; un appel déjà importé est ignoré"],
  ["service", "référence du service de téléphonie (trunk SIP, Centrex) qui a porté l'appel, par exemple SRV150944"],
  ["debut", "début de l'appel, date et heure ISO 8601 avec fuseau (2026-11-30T09:15:02+01:00) ; l'appel compte pour le jour calendaire de Paris"],
  ["sens", "SORTANT (appel émis) ou ENTRANT (appel reçu)"],
  ["numero", "numéro du correspondant ; pour un appel émis il donne la destination (fixes, mobiles, international, numéros spéciaux) ; vide ou « anonyme » possible pour un appel reçu ; il n'est pas conservé"],
  ["decroche", "oui ou non (aussi 1 / 0) : l'appel a-t-il été décroché"],
  ["duree_secondes", "durée de la conversation en secondes (nombre entier, 86\u00A0400 au plus) ; 0 pour un appel non décroché"],
];

/** Staff: imports the call detail records of the voice platform (issue 9); re-importing a file changes nothing. */
export default async function CallImportPage({ searchParams }: { searchParams: Promise<{ resultat?: string | string[] }> }) {
  await requireStaff();
  // The outcome of an upload sent without JavaScript (the route redirects here).
  const outcome = openImportSummary("/admin/appels", (await searchParams).resultat);
  return (
    <>
      <PageTitle
        subtitle={
          <>
            Les appels des trunks SIP et Centrex, agrégés par service et par jour ; les règles d&apos;usage sont contrôlées à l&apos;import (voir{" "}
            <Link href="/admin/alertes-voix" className="text-brand underline">les services en infraction</Link>).
          </>
        }
      >
        Import des appels
      </PageTitle>
      <div className="grid gap-6 xl:grid-cols-[1fr_32rem]">
        <Card title="Importer un fichier">
          <CsvUploadForm route="/api/imports/appels" label="Fichier CSV des appels" initialState={outcome} />
        </Card>
        <CsvFormatCard fields={FIELDS} example={CALL_CSV_EXAMPLE} />
      </div>
    </>
  );
}
