// Imports bank statements (camt.053.001.02 or camt.054.001.02, SPEC §13), for cron or by hand on PostgreSQL:
//   npm run payments:import -- <relevé.xml> [<relevé2.xml> …]     (tsx --import ./scripts/server-only-shim.mjs)
// Prints the counts and the messages of each file; exits 1 when a file had errors (or could not be read), 2 on a
// usage error. Re-running it on the same files records nothing more. On the embedded database, stop the portal first
// (PGlite allows one process) or use the ADV page *Paiements et relevés bancaires*.
import { readFile } from "node:fs/promises";
import { importBankStatement } from "@/lib/server/bank-statements";
import { db } from "@/lib/server/db";
import { statementCounts } from "@/app/(adv)/admin/paiements/statement-upload";

const files = process.argv.slice(2);
if (files.length === 0 || files.some((file) => file.startsWith("-"))) {
  console.error("usage: npm run payments:import -- <relevé.xml> [<relevé2.xml> …]");
  process.exit(2);
}

/** One file: its outcome printed; true when it went through without an error. */
async function importFile(file: string): Promise<boolean> {
  let xml: string;
  try {
    xml = new TextDecoder("utf-8", { fatal: true }).decode(await readFile(file));
  } catch (error) {
    const reason = error instanceof TypeError ? "not valid UTF-8" : ((error as NodeJS.ErrnoException).code ?? String(error));
    console.error(`${file}: cannot read: ${reason}`);
    return false;
  }
  const { errors, ...counts } = await importBankStatement(xml, null);
  console.log(`${file}: ${statementCounts(counts)}`);
  for (const error of errors) console.log(`  ${error}`);
  return errors.length === 0;
}

let exitCode = 0;
try {
  // One after the other: each file is one transaction, and a later statement may book what an earlier one announced.
  for (const file of files) if (!(await importFile(file))) exitCode = 1;
} catch (error) {
  console.error("payments:import failed:", error instanceof Error ? (error.stack ?? error.message) : error);
  exitCode = 1;
} finally {
  await db.$disconnect();
}
process.exit(exitCode);
