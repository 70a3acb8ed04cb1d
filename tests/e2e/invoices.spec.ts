// Issue 8: a client consults, downloads and contests its invoice; ADV accepts in part; the client sees
// the credit note; a reseller consults its client's invoices; the monthly run issues the next month.
// The demo world is seeded as of Thursday 10/12/2026: December's invoice is nine days old.
import { test, expect, login, logout, resetWorldAsOf, runServerJob, setServerClock, expectAccessible } from "./fixtures";

const DECEMBER_10 = new Date("2026-12-10T09:00:00Z");
const CLIENT_EMAIL = "c.vidal@cabinet-oliviers.example";
test.beforeAll(() => resetWorldAsOf(DECEMBER_10));
test.afterAll(() => setServerClock(null));

test("a client filters its invoices, exports them, opens one, downloads its PDF and contests it", async ({ page, mailbox }) => {
  await login(page, "E-0000000004");
  await page.getByRole("navigation", { name: "Navigation principale" }).getByRole("link", { name: "Factures" }).click();
  await expect(page.getByRole("heading", { name: "Consultation des factures" })).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "résultats" })).toHaveText("12 résultats (1–12)");
  await expectAccessible(page);
  const table = page.getByRole("table", { name: "Liste des factures" });
  await expect(table.getByRole("row").nth(1)).toContainText("décembre 2026");
  // December's invoice is collected by direct debit on 07/12, not yet confirmed by a bank statement (SPEC §13).
  await expect(table.getByRole("row").nth(1)).toContainText("Prélèvement programmé");

  // A filter that cannot be read is said on the form.
  await page.getByLabel("Montant TTC minimum (€)").fill("douze");
  await page.getByRole("button", { name: "Rechercher" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Montant invalide" })).toHaveText("Montant invalide : saisissez un montant en euros, par exemple 12,50.");
  await page.getByLabel("Montant TTC minimum (€)").fill("350");
  await page.getByRole("button", { name: "Rechercher" }).click();
  await expect(page.getByRole("status").filter({ hasText: "résultat" })).toHaveText(/^1 résultat/);

  // The CSV export of the filtered list.
  const csv = await (await page.request.get(await page.getByRole("link", { name: "Exporter en CSV" }).getAttribute("href") ?? "")).text();
  const rows = csv.trim().split("\r\n");
  expect(rows[0]).toContain("N° facture;Date d'émission;Période du;Période au");
  expect(rows).toHaveLength(2);
  expect(rows[1]).toContain(";01/12/2026;01/12/2026;31/12/2026;");

  await page.getByRole("link", { name: "Réinitialiser" }).click();
  const latest = (await table.getByRole("row").nth(1).getByRole("cell").first().textContent())!.trim();
  await page.getByRole("link", { name: `Détail de la facture ${latest}` }).click();

  await expect(page.getByRole("heading", { name: `Facture ${latest}` })).toBeVisible();
  await expect(page.getByRole("rowgroup").filter({ hasText: "Cabinet Médical des Oliviers — AIX-EN-PROVENCE" }).getByRole("row", { name: /Téléphonie IP du cabinet/ })).toContainText("40,00 €");
  await expect(page.getByRole("rowgroup").filter({ hasText: "Cabinet Médical des Oliviers — LILLE" }).getByRole("row", { name: /Trunk SIP agence de Lille/ })).toContainText("90,00 €");
  // SPEC §12: the buyer's legal address and VAT number, the RUM with the operator's ICS, as the PDF prints them.
  await expect(page.getByText("OPENIP-RUM-44660-0001 — créancier FR97ZZZ482585 (ICS)")).toBeVisible();
  await expect(page.getByText("12 cours Mirabeau, 13100 Aix-en-Provence")).toBeVisible();
  await expect(page.getByText(/^FR\d{11}$/)).toBeVisible();
  await expectAccessible(page);

  const pdf = await page.request.get(`/api/factures/${latest}/pdf`);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()["content-type"]).toBe("application/pdf");
  expect((await pdf.body()).subarray(0, 5).toString()).toBe("%PDF-");

  // Contest: a reason is required; then the invoice is *Contestée* and the client is mailed.
  await page.getByLabel("Motif de la contestation").fill("Trop");
  await page.getByRole("button", { name: "Contester la facture" }).click();
  await expect(page.getByText("Expliquez le motif de la contestation (10 caractères au moins).")).toBeVisible();
  await page.getByLabel("Motif de la contestation").fill("Le trunk SIP de Lille est compté deux fois ce mois-ci.");
  await page.getByRole("button", { name: "Contester la facture" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Votre contestation est enregistrée" })).toBeVisible();
  await expect(page.getByText("En cours d'examen", { exact: false }).first()).toBeVisible();
  await expect(page.getByText("Prélèvement programmé · contestée", { exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "Contester la facture" })).toHaveCount(0);
  await mailbox.waitFor(CLIENT_EMAIL, new RegExp(`contestation de la facture ${latest} enregistrée`));
  await logout(page);

  // ADV decides: a partial acceptance needs an amount.
  await login(page, "E-0000000001");
  await page.getByRole("navigation", { name: "Navigation principale" }).getByRole("link", { name: "Contestations" }).click();
  await page.getByRole("link", { name: "En cours d'examen" }).click();
  await expect(page.getByRole("status").filter({ hasText: "contestation" })).toHaveText("1 contestation");
  await expectAccessible(page);
  await page.getByLabel("Accepter partiellement (avoir du montant accordé)").check();
  await page.getByLabel("Motif de la décision").fill("Doublon confirmé sur le trunk SIP.");
  await page.getByRole("button", { name: "Enregistrer la décision" }).click();
  await expect(page.getByText("Saisissez le montant accordé en euros HT, par exemple 20,00.")).toBeVisible();
  await page.getByLabel("Montant accordé HT (€, acceptation partielle)").fill("45,00");
  await page.getByRole("button", { name: "Enregistrer la décision" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Décision enregistrée" })).toHaveText("Décision enregistrée : avoir A00000003 émis ; le client est prévenu par email.");
  const decision = await mailbox.waitFor(CLIENT_EMAIL, new RegExp(`contestation de la facture ${latest} – acceptée partiellement`));
  expect(decision.text).toMatch(/L'avoir A00000003 de 54,00\s€ TTC est émis/);
  await logout(page);

  // The client sees the outcome and its credit note, to be deducted from the next invoice.
  await login(page, "E-0000000004");
  await page.goto(`/factures/${latest}`);
  await expect(page.getByText(/Acceptée partiellement/)).toBeVisible();
  await expect(page.getByText(/avoir A00000003 de 45,00\s€ HT/)).toBeVisible();
  await page.getByRole("navigation", { name: "Navigation principale" }).getByRole("link", { name: "Avoirs" }).click();
  await expect(page.getByRole("heading", { name: "Consultation des avoirs" })).toBeVisible();
  const note = page.getByRole("table", { name: "Liste des avoirs" }).getByRole("row", { name: /A00000003/ });
  await expect(note).toContainText("45,00 €");
  await expect(note).toContainText("54,00 €");
  await expect(note).toContainText("Prochaine facture");
  await expectAccessible(page);
  const notePdf = await page.request.get("/api/avoirs/A00000003/pdf");
  expect(notePdf.headers()["content-type"]).toBe("application/pdf");
});

test("a reseller consults its client's invoices; the run of January issues the next invoice with the credit note deducted", async ({ page }) => {
  await login(page, "E-0000000003");
  await page.getByRole("button", { name: "Choisir l'univers revendeur" }).click();
  await expect(page.getByText("Univers actuel")).toBeVisible();
  await page.goto("/clients/44660");
  await page.getByRole("link", { name: "Consultation des factures" }).click();
  await expect(page.getByLabel("Client final")).toHaveValue("44660");
  await expect(page.getByRole("status").filter({ hasText: "résultats" })).toHaveText("12 résultats (1–12)");

  expect(await runServerJob("issue-invoices", "2027-01-01")).toBeGreaterThan(0);
  await page.reload();
  await expect(page.getByRole("status").filter({ hasText: "résultats" })).toHaveText("13 résultats (1–13)");
  const january = page.getByRole("table", { name: "Liste des factures" }).getByRole("row").nth(1);
  await expect(january).toContainText("janvier 2027");
  await january.getByRole("link", { name: /^Détail de la facture/ }).click();
  await expect(page.getByRole("row", { name: /Avoir A00000003 déduit/ })).toContainText("-45,00 €");
  const pdf = await page.request.get(page.url().replace("/factures/", "/api/factures/") + "/pdf");
  expect(pdf.status()).toBe(200);
});

test("a reseller opens its penalty invoice: outside VAT, no VAT number, no period, not contestable online", async ({ page }) => {
  await login(page, "E-0000000003");
  await page.getByRole("button", { name: "Choisir l'univers revendeur" }).click();
  await page.goto("/factures?account=CC44000-R");
  const row = page.getByRole("table", { name: "Liste des factures" }).getByRole("row").filter({ hasText: "Pénalités de retard" });
  await expect(row).toHaveCount(1);
  await row.getByRole("link", { name: /^Détail de la facture/ }).click();
  await expect(page.getByText("Pénalités de retard et indemnités forfaitaires de recouvrement")).toBeVisible();
  await expect(page.getByText("N° de TVA intracommunautaire")).toHaveCount(0);
  await expect(page.getByText("Période", { exact: true })).toHaveCount(0);
  await expect(page.getByText("non applicable (non soumis à TVA)")).toBeVisible();
  await expect(page.getByText("Net à payer")).toBeVisible();
  await expect(page.getByText("Total TTC")).toHaveCount(0);
  await expect(page.getByRole("button", { name: /Contester/ })).toHaveCount(0);
  await expectAccessible(page);
});
