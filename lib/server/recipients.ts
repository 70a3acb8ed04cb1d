import "server-only";
import { db } from "@/lib/server/db";
import { recipientsOf, type EmailTopic, type Party, type Person, type Recipient } from "@/lib/domain/recipients";

/** A company's active administrators and its contacts (SPEC §12, §15). */
async function partyOf(companyId: number): Promise<Party> {
  const company = await db.company.findUniqueOrThrow({
    where: { id: companyId },
    select: {
      users: { where: { role: "ADMINISTRATEUR", active: true }, orderBy: { id: "asc" }, select: { name: true, email: true, identifier: true } },
      contacts: { orderBy: { id: "asc" }, select: { name: true, email: true, role: true } },
    },
  });
  return { administrators: company.users, contacts: company.contacts };
}

/**
 * The recipients of an email about `companyId` (the end client; for an invoice or a payment, the billing account's
 * owner), from SPEC §15's table (lib/domain/recipients.ts): the acting user, the company's administrators and
 * contacts of the topic's role, its reseller's administrators when it is a reseller's client.
 */
export async function recipientsFor(topic: EmailTopic, companyId: number, options: { actor?: Person | null; endClientId?: number | null } = {}): Promise<Recipient[]> {
  const company = await db.company.findUniqueOrThrow({ where: { id: companyId }, select: { parent: { select: { id: true, universes: true } } } });
  const parent = company.parent;
  const resellerParent = parent && parent.universes.some((u) => u === "REVENDEUR" || u === "OPERATEUR") ? parent.id : null;
  const [party, reseller, endClient] = await Promise.all([
    partyOf(companyId),
    resellerParent ? partyOf(resellerParent) : null,
    options.endClientId && options.endClientId !== companyId ? partyOf(options.endClientId) : null,
  ]);
  return recipientsOf({ topic, company: party, reseller, actor: options.actor ?? null, endClient });
}
