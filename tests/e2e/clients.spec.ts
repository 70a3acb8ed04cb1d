import { readFile } from "node:fs/promises";
import { test, expect, login, logout, resetWorld, expectAccessible, expectLoginRefused, collectPageErrors, rscPayloadOf } from "./fixtures";
import { linkIn } from "../support/smtp-sink";

test.beforeAll(resetWorld);

async function resellerUniverse(page: import("@playwright/test").Page) {
  await login(page, "E-0000000003");
  await page.getByRole("button", { name: "Choisir l'univers revendeur" }).click();
  await expect(page.getByText("Univers actuel")).toBeVisible();
  await page.getByRole("navigation", { name: "Navigation principale" }).getByRole("link", { name: "Mes clients" }).click();
  await expect(page.getByRole("heading", { name: "Mes clients" })).toBeVisible();
}

test("the reseller searches, sorts and exports its client list", async ({ page }) => {
  await resellerUniverse(page);
  await expectAccessible(page);
  await expect(page.getByRole("status").filter({ hasText: "résultats" })).toHaveText(/^26 résultats/);

  // Seed 001: the two clients of the guide, found with the filters.
  await page.getByLabel("Filtrer par Statut").selectOption("SARL");
  await page.getByRole("button", { name: "Rechercher" }).click();
  await expect(page.getByRole("cell", { name: "44284", exact: true })).toBeVisible();
  await expect(page.getByRole("cell", { name: "44660", exact: true })).toHaveCount(0);
  await page.getByRole("link", { name: "Réinitialiser" }).click();
  await expect(page).toHaveURL(/\/clients$/);
  await expect(page.getByLabel("Filtrer par Statut")).toHaveValue("");
  await page.getByLabel("Filtrer par Date de création").fill("2019-03-18");
  await page.getByRole("button", { name: "Rechercher" }).click();
  await expect(page.getByRole("status").filter({ hasText: "résultat" })).toHaveText(/^1 résultat/);
  const row = page.getByRole("row", { name: /44660/ });
  await expect(row).toContainText("18/03/2019");
  await expect(row).toContainText("Autres");
  await expect(row).toContainText("Activé(e)");

  // Sort by name, both ways.
  await page.getByRole("link", { name: "Réinitialiser" }).click();
  await expect(page).toHaveURL(/\/clients$/);
  await expect(page.getByLabel("Filtrer par Statut")).toHaveValue("");
  await page.getByLabel("Filtrer par Raison sociale").fill("cabinet");
  await page.getByRole("button", { name: "Rechercher" }).click();
  await page.getByRole("link", { name: "Trier par Raison sociale" }).click();
  const names = page.locator("tbody tr td:nth-child(2)");
  await expect(names).toHaveText(["Cabinet Comptable Roux", "Cabinet d'Avocats Mercier", "Cabinet Médical des Oliviers"]);
  await page.getByRole("link", { name: "Trier par Raison sociale" }).click();
  await expect(names.first()).toHaveText("Cabinet Médical des Oliviers");

  // The CSV export holds the filtered list, every page.
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Exporter en CSV" }).click();
  const csv = await readFile(await (await download).path(), "utf8");
  const lines = csv.replace(/^\uFEFF/, "").trim().split("\r\n");
  expect(lines[0]).toBe("Identifiant;Raison sociale;Date de création;Statut;État");
  expect(lines).toHaveLength(4);
  expect(lines[1]).toBe("44660;Cabinet Médical des Oliviers;18/03/2019;Autres;Activé(e)");
});

test("the list's rows reach the browser as data, and hydrate without a mismatch", async ({ page }) => {
  const errors = collectPageErrors(page);
  await resellerUniverse(page);
  await expect(page.getByRole("link", { name: /^Consulter/ })).toHaveCount(26);
  // Issue 10: the rows are rendered from data by the list's client component, so the page's RSC payload
  // (the self.__next_f scripts) carries no rendered cell; server-rendered cells made it twice as heavy.
  const html = await (await page.request.get("/clients")).text();
  expect(html.match(/class="row-link"/g)).toHaveLength(26);
  const payload = rscPayloadOf(html);
  expect(payload).toContain("Cabinet Médical des Oliviers");
  expect(payload).not.toContain("row-link");
  expect(errors).toEqual([]);
});

test("the reseller creates a client and its first user, who gets the link", async ({ page, mailbox }) => {
  await resellerUniverse(page);
  await page.getByRole("link", { name: "Créer un client" }).click();
  await expect(page.getByRole("heading", { name: "Créer un client" })).toBeVisible();
  await page.getByLabel("Raison sociale").fill("Menuiserie des Calanques");
  await page.getByLabel("Statut").selectOption("SAS");
  await page.getByLabel("SIRET").fill("80044660100018"); // 44660's
  await page.getByLabel("Nom de l'utilisateur").fill("Hugo Blanc");
  await page.getByLabel("Email de l'utilisateur").fill("hugo@menuiserie-calanques.example");
  await page.getByRole("button", { name: "Créer le client" }).click();
  await expect(page.getByText("Une société avec ce SIRET existe déjà.")).toBeVisible();
  await expect(page.getByText("Ce SIRET est déjà enregistré sur le portail.")).toBeVisible();
  await expect(page.getByLabel("Raison sociale")).toHaveValue("Menuiserie des Calanques");
  await expectAccessible(page);

  await page.getByLabel("SIRET").fill("732 829 320 00074");
  await page.getByRole("button", { name: "Créer le client" }).click();
  await expect(page.getByRole("heading", { name: /Menuiserie des Calanques/ })).toBeVisible();
  await expect(page.getByText("Le client a été créé")).toBeVisible();
  await expect(page.getByRole("cell", { name: "hugo@menuiserie-calanques.example" })).toBeVisible();
  await expectAccessible(page);

  const mail = await mailbox.waitFor("hugo@menuiserie-calanques.example", /initialisation du mot de passe/i);
  expect(linkIn(mail)).toMatch(/\/premiere-connexion\//);

  // Gives it a reseller universe.
  await page.getByRole("button", { name: "Ajouter un univers revendeur" }).click();
  await expect(page.getByRole("main").getByText("Univers revendeur", { exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "Ajouter un univers revendeur" })).toHaveCount(0);

  // It is in the list.
  await page.getByRole("link", { name: "← Mes clients" }).click();
  await page.getByLabel("Filtrer par Raison sociale").fill("calanques");
  await page.getByRole("button", { name: "Rechercher" }).click();
  await expect(page.getByRole("cell", { name: "Menuiserie des Calanques", exact: true })).toBeVisible();
});

test("a deactivated client's users cannot log in; nothing is deleted", async ({ page }) => {
  await resellerUniverse(page);
  await page.goto("/clients/44284");
  await page.getByRole("button", { name: "Désactiver le client" }).click();
  await expect(page.getByRole("button", { name: "Réactiver le client" })).toBeVisible();
  await expect(page.getByText("Désactivé(e)")).toBeVisible();
  await expect(page.getByRole("cell", { name: "E-0000000005" })).toBeVisible();
  await logout(page);
  await expectLoginRefused(page, "E-0000000005");

  await resellerUniverse(page);
  await page.goto("/clients/44284");
  await page.getByRole("button", { name: "Réactiver le client" }).click();
  await expect(page.getByRole("button", { name: "Désactiver le client" })).toBeVisible();
  await logout(page);
  await login(page, "E-0000000005");
  await expect(page.getByRole("heading", { name: "Boulangerie Martin" })).toBeVisible();
});
