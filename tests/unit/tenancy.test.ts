import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { canSeeCompany, canSeeContractedOffer, canSeeInvoice, canSeePrices, holdsResellerUniverse, invoiceLineClient, isClientOf, isResellerClientOf, type Viewer } from "@/lib/domain/tenancy";

// The demo world's shape (SPEC §9): 44000 resells to 44660 and 44284; 44705 resells to 46001.
const reseller: Viewer = { companyId: 44000, actsAsReseller: true, staff: false };
const resellerAsClient: Viewer = { companyId: 44000, actsAsReseller: false, staff: false };
const client44660: Viewer = { companyId: 44660, actsAsReseller: false, staff: false };
const staff: Viewer = { companyId: 10000, actsAsReseller: false, staff: true };
const c44660 = { id: 44660, parentId: 44000 };
const c44284 = { id: 44284, parentId: 44000 };
const c46001 = { id: 46001, parentId: 44705 };
const c45010 = { id: 45010, parentId: 45001 };

describe("companies (SPEC §1)", () => {
  it("a reseller sees itself and its direct clients, not its clients' clients nor another reseller's", () => {
    expect(canSeeCompany(reseller, { id: 44000, parentId: null })).toBe(true);
    expect(canSeeCompany(reseller, c44660)).toBe(true);
    expect(canSeeCompany(reseller, c46001)).toBe(false);
    expect(canSeeCompany(reseller, c45010)).toBe(false);
  });
  it("in its client universe, a reseller sees only itself", () => {
    expect(canSeeCompany(resellerAsClient, c44660)).toBe(false);
    expect(canSeeCompany(resellerAsClient, { id: 44000, parentId: null })).toBe(true);
  });
  it("a client sees itself only; staff see everything", () => {
    expect(canSeeCompany(client44660, c44660)).toBe(true);
    expect(canSeeCompany(client44660, c44284)).toBe(false);
    expect(canSeeCompany(client44660, { id: 44000, parentId: null })).toBe(false);
    expect(canSeeCompany(staff, c46001)).toBe(true);
  });
  it("a company is never its own client; clients are the direct children", () => {
    expect(isClientOf(reseller, { id: 44000, parentId: null })).toBe(false);
    expect(isClientOf(reseller, c44284)).toBe(true);
    expect(isClientOf(reseller, c46001)).toBe(false);
    expect(isClientOf(client44660, c44660)).toBe(false);
  });
});

describe("a client holding a reseller universe (SPEC §1, issue 32)", () => {
  const c44705 = { id: 44705, parentId: 44000, universes: ["CLIENT", "REVENDEUR"] };
  it("its parent sees it, but acting on its users would reach its own clients: isResellerClientOf says so", () => {
    expect(holdsResellerUniverse(c44705)).toBe(true);
    expect(holdsResellerUniverse({ universes: ["CLIENT", "OPERATEUR"] })).toBe(true);
    expect(holdsResellerUniverse({ universes: ["CLIENT"] })).toBe(false);
    expect(canSeeCompany(reseller, c44705)).toBe(true);
    expect(isResellerClientOf(reseller, c44705)).toBe(true);
  });
  it("not for a plain client, the company itself, another reseller's client, the client universe or staff", () => {
    expect(isResellerClientOf(reseller, { ...c44660, universes: ["CLIENT"] })).toBe(false);
    expect(isResellerClientOf(reseller, { id: 44000, parentId: null, universes: ["CLIENT", "REVENDEUR"] })).toBe(false);
    expect(isResellerClientOf(reseller, { ...c44705, parentId: 45001 })).toBe(false);
    expect(isResellerClientOf(resellerAsClient, c44705)).toBe(false);
    expect(isResellerClientOf(staff, c44705)).toBe(false);
    expect(isResellerClientOf({ companyId: 44705, actsAsReseller: true, staff: false }, c44705)).toBe(false);
  });
});

describe("OCs, invoices and prices (SPEC §1)", () => {
  it("an OC is seen by its end client, the end client's parent and staff", () => {
    expect(canSeeContractedOffer(client44660, c44660)).toBe(true);
    expect(canSeeContractedOffer(reseller, c44660)).toBe(true);
    expect(canSeeContractedOffer(reseller, c46001)).toBe(false);
    expect(canSeeContractedOffer({ companyId: 44284, actsAsReseller: false, staff: false }, c44660)).toBe(false);
  });
  it("44284 billed through 44000 sees its OCs but not their prices nor the reseller's invoices", () => {
    const viewer44284: Viewer = { companyId: 44284, actsAsReseller: false, staff: false };
    const billedTo44000 = { id: 44000, parentId: null };
    expect(canSeeContractedOffer(viewer44284, c44284)).toBe(true);
    expect(canSeePrices(viewer44284, billedTo44000)).toBe(false);
    expect(canSeeInvoice(viewer44284, billedTo44000)).toBe(false);
    expect(canSeePrices(reseller, billedTo44000)).toBe(true);
    expect(canSeePrices(client44660, c44660)).toBe(true);
    expect(canSeePrices(staff, billedTo44000)).toBe(true);
  });
  it("an invoice line names a client's own client as *Client de …* without its site", () => {
    expect(invoiceLineClient(reseller, { ...c46001, name: "Pâtisserie du Cours Mirabeau", parentName: "Transports Giraud" })).toEqual({
      label: "Client de Transports Giraud",
      showSite: false,
    });
    expect(invoiceLineClient(reseller, { ...c44660, name: "Cabinet Médical des Oliviers", parentName: "Provence Télécom Services" })).toEqual({
      label: "Cabinet Médical des Oliviers",
      showSite: true,
    });
  });
});

describe("invariants", () => {
  const company = fc.record({ id: fc.integer({ min: 1, max: 50 }), parentId: fc.option(fc.integer({ min: 1, max: 50 }), { nil: null }) });
  const viewer = fc.record({ companyId: fc.integer({ min: 1, max: 50 }), actsAsReseller: fc.boolean(), staff: fc.boolean() });
  it("staff see all; everyone sees their own company; nobody but staff sees a grandchild", () => {
    fc.assert(
      fc.property(viewer, company, (v, c) => {
        if (v.staff) expect(canSeeCompany(v, c)).toBe(true);
        if (c.id === v.companyId) expect(canSeeCompany(v, c)).toBe(true);
        if (!v.staff && c.id !== v.companyId && c.parentId !== v.companyId) expect(canSeeCompany(v, c)).toBe(false);
      }),
    );
  });
  it("leaving the reseller universe never widens what is seen", () => {
    fc.assert(fc.property(viewer, company, (v, c) => !canSeeCompany({ ...v, actsAsReseller: false }, c) || canSeeCompany(v, c)));
  });
});
