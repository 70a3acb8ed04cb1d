// Runs a scheduled job once, for cron on PostgreSQL:
//   npm run jobs -- apply-terminations [--as-of yyyy-MM-dd]   (tsx --import ./scripts/server-only-shim.mjs)
// Without --as-of it runs as of today (Paris). Each job is idempotent and safe to run twice at once.
// On the embedded database the running portal does this itself every hour (PGlite allows one
// process): stop the portal before running this command against .data/pglite.
import { isJobName, JOBS, runJob } from "@/lib/server/jobs";
import { db } from "@/lib/server/db";
import { today } from "@/lib/server/clock";
import { isValidDay } from "@/lib/domain/calendar-day";

const [name, flag, value] = process.argv.slice(2);
const asOf = flag === "--as-of" ? value : today();
if (!name || !isJobName(name) || (flag !== undefined && flag !== "--as-of") || !isValidDay(asOf ?? "")) {
  console.error(`usage: npm run jobs -- <${Object.keys(JOBS).join("|")}> [--as-of yyyy-MM-dd]`);
  process.exit(2);
}
const count = await runJob(name, asOf);
console.log(`${name} as of ${asOf}: ${count}`);
await db.$disconnect();
