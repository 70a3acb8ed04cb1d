// Prints, as one line of JSON, the errors of each stored pain.008 file of DATABASE_URL's database, found by the
// validator the collection run uses before storing a file (lib/server/pain008.ts: the ISO 20022 XSD and the EPC
// rules). Run by the system tests in a process of its own: npx tsx --import ./scripts/server-only-shim.mjs <this file>
import { db } from "@/lib/server/db";
import { pain008Errors } from "@/lib/server/pain008";

const files = await db.directDebitFile.findMany({ orderBy: { id: "asc" }, select: { messageId: true, xml: true } });
const report: { messageId: string; errors: string[] }[] = [];
for (const file of files) report.push({ messageId: file.messageId, errors: await pain008Errors(file.xml) });
console.log(JSON.stringify(report));
await db.$disconnect();
