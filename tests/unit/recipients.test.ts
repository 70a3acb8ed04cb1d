// SPEC §15 "Who is told": each email kind's recipients, each address once.
import { describe, expect, it } from "vitest";
import { recipientsOf, type Party } from "@/lib/domain/recipients";

const clinic: Party = {
  administrators: [{ name: "Dr Claire Vidal", email: "c.vidal@oliviers.example" }, { name: "Marc Vidal", email: "m.vidal@oliviers.example", usageWarningsOptOut: true }],
  contacts: [
    { role: "FACTURATION", name: "Sandrine Roux", email: "secretariat@oliviers.example" },
    { role: "TECHNIQUE", name: "Marc Vidal", email: "M.Vidal@oliviers.example" },
    { role: "ADMINISTRATIF", name: "Dr Claire Vidal", email: "c.vidal@oliviers.example" },
  ],
};
const reseller: Party = { administrators: [{ name: "Julien Arnaud", email: "j.arnaud@provence.example" }], contacts: [{ role: "FACTURATION", name: "Compta", email: "compta@provence.example" }] };
const bakery: Party = { administrators: [{ name: "Paul Martin", email: "paul@martin.example" }], contacts: [] };
const emails = (list: { email: string }[]) => list.map((r) => r.email);

describe("recipientsOf", () => {
  it("an order of a reseller's client: the orderer, the client's administrators and administrative contacts, the reseller's administrators, each once", () => {
    const to = recipientsOf({ topic: "order", company: clinic, reseller, actor: { name: "Dr Claire Vidal", email: "C.VIDAL@oliviers.example" } });
    expect(emails(to)).toEqual(["C.VIDAL@oliviers.example", "m.vidal@oliviers.example", "j.arnaud@provence.example"]);
    expect(to.every((r) => r.withAmounts)).toBe(true);
  });

  it("an invoice: the contacts of the billing role, not the technical ones; the reseller's administrators but not its contacts", () => {
    const to = recipientsOf({ topic: "invoice", company: clinic, reseller, actor: null });
    expect(emails(to)).toEqual(["c.vidal@oliviers.example", "m.vidal@oliviers.example", "secretariat@oliviers.example", "j.arnaud@provence.example"]);
  });

  it("an invoice of an account the reseller owns: the reseller's people, never its clients", () => {
    const to = recipientsOf({ topic: "invoice", company: reseller, reseller: null, actor: null });
    expect(emails(to)).toEqual(["j.arnaud@provence.example", "compta@provence.example"]);
  });

  it("a suspension on the reseller's account reaches the end client's administrators, without amounts", () => {
    const to = recipientsOf({ topic: "suspension", company: reseller, reseller: null, actor: null, endClient: bakery });
    expect(to.map((r) => [r.email, r.withAmounts])).toEqual([
      ["j.arnaud@provence.example", true],
      ["compta@provence.example", true],
      ["paul@martin.example", false],
    ]);
  });

  it("an address told in two roles keeps the amounts if either may see them", () => {
    const to = recipientsOf({ topic: "suspension", company: reseller, reseller: null, actor: null, endClient: { administrators: [{ name: "Julien", email: "j.arnaud@provence.example" }], contacts: [] } });
    expect(to.map((r) => [r.email, r.withAmounts])).toEqual([
      ["j.arnaud@provence.example", true],
      ["compta@provence.example", true],
    ]);
  });

  it("usage warnings skip who opted out; other topics never do", () => {
    expect(emails(recipientsOf({ topic: "usage-warning", company: clinic, reseller: null, actor: null }))).toEqual(["c.vidal@oliviers.example"]);
    expect(emails(recipientsOf({ topic: "line", company: clinic, reseller: null, actor: null }))).toEqual(["c.vidal@oliviers.example", "m.vidal@oliviers.example"]);
    expect(emails(recipientsOf({ topic: "suspension", company: clinic, reseller: null, actor: null }))).toContain("m.vidal@oliviers.example");
  });
});
