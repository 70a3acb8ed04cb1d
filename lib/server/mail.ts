import nodemailer, { type Transporter } from "nodemailer";
import { db } from "@/lib/server/db";
import { now } from "@/lib/server/clock";

export type Mail = {
  to: string;
  subject: string;
  text: string;
  kind: string;
  /** Single-use tokens in the text: masked in the stored copy once the mail is delivered (SPEC §2). */
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

/**
 * Sends an email, after the transaction that decided it has committed. Every email is kept in
 * OutgoingEmail; with SMTP_URL it is also delivered over SMTP (and its single-use links are then masked
 * in the stored copy), otherwise it stays there whole and shows on the development mailbox. A delivery failure is recorded and never undoes the change that caused it.
 */
export async function sendMail({ secrets = [], ...mail }: Mail): Promise<void> {
  const record = await db.outgoingEmail.create({ data: { ...mail, createdAt: now() } });
  const transport = transporter();
  if (!transport) return;
  try {
    await transport.sendMail({
      from: process.env.MAIL_FROM ?? "MyOpenIP <no-reply@myopenip.fr>",
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
    });
    const masked = secrets.reduce((text, secret) => text.replaceAll(secret, "[lien masqué]"), mail.text);
    await db.outgoingEmail.update({ where: { id: record.id }, data: { sentAt: now(), text: masked } });
  } catch (error) {
    console.error("mail delivery failed", error);
    await db.outgoingEmail.update({ where: { id: record.id }, data: { error: String(error).slice(0, 1000) } });
  }
}
