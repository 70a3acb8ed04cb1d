import { applyDueTerminations } from "@/lib/server/terminations";
import { runBillingRun } from "@/lib/server/billing-run";
import { collectDirectDebits } from "@/lib/server/direct-debits";
import { emailIssuedInvoices } from "@/lib/server/invoice-emails";
import { sendReminders } from "@/lib/server/reminders";
import { reviewSuspensions } from "@/lib/server/account-suspensions";
import { databaseTarget } from "@/lib/server/db";
import { deliverLeftEmails } from "@/lib/server/mail";
import { today } from "@/lib/server/clock";
import type { CalendarDay } from "@/lib/domain/calendar-day";

/** The scheduled jobs (SPEC §9, *Time*): each runs as of a day, idempotent and safe to run twice at once. */
export const JOBS = {
  "apply-terminations": (asOf: CalendarDay) => applyDueTerminations(asOf),
  /** The month's invoices (SPEC §7), then its penalty invoices (§13): idempotent per account, month and kind, so hourly runs issue each once. */
  "issue-invoices": (asOf: CalendarDay) => runBillingRun(asOf),
  /** Each issued invoice emailed once (the pre-notification of its debit, SPEC §13). */
  "email-invoices": () => emailIssuedInvoices(),
  /** The pain.008 files whose deadline has come (SPEC §13): each invoice in one file, once. */
  "collect-direct-debits": async (asOf: CalendarDay) => (await collectDirectDebits(asOf)).debits,
  /** The reminders of invoices overdue or returned (SPEC §13), each cause once. */
  "send-reminders": (asOf: CalendarDay) => sendReminders(asOf),
  /** Suspensions for *Impayé* and *Seuil d'encours* announced, applied, finished or lifted (SPEC §13); hourly for the 24 h. */
  "review-suspensions": async (asOf: CalendarDay) => {
    const { applied, lifted } = await reviewSuspensions(asOf);
    return applied + lifted;
  },
  /** The emails a job queued with its step and a killed run did not send (the last two days'), each once. */
  "deliver-emails": () => deliverLeftEmails(),
} satisfies Record<string, (asOf: CalendarDay) => Promise<number>>;

export type JobName = keyof typeof JOBS;

export function isJobName(name: string): name is JobName {
  return Object.hasOwn(JOBS, name);
}

export async function runJob(name: JobName, asOf: CalendarDay = today()): Promise<number> {
  return JOBS[name](asOf);
}

const HOUR_MS = 60 * 60 * 1000;

/**
 * On the embedded database the portal is the only process that may open it, so it runs the jobs
 * itself: at start, then every hour. On PostgreSQL, cron runs `npm run jobs -- <job>` instead.
 */
export function startInProcessJobs() {
  if (databaseTarget().kind !== "pglite" || process.env.MYOPENIP_IN_PROCESS_JOBS === "0") return;
  const tick = async () => {
    for (const name of Object.keys(JOBS) as JobName[]) {
      try {
        const count = await runJob(name);
        if (count > 0) console.log(`[jobs] ${name}: ${count}`);
      } catch (error) {
        console.error(`[jobs] ${name} failed`, error);
      }
    }
  };
  void tick();
  setInterval(tick, HOUR_MS).unref();
}
