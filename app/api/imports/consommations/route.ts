import { importUsageCsv } from "@/lib/server/usage-import";
import { csvImportRoute } from "@/lib/server/csv-upload";

export const dynamic = "force-dynamic";

/** *Import des consommations* (staff): the upload of a usage records CSV file, up to 20 Mo. */
export const POST = csvImportRoute({
  page: "/admin/consommations",
  importText: (text, fileName, actor) => importUsageCsv(text, actor, { fileName }),
  nothingImported: "Aucune consommation n'a été importée : corrigez les lignes rejetées ci-dessous.",
});
