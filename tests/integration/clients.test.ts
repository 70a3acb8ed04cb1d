// The reseller's client directory (SPEC §5): filters, sort, pagination and the export's rows.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { loadActor, type Actor } from "@/lib/server/authz";
import { allClients, listClients, parseClientQuery } from "@/lib/server/clients";
import { createCompany } from "@/lib/server/companies";
import { PAGE_SIZE } from "@/lib/list-query";
import { demoSiret, seedDemoWorld } from "@/prisma/demo-world";

let reseller: Actor;

beforeAll(async () => {
  await seedDemoWorld(db);
  const user = await db.user.findUniqueOrThrow({ where: { identifier: "E-0000000003" } });
  reseller = (await loadActor(user.id, null, "REVENDEUR"))!;
});

const ids = async (params: Record<string, string>) => (await listClients(reseller, parseClientQuery(params))).rows.map((c) => c.id);
const exported = async (params: Record<string, string>) => {
  const rows: number[] = [];
  for await (const page of allClients(reseller, parseClientQuery(params))) rows.push(...page.map((c) => c.id));
  return rows;
};

describe("the client list", () => {
  it("finds the guide's two clients by each column (seed 001)", async () => {
    expect(await ids({ id: "44660" })).toEqual([44660]);
    expect(await ids({ createdOn: "2019-03-18" })).toEqual([44660]);
    expect(await ids({ legalForm: "SARL" })).toContain(44284);
    expect(await ids({ legalForm: "SARL" })).not.toContain(44660);
    expect(await ids({ state: "inactive" })).toEqual([44708]);
  });

  it("matches names whatever the accents and the case", async () => {
    expect(await ids({ name: "MEDICAL" })).toEqual([44660]);
    expect(await ids({ name: "médical des" })).toEqual([44660]);
    expect(await ids({ name: "boulangerie martin" })).toEqual([44284]);
    expect(await ids({ name: "100%" })).toEqual([]);
  });

  it("sorts names in the order a French reader expects, both ways", async () => {
    const names = async (dir: string) => (await listClients(reseller, parseClientQuery({ name: "cabinet", sort: "name", dir }))).rows.map((c) => c.name);
    expect(await names("asc")).toEqual(["Cabinet Comptable Roux", "Cabinet d'Avocats Mercier", "Cabinet Médical des Oliviers"]);
    expect(await names("desc")).toEqual(["Cabinet Médical des Oliviers", "Cabinet d'Avocats Mercier", "Cabinet Comptable Roux"]);
  });

  it("refuses malformed filters by matching nothing", async () => {
    expect(await ids({ id: "44660 OR 1=1" })).toEqual([]);
    expect(await ids({ createdOn: "2019-02-30" })).toEqual([]);
    expect(await ids({ legalForm: "LLC" })).toEqual([]);
  });

  it("pages by 50 with a total, and the export holds every row of the filtered list in the page order", async () => {
    for (let i = 0; i < 40; i++) {
      const id = 900 + i;
      await createCompany(reseller, { name: `Client d'essai ${String(i).padStart(2, "0")}`, legalForm: "SAS", siret: demoSiret(id), parentId: reseller.company.id, universes: ["CLIENT"] });
    }
    const first = await listClients(reseller, parseClientQuery({ sort: "name" }));
    const second = await listClients(reseller, parseClientQuery({ sort: "name", page: "2" }));
    expect(first.total).toBe(66);
    expect(first.rows).toHaveLength(PAGE_SIZE);
    expect(second.rows).toHaveLength(16);
    const all = await exported({ sort: "name" });
    expect(all).toEqual([...first.rows, ...second.rows].map((c) => c.id));
    expect(new Set(all).size).toBe(66);
    expect(await exported({ name: "essai" })).toHaveLength(40);
  });

  it("a reseller creates clients under itself only, and only in its reseller universe", async () => {
    const notFound = (p: Promise<unknown>) => expect(p).rejects.toMatchObject({ digest: expect.stringContaining("404") });
    const input = { name: "Intruse", legalForm: "SAS" as const, siret: demoSiret(990), universes: ["CLIENT" as const] };
    await notFound(createCompany(reseller, { ...input, parentId: 45001 }));
    await notFound(createCompany(reseller, { ...input, parentId: undefined }));
    const user = await db.user.findUniqueOrThrow({ where: { identifier: "E-0000000003" } });
    const asClient = (await loadActor(user.id, null, "CLIENT"))!;
    await notFound(createCompany(asClient, { ...input, parentId: asClient.company.id }));
    expect(await db.company.count({ where: { siret: input.siret } })).toBe(0);
  });
});
