import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { db } from "@/lib/server/db";
import { Logo } from "@/components/logo";

export const metadata: Metadata = { title: "Boîte mail de développement" };
export const dynamic = "force-dynamic";

/** The emails kept in the database when no SMTP_URL is set. Never served in production. */
export default async function DevMailboxPage() {
  if (process.env.NODE_ENV === "production") notFound();
  const emails = await db.outgoingEmail.findMany({ orderBy: { id: "desc" }, take: 50 });
  return (
    <div className="mx-auto max-w-4xl px-4 py-6">
      <p className="mb-2 text-2xl text-brand">
        <Logo />
      </p>
      <h1 className="mb-4 text-xl font-semibold">Boîte mail de développement</h1>
      <p className="mb-6 text-sm text-slate-600">Les 50 derniers emails du portail (sans SMTP_URL, ils ne partent pas et restent ici).</p>
      <ul className="space-y-4">
        {emails.map((email) => (
          <li key={email.id} className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
            <p className="text-sm text-slate-600">
              À {email.to} · {email.createdAt.toLocaleString("fr-FR", { timeZone: "Europe/Paris" })}
            </p>
            <h2 className="font-semibold">{email.subject}</h2>
            <pre className="mt-2 text-sm break-words whitespace-pre-wrap">{linkify(email.text)}</pre>
          </li>
        ))}
      </ul>
    </div>
  );
}

function linkify(text: string) {
  return text.split(/(https?:\/\/\S+)/g).map((part, i) =>
    /^https?:\/\//.test(part) ? (
      <a key={i} href={part} className="text-brand underline">
        {part}
      </a>
    ) : (
      part
    ),
  );
}
