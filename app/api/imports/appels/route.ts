import { importCallCsv } from "@/lib/server/call-import";
import { csvImportRoute } from "@/lib/server/csv-upload";

export const dynamic = "force-dynamic";

/** *Import des appels* (staff): the upload of a call records CSV file, up to 20 Mo. */
export const POST = csvImportRoute({
  page: "/admin/appels",
  importText: (text, fileName, actor) => importCallCsv(text, actor, { fileName }),
  nothingImported: "Aucun appel n'a été importé : corrigez les lignes rejetées ci-dessous.",
});
