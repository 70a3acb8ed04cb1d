// SPEC §12: the invoices of the demo world carry the buyer's legal address and VAT number and, for an account paying
// by direct debit, its mandate's RUM with the operator's ICS; the Factur-X XML stays valid against the EN 16931 XSD.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { extractFacturXml } from "@/lib/server/invoice-pdf";
import { seedDemoWorld } from "@/prisma/demo-world";
import { validateFacturX } from "./support/factur-x";

beforeAll(async () => {
  await seedDemoWorld(db);
});

const latestXml = async (ref: string) => {
  const invoice = await db.invoice.findFirstOrThrow({ where: { billingAccount: { ref }, pdf: { not: null } }, orderBy: { issuedOn: "desc" } });
  return { invoice, xml: await extractFacturXml(invoice.pdf!) };
};

describe("an invoice's buyer and payment data", () => {
  it("CC44660 (direct debit): the buyer's address and VAT number, the RUM and the ICS, valid Factur-X", async () => {
    const { invoice, xml } = await latestXml("CC44660");
    expect(invoice.mandateRef).toBe("OPENIP-RUM-44660-0001");
    expect(await validateFacturX(xml)).toEqual([]);
    const buyer = /<ram:BuyerTradeParty>([\s\S]*?)<\/ram:BuyerTradeParty>/.exec(xml)![1];
    expect(buyer).toContain("Cabinet Médical des Oliviers");
    expect(buyer).toContain("12 cours Mirabeau");
    expect(buyer).toContain("<ram:PostcodeCode>13100</ram:PostcodeCode>");
    const company = await db.company.findUniqueOrThrow({ where: { id: 44660 } });
    expect(buyer).toContain(`<ram:ID schemeID="VA">${company.vatNumber}</ram:ID>`);
    expect(xml).toContain("OPENIP-RUM-44660-0001");
    expect(xml).toContain("FR97ZZZ482585");
  });

  it("CC44000-R (transfer): no RUM on its invoices", async () => {
    const { invoice, xml } = await latestXml("CC44000-R");
    expect(invoice.mandateRef).toBeNull();
    expect(xml).not.toContain("OPENIP-RUM");
    expect(await validateFacturX(xml)).toEqual([]);
  });
});
