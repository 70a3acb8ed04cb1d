// The cross-tenant matrix by URL (issue 3): each demo user, in the universe given, gets *Page
// introuvable* for another tenant's objects; a forged action changes nothing. The same matrix runs on
// every load and action in tests/integration/cross-tenant.test.ts. Later issues add their URLs here.
import { test, expect, login, logout, resetWorld } from "./fixtures";

test.beforeAll(resetWorld);

type Case = { user: string; universe?: "revendeur" | "client"; urls: string[] };

const CASES: Case[] = [
  // The reseller: another reseller's client, its clients' own client, itself as a client, the operator, staff pages.
  { user: "E-0000000003", universe: "revendeur", urls: ["/clients/45010", "/clients/46001", "/clients/44000", "/clients/10000", "/clients/99999999999", "/clients/abc", "/admin/societes", "/admin/societes/44660", "/admin/conditions", "/offres-contractees/OC154001", "/offres-contractees/OC153010", "/offres-contractees/OC154001/resiliation", "/offres-contractees/xyz", "/commandes/COM35001", "/commandes/COM34010", "/commandes/nouvelle?client=46001", "/commandes/nouvelle?client=45010", "/admin/commandes", "/admin/commandes/COM32623", "/services/SRV153011", "/services/SRV154001", "/services/SRV153011/ressources", "/ressources/FPC153011", "/ressources/FPC153011/changer", "/services/SRV153011/monitoring", "/services/SRV153011/activer", "/ressources/FPC154001", "/services/xyz", "/ressources/xyz", "/factures/F00000004", "/factures/xyz", "/admin/contestations", "/services/SRV154001/monitoring", "/admin/appels", "/admin/alertes-voix"] },
  // In its client universe, the reseller has no client directory at all.
  { user: "E-0000000003", universe: "client", urls: ["/clients", "/clients/44660", "/clients/nouveau", "/offres-contractees/OC150943", "/factures/F00000003"] },
  // Clients: no directory, no other company, no back office.
  { user: "E-0000000004", urls: ["/clients", "/clients/44660", "/clients/44284", "/admin/societes/44660", "/offres-contractees/OC150310", "/offres-contractees/OC148200", "/commandes/COM32310", "/commandes/nouvelle?client=44284", "/admin/commandes", "/services/SRV150310", "/ressources/FPC153011", "/services/SRV153011/monitoring", "/factures/F00000001", "/factures/F00000002", "/factures/F00000004", "/admin/contestations", "/services/SRV148200/monitoring", "/services/SRV151001/monitoring", "/services/SRV150943/monitoring", "/admin/appels", "/admin/alertes-voix"] },
  { user: "E-0000000005", urls: ["/clients/44660", "/admin/conditions", "/offres-contractees/OC150943", "/services/SRV152400", "/services/SRV152400/ressources", "/services/SRV152400/monitoring", "/services/SRV152400/activer", "/ressources/FPC367678", "/ressources/FPC367678/changer", "/services/SRV152400/monitoring?ligne=FPC367678", "/factures/F00000003", "/factures/F00000002", "/services/SRV150944/monitoring", "/services/SRV150944/monitoring?mois=2026-01"] },
  // The operator: the reseller's clients are not its clients.
  { user: "E-0000000006", urls: ["/clients/44660", "/clients/44284", "/clients/44000", "/admin/societes", "/offres-contractees/OC150943", "/services/SRV152400", "/ressources/FPC367678", "/factures/F00000003", "/factures/F00000001", "/services/SRV150944/monitoring", "/services/SRV148200"] },
  // ADV staff do not manage companies and terms (support staff do).
  { user: "E-0000000001", urls: ["/admin/societes", "/admin/conditions", "/commandes/nouvelle", "/ressources/FPC367678/changer", "/services/SRV152400/activer"] },
  // Support staff do not work the ADV queue.
  { user: "E-0000000002", urls: ["/admin/commandes", "/admin/commandes/COM32623"] },
];

for (const { user, universe, urls } of CASES) {
  test(`${user}${universe ? ` (univers ${universe})` : ""} gets "not found" outside its scope`, async ({ page }) => {
    await login(page, user);
    if (universe) await page.getByRole("button", { name: `Choisir l'univers ${universe}` }).click();
    if (universe) await expect(page.getByText("Univers actuel")).toBeVisible();
    for (const url of urls) {
      const response = await page.goto(url);
      expect(response?.status(), url).toBe(404);
      await expect(page.getByRole("heading", { name: "Page introuvable" }), url).toBeVisible();
    }
  });
}

test("another tenant's invoice and credit-note PDFs are not found; the invoice export holds only one's own", async ({ page }) => {
  await login(page, "E-0000000004");
  for (const url of ["/api/factures/F00000001/pdf", "/api/factures/F00000004/pdf", "/api/avoirs/A00000001/pdf", "/api/factures/A00000002/pdf", "/api/factures/xyz/pdf"]) {
    expect((await page.request.get(url)).status(), url).toBe(404);
  }
  expect((await page.request.get("/api/factures/F00000003/pdf")).status()).toBe(200);
  expect((await page.request.get("/api/avoirs/A00000002/pdf")).status()).toBe(200);
  const csv = await (await page.request.get("/api/factures/export?endClient=45010")).text();
  expect(csv.trim().split("\r\n")).toHaveLength(1);
  const all = await (await page.request.get("/api/factures/export")).text();
  expect(all).not.toContain("CC45001");
  expect(all).not.toContain("CC44000");
});

test("another tenant's call export is not found; one's own is a CSV", async ({ page }) => {
  await login(page, "E-0000000005");
  for (const url of ["/api/services/SRV150944/appels", "/api/services/SRV148200/appels?mois=2026-01", "/api/services/SRV150310/appels", "/api/services/xyz/appels"]) {
    expect((await page.request.get(url)).status(), url).toBe(404);
  }
  await logout(page);
  await login(page, "E-0000000004");
  const own = await page.request.get("/api/services/SRV150944/appels");
  expect(own.status()).toBe(200);
  expect(own.headers()["content-type"]).toContain("text/csv");
  expect((await page.request.get("/api/services/SRV150943/appels")).status()).toBe(404); // numbers only: no call monitoring
});

test("the CSV export is not found outside a reseller universe", async ({ page }) => {
  await login(page, "E-0000000004");
  const response = await page.request.get("/api/clients/export");
  expect(response.status()).toBe(404);
});

test("a forged action on another reseller's client is not found and changes nothing", async ({ page, browser }) => {
  await login(page, "E-0000000003");
  await page.getByRole("button", { name: "Choisir l'univers revendeur" }).click();
  await expect(page.getByText("Univers actuel")).toBeVisible();
  await page.goto("/clients/44284");
  // Point the page's own "Désactiver le client" form at 45010, a client of the operator 45001.
  await page.locator('form:has(button:text("Désactiver le client")) input[name="clientId"]').evaluate((input: HTMLInputElement) => (input.value = "45010"));
  await page.getByRole("button", { name: "Désactiver le client" }).click();
  await expect(page.getByRole("heading", { name: "Page introuvable" })).toBeVisible();

  const operator = await browser.newPage();
  await login(operator, "E-0000000006");
  await operator.goto("/clients/45010");
  await expect(operator.getByRole("button", { name: "Désactiver le client" })).toBeVisible();
  await expect(operator.getByText("Activé(e)")).toBeVisible();
  await operator.close();
});
