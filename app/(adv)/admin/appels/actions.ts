"use server";

import { requireStaff } from "@/lib/server/authz";
import { importCallCsv } from "@/lib/server/call-import";
import { importCsvUpload, type CsvImportState } from "@/lib/server/csv-upload";

/** *Import des appels* (staff): parses and imports a call records CSV file, then shows the counts and refused rows. */
export async function importCallsAction(_previous: CsvImportState, formData: FormData): Promise<CsvImportState> {
  const actor = await requireStaff();
  return importCsvUpload(formData, (text, fileName) => importCallCsv(text, actor, { fileName }), "Aucun appel n'a été importé : corrigez les lignes rejetées ci-dessous.");
}
