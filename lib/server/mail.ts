import nodemailer, { type Transporter } from "nodemailer";
import { db, type Tx } from "@/lib/server/db";
import { now } from "@/lib/server/clock";
import { productionBuild } from "@/lib/build";

export type Mail = {
  to: string;
  subject: string;
  text: string;
  kind: string;
  /** Single-use tokens in the text: masked in the stored copy (SPEC §2, §17). */
  secrets?: string[];
};

const holder = globalThis as unknown as { __myopenipMailer?: Transporter | null };

function transporter(): Transporter | null {
  if (holder.__myopenipMailer === undefined) {
    const url = process.env.SMTP_URL;
    holder.__myopenipMailer = url ? nodemailer.createTransport(url) : null;
  }
  return holder.__myopenipMailer;
}

/** Absolute URL of a portal page, for links in emails. */
export function portalUrl(path: string): string {
  const base = (process.env.APP_URL ?? "http://localhost:3000").replace(/\/$/, "");
  return `${base}${path}`;
}

/** The text with its single-use tokens replaced, as kept in OutgoingEmail. */
export function maskSecrets(text: string, secrets: string[]): string {
  return secrets.reduce((masked, secret) => masked.replaceAll(secret, "[lien masqué]"), text);
}

/**
 * Sends an email, after the transaction that decided it has committed. Every email is kept in OutgoingEmail and,
 * with SMTP_URL, delivered over SMTP. A production build stores its single-use links masked from the start, delivered
 * or not; other builds mask them once delivered, so that the development mailbox shows them. A delivery failure is
 * recorded and never undoes the change that caused it.
 */
export async function sendMail({ secrets = [], ...mail }: Mail): Promise<void> {
  const masked = maskSecrets(mail.text, secrets);
  const at = now();
  const record = await db.outgoingEmail.create({ data: { ...mail, text: productionBuild ? masked : mail.text, createdAt: at, claimedAt: at } });
  await deliver({ id: record.id, ...mail }, masked);
}

/**
 * Queues emails in the transaction that decides them (a job's claimed step), so that a run killed after its commit
 * loses none: `deliverQueued` sends them after the commit, and the `deliver-emails` job those it did not. No secrets.
 */
export async function queueMails(tx: Tx, mails: Omit<Mail, "secrets">[]): Promise<number[]> {
  const ids: number[] = [];
  const at = now();
  for (const mail of mails) ids.push((await tx.outgoingEmail.create({ data: { ...mail, createdAt: at, queuedAt: at }, select: { id: true } })).id);
  return ids;
}

const RETAKE_AFTER_MS = 15 * 60 * 1000;
const QUEUE_MAX_AGE_MS = 2 * 24 * 3600 * 1000;

/**
 * Sends the queued emails of `ids` not sent yet, each taken just before it is sent (one taker; taken again 15 minutes
 * later if its taker died or the server refused it). How many it sent or tried.
 */
export async function deliverQueued(ids: number[]): Promise<number> {
  if (ids.length === 0 || !transporter()) return 0;
  let tried = 0;
  for (const id of [...ids].sort((a, b) => a - b)) {
    const [mail] = await db.$queryRaw<{ id: number; to: string; subject: string; text: string }[]>`
      UPDATE "OutgoingEmail" SET "claimedAt" = ${now()}
      WHERE "id" = ${id} AND "queuedAt" IS NOT NULL AND "sentAt" IS NULL
        AND ("claimedAt" IS NULL OR "claimedAt" < ${new Date(now().getTime() - RETAKE_AFTER_MS)})
      RETURNING "id", "to", "subject", "text"`;
    if (!mail) continue;
    tried++;
    await deliver(mail, mail.text);
  }
  return tried;
}

/** The job: queued emails of the last two days not sent yet (a killed run's, a refused delivery's); an older notice would mislead. */
export async function deliverLeftEmails(): Promise<number> {
  if (!transporter()) return 0;
  const left = await db.outgoingEmail.findMany({
    where: {
      queuedAt: { gte: new Date(now().getTime() - QUEUE_MAX_AGE_MS) }, sentAt: null,
      OR: [{ claimedAt: null }, { claimedAt: { lt: new Date(now().getTime() - RETAKE_AFTER_MS) } }],
    },
    orderBy: { id: "asc" }, take: 1000, select: { id: true },
  });
  return deliverQueued(left.map((m) => m.id));
}

async function deliver(mail: { id: number; to: string; subject: string; text: string }, stored: string): Promise<void> {
  const transport = transporter();
  if (!transport) return;
  try {
    await transport.sendMail({ from: process.env.MAIL_FROM ?? "MyOpenIP <no-reply@myopenip.fr>", to: mail.to, subject: mail.subject, text: mail.text });
    await db.outgoingEmail.update({ where: { id: mail.id }, data: { sentAt: now(), text: stored, error: null } });
  } catch (error) {
    console.error("mail delivery failed", error);
    await db.outgoingEmail.update({ where: { id: mail.id }, data: { error: String(error).slice(0, 1000) } });
  }
}
