// Late-payment penalties (SPEC §13, art. 8.6.1) in the browser: a legal rate typed wrong is refused on its form;
// the demo's returned invoice of CC44660 (SPEC §16), paid today by a transfer ADV record, is listed to bill; ADV
// waive its penalties with a reason (refused without one); CC44000-R's invoice paid late is on December's penalty
// invoice. The demo world is seeded as of Thursday 10/12/2026.
import { test, expect, login, resetWorldAsOf, setServerClock, expectAccessible, recordTransfer } from "./fixtures";

const DECEMBER_10 = new Date("2026-12-10T09:00:00Z");
test.beforeAll(() => resetWorldAsOf(DECEMBER_10));
test.afterAll(() => setServerClock(null));

test("ADV set a legal rate, waive the penalties of an invoice paid late with a reason, and see those billed", async ({ page }) => {
  await login(page, "E-0000000001");
  await page.goto("/admin/penalites");
  await expect(page.getByRole("heading", { name: "Pénalités de retard", level: 1 })).toBeVisible();
  const rateForm = page.getByRole("form", { name: "Taux d'intérêt légal d'un semestre" });
  await rateForm.getByLabel("Taux d'intérêt légal (%)").fill("25");
  await rateForm.getByRole("button", { name: "Enregistrer le taux" }).click();
  await expect(rateForm.getByText("Le taux doit être compris entre 0 et 20 %.")).toBeVisible();

  // CC44000-R's invoice paid 15 days late is billed on this month's penalty invoice.
  const billed = page.getByRole("region", { name: "Facturées" });
  await expect(billed.getByRole("row", { name: /CC44000-R/ })).toContainText("15");
  await expect(billed.getByRole("row", { name: /CC44000-R/ }).getByRole("cell").last().getByRole("link", { name: /^F\d{8}$/ })).toBeVisible();

  // The demo's returned invoice of CC44660, paid today.
  await page.goto("/factures?account=CC44660");
  const unpaid = page.getByRole("table", { name: "Liste des factures" }).getByRole("row").filter({ hasText: "Impayée" });
  await expect(unpaid).toHaveCount(1);
  const number = (await unpaid.getByRole("cell").first().textContent())!.trim();
  const owed = (await unpaid.getByRole("cell").nth(5).textContent())!.replace(/\s|€/g, "");
  await recordTransfer(page, number, owed);

  await page.goto("/admin/penalites");
  const toBill = page.getByRole("region", { name: "À facturer" });
  const row = toBill.getByRole("row", { name: new RegExp(number) });
  await expect(row).toContainText("10/12/2026");
  await expect(row).toContainText("40,00");
  await expectAccessible(page);
  const waiver = row.getByRole("form", { name: `Renoncer aux pénalités de la facture ${number}` });
  await waiver.getByRole("button", { name: "Renoncer" }).click();
  await expect(waiver.getByText("Indiquez le motif (3 caractères au moins).")).toBeVisible();
  await expect(page.getByRole("region", { name: "Renoncées" }).getByRole("row", { name: new RegExp(number) })).toHaveCount(0);
  await waiver.getByLabel("Motif").fill("Retard dû à la banque du client");
  await waiver.getByRole("button", { name: "Renoncer" }).click();
  await expect(page.getByRole("status").filter({ hasText: "abandonnées" })).toHaveText(`Les pénalités de la facture ${number} sont abandonnées : la facture de pénalités ne les comptera pas.`);
  const waived = page.getByRole("region", { name: "Renoncées" }).getByRole("row", { name: new RegExp(number) });
  await expect(waived).toContainText("Retard dû à la banque du client");
  await expect(toBill.getByRole("row", { name: new RegExp(number) })).toHaveCount(0);
  await page.screenshot({ path: "/tmp/shots/penalites.png", fullPage: true });
});
