// Issue 32, item 11: names with control characters reached the Factur-X XML (invalid, silently), and one failing
// PDF stopped every later invoice's PDF. Now every text field refuses them (lib/domain/text.ts) and the billing
// run renders each PDF on its own: a failing one is reported by its number and left for the next run. Before the
// fix the forms below saved the names, and the run rendered an invalid XML for the bad name (a render that
// threw, as any other failure, stopped the loop over the remaining invoices).
import { afterAll, beforeAll, describe, expect, it, vi, type MockInstance } from "vitest";
import { db } from "@/lib/server/db";
import { loadActor, requireActor, type Actor } from "@/lib/server/authz";
import { createClientAction } from "@/app/(portail)/clients/actions";
import { createCompanyAction } from "@/app/(adv)/admin/societes/actions";
import { createSiteAction } from "@/app/(portail)/societes/[id]/sites/actions";
import { contestInvoiceAction } from "@/app/(portail)/factures/[number]/actions";
import { billingRun } from "@/lib/server/billing-run";
import { decideContestation } from "@/lib/server/contestations";
import { extractFacturXml } from "@/lib/server/invoice-pdf";
import { today } from "@/lib/server/clock";
import { FORBIDDEN_CHARACTERS_MESSAGE } from "@/lib/domain/text";
import { monthOf, nextMonth } from "@/lib/domain/billing";
import { monthBounds } from "@/lib/domain/plan-change";
import { parseDay } from "@/lib/domain/calendar-day";
import { demoSiret, seedDemoWorld } from "@/prisma/demo-world";
import { validateFacturX } from "../integration/support/factur-x";

vi.mock("@/lib/server/authz", async (importOriginal) => ({ ...(await importOriginal<typeof import("@/lib/server/authz")>()), requireActor: vi.fn(), requireStaff: vi.fn() }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

const actorOf = async (identifier: string, universe: string | null = null) => {
  const user = await db.user.findUniqueOrThrow({ where: { identifier } });
  return (await loadActor(user.id, null, universe))!;
};
const as = (actor: Actor) => vi.mocked(requireActor).mockResolvedValue(actor);
const form = (fields: Record<string, string | number>) => {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, String(value));
  return data;
};

/** Everything the forms below could write. */
async function snapshot() {
  const [companies, users, sites, contestations, audits] = await Promise.all([
    db.company.findMany({ orderBy: { id: "asc" } }),
    db.user.count(),
    db.site.findMany({ orderBy: { id: "asc" } }),
    db.contestation.count(),
    db.auditEvent.count(),
  ]);
  return JSON.stringify({ companies, users, sites, contestations, audits });
}

let reseller: Actor; // E-0000000003, reseller universe
let doctor: Actor; // E-0000000004, administrator of 44660
let support: Actor; // E-0000000002

beforeAll(async () => {
  await seedDemoWorld(db);
  reseller = await actorOf("E-0000000003", "REVENDEUR");
  doctor = await actorOf("E-0000000004");
  support = await actorOf("E-0000000002");
});

describe("a text field with a control character", () => {
  it("is refused on the company name by the reseller's and the staff's forms, and nothing is written", async () => {
    const before = await snapshot();
    as(reseller);
    const client = await createClientAction({}, form({ name: "Garage\u0001 du Port", legalForm: "SARL", siret: demoSiret(47001), billingMode: "DIRECTE", userName: "Jean Port", userEmail: "jean@garage-du-port.example" }));
    expect(client.errors?.name).toEqual([FORBIDDEN_CHARACTERS_MESSAGE]);
    const { requireStaff } = await import("@/lib/server/authz");
    vi.mocked(requireStaff).mockResolvedValue(support);
    const company = await createCompanyAction({}, form({ name: "Garage du Port\u009b", legalForm: "SARL", siret: demoSiret(47002), universes: "CLIENT" }));
    expect(company.errors?.name).toEqual([FORBIDDEN_CHARACTERS_MESSAGE]);
    expect(await snapshot()).toBe(before);
  });

  it("is refused on a site's label; a multi-line field takes line breaks and tabs only", async () => {
    const before = await snapshot();
    as(doctor);
    const site = { companyId: 44660, name: "AIX\u0001NORD", address: "1 rue A", postcode: "13100", city: "Aix-en-Provence", accessNotes: "" };
    expect((await createSiteAction({}, form(site))).errors?.name).toEqual([FORBIDDEN_CHARACTERS_MESSAGE]);
    expect((await createSiteAction({}, form({ ...site, name: "AIX NORD", accessNotes: "Digicode\u001b1234" }))).errors?.accessNotes).toEqual([FORBIDDEN_CHARACTERS_MESSAGE]);
    const invoice = await db.invoice.findFirstOrThrow({ where: { billingAccount: { ref: "CC44660" } }, orderBy: { periodStart: "desc" } });
    expect((await contestInvoiceAction(invoice.number, {}, form({ reason: "Montant\u0007 incorrect sur la ligne fibre." }))).errors?.reason).toEqual([FORBIDDEN_CHARACTERS_MESSAGE]);
    expect(await snapshot()).toBe(before);
    expect(await createSiteAction({}, form({ ...site, name: "AIX NORD", accessNotes: "Digicode\t1234\r\n2e étage" }))).toMatchObject({ ok: true });
  });
});

describe("a billing run where one account's company name holds a control character (written before the forms refused it)", () => {
  let errors: MockInstance<typeof console.error>;
  beforeAll(() => {
    errors = vi.spyOn(console, "error").mockImplementation(() => {});
  });
  afterAll(() => errors.mockRestore());

  it("still produces every other invoice's PDF, reports the failing one, and the next run produces it once fixed", async () => {
    const month = nextMonth(monthOf(today()));
    const first = monthBounds(month).first;
    const original = (await db.company.findUniqueOrThrow({ where: { id: 44660 } })).name;
    await db.company.update({ where: { id: 44660 }, data: { name: `${original}\u0001` } });

    const result = await billingRun(first);
    const issued = await db.invoice.findMany({ where: { periodStart: parseDay(first) }, select: { id: true, number: true, pdf: true, billingAccount: { select: { ownerCompanyId: true } } } });
    expect(result.issued).toBe(issued.length);
    const bad = issued.filter((i) => i.billingAccount.ownerCompanyId === 44660);
    const good = issued.filter((i) => i.billingAccount.ownerCompanyId !== 44660);
    expect(bad).toHaveLength(1);
    expect(good.length).toBeGreaterThan(1);
    expect(bad[0].pdf).toBeNull();
    // Invoices after it in the run's order still got theirs: the failure did not stop the loop.
    expect(good.filter((i) => i.id > bad[0].id).length).toBeGreaterThan(0);
    for (const invoice of good) expect(invoice.pdf, invoice.number).not.toBeNull();
    expect(result.pdfs.failed).toEqual([bad[0].number]);
    expect(result.pdfs.stored).toBe(good.length);
    expect(errors.mock.calls.some((call) => String(call[0]).includes(bad[0].number))).toBe(true);
    expect(await validateFacturX(await extractFacturXml(good[0].pdf!))).toEqual([]);

    // A credit note for that account is issued all the same: the decision stands, its PDF waits for the next run.
    const contested = await db.invoice.findFirstOrThrow({ where: { billingAccount: { ownerCompanyId: 44660 }, periodStart: parseDay(monthBounds(monthOf(today())).first) } });
    as(doctor);
    expect(await contestInvoiceAction(contested.number, {}, form({ reason: "Le trunk SIP est facturé deux fois." })).catch((e: unknown) => String(e))).toMatch(/NEXT_REDIRECT/);
    const contestation = await db.contestation.findFirstOrThrow({ where: { invoiceId: contested.id, state: "OUVERTE" } });
    const note = await decideContestation(support, contestation.id, { outcome: "ACCEPTEE_PARTIELLEMENT", amountCents: 1000, reason: "Doublon confirmé." });
    expect((await db.creditNote.findUniqueOrThrow({ where: { id: note!.id } })).pdf).toBeNull();
    expect(errors.mock.calls.some((call) => String(call[0]).includes(note!.number))).toBe(true);

    // Staff correct the name: the next run (nothing left to issue) produces the missing PDFs, valid ones.
    await db.company.update({ where: { id: 44660 }, data: { name: original } });
    const again = await billingRun(first);
    expect(again).toEqual({ issued: 0, pdfs: { stored: 2, failed: [] } });
    const fixed = await db.invoice.findUniqueOrThrow({ where: { id: bad[0].id } });
    expect(await validateFacturX(await extractFacturXml(fixed.pdf!))).toEqual([]);
    const fixedNote = await db.creditNote.findUniqueOrThrow({ where: { id: note!.id } });
    expect(await validateFacturX(await extractFacturXml(fixedNote.pdf!))).toEqual([]);
  });
});
