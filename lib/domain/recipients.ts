/**
 * Who is told (SPEC §15): one table for every email about a company's OCs, lines, orders, invoices, payments or
 * incidents. The user who acted, the company's administrators, its contacts of the topic's role and, for a
 * reseller's client, the reseller's administrators; each address once. Emails about an invoice or a payment go to
 * the billing account owner's people (the caller passes that owner as the company); a suspension also reaches the
 * end client's administrators, without amounts. Users may opt out of usage warnings only.
 */

export type EmailTopic = "order" | "contracted-offer" | "line" | "usage-warning" | "invoice" | "payment" | "incident" | "suspension";
export type ContactRole = "FACTURATION" | "TECHNIQUE" | "ADMINISTRATIF";

/** The contacts' role each topic reaches. */
export const TOPIC_CONTACT_ROLE: Record<EmailTopic, ContactRole> = {
  order: "ADMINISTRATIF",
  "contracted-offer": "ADMINISTRATIF",
  line: "TECHNIQUE",
  "usage-warning": "TECHNIQUE",
  invoice: "FACTURATION",
  payment: "FACTURATION",
  incident: "TECHNIQUE",
  suspension: "FACTURATION",
};

export type Person = { name: string; email: string; identifier?: string; usageWarningsOptOut?: boolean };
export type Contact = Person & { role: ContactRole };
export type Party = { administrators: Person[]; contacts: Contact[] };

export type RecipientsInput = {
  topic: EmailTopic;
  /** The company concerned: the end client, or the billing account's owner for an invoice or a payment. */
  company: Party;
  /** Its direct parent when the company is a reseller's client. */
  reseller: Party | null;
  /** The user who acted, if a user did. */
  actor: Person | null;
  /** A suspension: the end client, when it is not the account's owner (told without amounts). */
  endClient?: Party | null;
};

export type Recipient = Person & { withAmounts: boolean };

/** The recipients of one email, each address once (compared without case), in a stable order. */
export function recipientsOf(input: RecipientsInput): Recipient[] {
  const role = TOPIC_CONTACT_ROLE[input.topic];
  const candidates: Recipient[] = [];
  const add = (people: Person[], withAmounts: boolean) => {
    for (const p of people) candidates.push({ ...p, withAmounts });
  };
  if (input.actor) add([input.actor], true);
  add(input.company.administrators, true);
  add(input.company.contacts.filter((c) => c.role === role), true);
  if (input.reseller) add(input.reseller.administrators, true);
  if (input.topic === "suspension" && input.endClient) add(input.endClient.administrators, false);

  const key = (p: Person) => p.email.trim().toLowerCase();
  // A user who opted out is not told under another role either (a contact with the same address).
  const optedOut = new Set(input.topic === "usage-warning" ? candidates.filter((c) => c.usageWarningsOptOut).map(key) : []);
  const byAddress = new Map<string, Recipient>();
  for (const c of candidates) {
    if (optedOut.has(key(c))) continue;
    const known = byAddress.get(key(c));
    // Told once; with the amounts if any of its roles may see them.
    if (known) known.withAmounts ||= c.withAmounts;
    else byAddress.set(key(c), { ...c });
  }
  return [...byAddress.values()];
}
