import { readFile } from "node:fs/promises";
import { test, expect, login, logout, resetWorld, setServerClock, runServerJob, expectAccessible } from "./fixtures";

test.beforeAll(resetWorld);
test.afterAll(() => setServerClock(null));

const nbsp = (s: string) => s.replace(/ /g, "\u00A0");

test("a reseller terminates its client's OC as seed 001 shows it; the client sees it scheduled, then terminated", async ({ page, mailbox }) => {
  // The guide's day: 29/04/2019 + 1 month of notice = 29/05/2019.
  await setServerClock(new Date("2019-04-29T08:00:00Z"));
  await login(page, "E-0000000003");
  await page.getByRole("button", { name: "Choisir l'univers revendeur" }).click();
  await page.getByRole("navigation", { name: "Navigation principale" }).getByRole("link", { name: "Mes clients" }).click();
  await page.getByLabel("Filtrer par Identifiant").fill("44660");
  await page.getByRole("button", { name: "Rechercher" }).click();
  await page.getByRole("link", { name: "Consulter Cabinet Médical des Oliviers" }).click();
  await page.getByRole("link", { name: "Voir les offres contractées" }).click();

  await expect(page.getByRole("heading", { name: "Liste des offres contractées" })).toBeVisible();
  await expectAccessible(page);
  const row = page.getByRole("row", { name: /OC150943/ });
  for (const text of ["Charlotte M.", "Création et portabilités de numéros", "COM32623", "AIX-EN-PROVENCE", "29/05/2018", "Livrée", "Création"]) await expect(row).toContainText(text);
  await expect(page.getByRole("row", { name: /OC94529/ })).toContainText("Aucun");
  await expect(page.getByRole("row", { name: /OC150310/ })).toHaveCount(0); // 44284's, filtered out
  await row.getByRole("link", { name: "Détail de OC150943" }).click();

  await expect(page.getByRole("heading", { name: "OC150943 Création et portabilités de numéros" })).toBeVisible();
  await expect(page.getByText("3,00").first()).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Résilier l'offre contractée" }).click();
  const dialog = page.getByRole("dialog", { name: "Résilier l'offre contractée OC150943" });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText("toute récurrence entamée est due");
  await expect(dialog.getByLabel("Date de résiliation souhaitée", { exact: true })).toHaveValue("2019-04-29");
  await expect(dialog.getByTestId("effective-on")).toHaveText("29/05/2019");
  // Numbers: 24 months from 29/05/2018, so June 2019 to May 2020 are owed: 12 × 3,00 €.
  await expect(dialog.getByTestId("amount")).toHaveText(`${nbsp("36,00 €")} HT`);
  await expectAccessible(page);
  await dialog.getByLabel("Date de résiliation souhaitée", { exact: true }).fill("2019-05-10");
  await expect(dialog.getByTestId("effective-on")).toHaveText("10/06/2019");
  await dialog.getByRole("button", { name: /fin de la période d'engagement en cours \(28\/05\/2020\)/ }).click();
  await expect(dialog.getByTestId("effective-on")).toHaveText("28/05/2020");
  await expect(dialog.getByTestId("amount")).toHaveText("Aucun");
  await dialog.getByRole("button", { name: "Fermer" }).click();
  await expect(dialog).toBeHidden();

  await page.getByRole("button", { name: "Résilier l'offre contractée" }).click();
  await dialog.getByLabel("Date de résiliation souhaitée", { exact: true }).fill("2019-04-29");
  await dialog.getByLabel("Commentaires").fill("Fermeture du cabinet d'Aix");
  await dialog.getByRole("button", { name: "Continuer" }).click();

  await expect(page.getByRole("heading", { name: "Résiliation programmée" })).toBeVisible();
  await expect(page.getByText("Date de résiliation souhaitée avec le préavis")).toBeVisible();
  await expect(page.getByText("29/05/2019").first()).toBeVisible();
  await expect(page.getByText("24/05/2019 inclus")).toBeVisible(); // 3 working days before E: 28, 27 and 24/05
  await expectAccessible(page);
  const mail = await mailbox.waitFor("j.arnaud@provence-telecom.example", /résiliation programmée de l'offre OC150943/);
  expect(mail.text).toContain("Dernier jour de service : 29/05/2019.");

  await logout(page);
  await login(page, "E-0000000004");
  await page.getByRole("navigation", { name: "Navigation principale" }).getByRole("link", { name: "Offres contractées" }).click();
  await expect(page.getByRole("row", { name: /OC150943/ })).toContainText("Résiliation programmée");

  expect(await runServerJob("apply-terminations", "2019-05-29")).toBe(0);
  expect(await runServerJob("apply-terminations", "2019-05-30")).toBeGreaterThanOrEqual(1);
  await page.reload();
  await expect(page.getByRole("row", { name: /OC150943/ })).toContainText("Résiliée");
  await page.getByRole("link", { name: "Détail de OC150943" }).click();
  await expect(page.getByText("Résilié)").first()).toBeVisible();
  await expect(page.getByRole("button", { name: "Résilier l'offre contractée" })).toHaveCount(0);
});

test("the server refuses a forged past date with a French message on the form, and changes nothing", async ({ page }) => {
  await setServerClock(new Date("2026-11-23T09:00:00Z"));
  await login(page, "E-0000000004");
  await page.goto("/offres-contractees/OC150944");
  await page.getByRole("button", { name: "Résilier l'offre contractée" }).click();
  const dialog = page.getByRole("dialog");
  const date = dialog.getByLabel("Date de résiliation souhaitée", { exact: true });
  await date.evaluate((input: HTMLInputElement) => input.removeAttribute("min"));
  await date.fill("2026-11-01");
  await expect(dialog.getByRole("alert")).toContainText("ne peut pas être antérieure à aujourd'hui");
  await dialog.getByRole("button", { name: "Continuer" }).click();
  await expect(dialog.getByText("La date de résiliation souhaitée ne peut pas être antérieure à aujourd'hui.").first()).toBeVisible();
  await page.goto("/offres-contractees/OC150944");
  await expect(page.getByText("Résiliation programmée")).toHaveCount(0);
});

test("an end client billed through its reseller sees its OCs without prices", async ({ page }) => {
  await setServerClock(null);
  await login(page, "E-0000000005");
  await page.getByRole("navigation", { name: "Navigation principale" }).getByRole("link", { name: "Offres contractées" }).click();
  await expect(page.getByRole("status").filter({ hasText: "résultat" })).toHaveText(/^2 résultats/);
  await page.getByRole("link", { name: "Détail de OC150310" }).click();
  await expect(page.getByText("Réglée avec votre revendeur")).toBeVisible();
  await expect(page.getByText(/€/)).toHaveCount(0);
  await page.getByRole("button", { name: "Résilier l'offre contractée" }).click();
  await expect(page.getByRole("dialog")).toContainText("Les frais de cette offre sont réglés avec votre revendeur.");
  await expect(page.getByTestId("amount")).toHaveCount(0);
});

test("the client cancels the scheduled termination; the list filters, sorts and exports", async ({ page }) => {
  await setServerClock(null);
  await login(page, "E-0000000004");
  await page.goto("/offres-contractees/OC151500");
  await expect(page.getByRole("heading", { name: "Résiliation programmée" })).toBeVisible();
  await page.getByRole("button", { name: "Annuler la résiliation" }).click();
  await expect(page.getByText("La résiliation a été annulée : l'offre contractée reste en service.")).toBeVisible();
  await page.reload();
  await expect(page.getByRole("button", { name: "Résilier l'offre contractée" })).toBeVisible();

  await page.goto("/offres-contractees");
  await page.getByLabel("Filtrer par État").selectOption("RESILIEE");
  await page.getByRole("button", { name: "Rechercher" }).click();
  await expect(page.getByRole("row", { name: /OC149870/ })).toContainText("Résiliation");
  const states = page.locator("tbody tr td:nth-child(9)");
  expect((await states.allTextContents()).every((state) => state === "Résiliée")).toBe(true);
  await page.getByRole("link", { name: "Réinitialiser" }).click();
  await expect(page).toHaveURL(/\/offres-contractees$/);
  await expect(page.getByLabel("Filtrer par État")).toHaveValue("");
  await page.getByLabel("Filtrer par Site").fill("lille");
  await page.getByRole("button", { name: "Rechercher" }).click();
  await page.getByRole("link", { name: "Trier par Réf.", exact: true }).click();
  const refs = page.locator("tbody tr td:nth-child(2)");
  await expect(refs).toHaveText(["OC138637", "OC149870", "OC151500", "OC151800", "OC152500"]);
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Exporter en CSV" }).click();
  const csv = (await readFile(await (await download).path(), "utf8")).replace(/^\uFEFF/, "").trim().split("\r\n");
  expect(csv[0]).toBe("Pilote ADV;Réf.;Nom;Réf. commande;Client final;Raison sociale;Compte client;Site;Date de livraison;État;Type commande");
  expect(csv).toHaveLength(6);
  expect(csv[1]).toBe("Charlotte M.;OC138637;Com'Unifiées MetaCentrex;COM16444;44660;Cabinet Médical des Oliviers;CC44660;LILLE;22/11/2017;Livrée;Création");
});
