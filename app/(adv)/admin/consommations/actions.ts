"use server";

import { requireStaff } from "@/lib/server/authz";
import { importUsageCsv } from "@/lib/server/usage-import";
import { importCsvUpload, type CsvImportState } from "@/lib/server/csv-upload";

/** *Import des consommations* (staff): parses and imports a usage CSV file, then shows the counts and refused rows. */
export async function importUsageAction(_previous: CsvImportState, formData: FormData): Promise<CsvImportState> {
  const actor = await requireStaff();
  return importCsvUpload(formData, (text, fileName) => importUsageCsv(text, actor, { fileName }), "Aucune consommation n'a été importée : corrigez les lignes rejetées ci-dessous.");
}
