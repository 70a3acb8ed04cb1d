// Imports a call records CSV file (format in lib/domain/call-csv.ts), for cron or by hand on PostgreSQL:
//   npm run calls:import -- <file.csv>          (tsx --import ./scripts/server-only-shim.mjs)
// Prints the counts and every rejected row; exits 1 when a row was rejected, 2 on a usage error.
// Re-running it on the same file imports nothing more. On the embedded database, stop the portal
// first (PGlite allows one process) or use the staff page *Import des appels*.
import { readFile } from "node:fs/promises";
import { importCallCsv } from "@/lib/server/call-import";
import { db } from "@/lib/server/db";

const args = process.argv.slice(2);
if (args.length !== 1 || args[0].startsWith("-")) {
  console.error("usage: npm run calls:import -- <fichier.csv>");
  process.exit(2);
}
const text = await readFile(args[0], "utf8").catch((error: NodeJS.ErrnoException) => {
  console.error(`calls:import: cannot read ${args[0]}: ${error.code ?? error.message}`);
  process.exit(2);
});
let exitCode = 0;
try {
  const result = await importCallCsv(text, null);
  console.log(`${args[0]}: ${result.imported} imported, ${result.duplicates} already present, ${result.rejected.length} rejected; ${new Set(result.touched.map((t) => t.serviceId)).size} services updated, ${result.alerts} voice warnings`);
  for (const row of result.rejected) console.log(row.message);
  if (result.rejected.length > 0) exitCode = 1;
} catch (error) {
  console.error("calls:import failed:", error instanceof Error ? (error.stack ?? error.message) : error);
  exitCode = 1;
} finally {
  await db.$disconnect();
}
process.exit(exitCode);
