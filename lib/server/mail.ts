import nodemailer, { type Transporter } from "nodemailer";
import { db } from "@/lib/server/db";
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
  const record = await db.outgoingEmail.create({ data: { ...mail, text: productionBuild ? masked : mail.text, createdAt: now() } });
  const transport = transporter();
  if (!transport) return;
  try {
    await transport.sendMail({
      from: process.env.MAIL_FROM ?? "MyOpenIP <no-reply@myopenip.fr>",
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
    });
    await db.outgoingEmail.update({ where: { id: record.id }, data: { sentAt: now(), text: masked } });
  } catch (error) {
    console.error("mail delivery failed", error);
    await db.outgoingEmail.update({ where: { id: record.id }, data: { error: String(error).slice(0, 1000) } });
  }
}
