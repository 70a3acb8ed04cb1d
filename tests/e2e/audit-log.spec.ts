import { test, expect, login, logout, resetWorld, expectAccessible } from "./fixtures";

test.beforeAll(resetWorld);

// SPEC §1 and §8: support staff read the audit log (who, what, when, from which IP) with filters.
test("support finds the user it just created in the Journal d'audit", async ({ page }) => {
  await login(page, "E-0000000002");
  await page.goto("/admin/societes/44660");
  await page.getByLabel("Nom", { exact: true }).fill("Inès Garnier");
  await page.getByLabel("Email", { exact: true }).fill("ines.garnier@cabinet-oliviers.example");
  await page.getByRole("button", { name: "Créer l'utilisateur" }).click();
  const created = page.getByRole("status").filter({ hasText: "créé" });
  await expect(created).toBeVisible();
  const identifier = /E-\d{10}/.exec((await created.textContent()) ?? "")![0];

  await page.getByRole("navigation", { name: "Navigation principale" }).getByRole("link", { name: "Journal d'audit" }).click();
  await expect(page.getByRole("heading", { name: "Journal d'audit" })).toBeVisible();
  const table = page.getByRole("table", { name: "Journal d'audit" });
  // Newest first: the creation heads the list.
  await expect(table.getByRole("row").nth(2)).toContainText(`User ${identifier}`);
  await expectAccessible(page);

  await page.getByLabel("Filtrer par Action").selectOption({ label: "Création d'un utilisateur" });
  await page.getByLabel("Filtrer par Acteur").fill("e-0000000002");
  await page.getByRole("button", { name: "Rechercher" }).click();
  await expect(page).toHaveURL(/action=user\.create/);
  await expect(page).toHaveURL(/actor=e-0000000002/);
  const row = table.getByRole("row").filter({ hasText: `User ${identifier}` });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("Création d'un utilisateur");
  await expect(row).toContainText("E-0000000002");
  await expect(row).toContainText("Service clients OpenIP");
  await expect(row).toContainText("44660 Cabinet Médical des Oliviers");
  await expect(page.getByLabel("Filtrer par Action")).toHaveValue("user.create");
  await expectAccessible(page);

  // Another actor: the row is not there.
  await page.getByLabel("Filtrer par Acteur").fill("E-0000000003");
  await page.getByRole("button", { name: "Rechercher" }).click();
  await expect(page.getByRole("status").filter({ hasText: "résultat" })).toHaveText("Aucun résultat");

  // A malformed filter is explained, and matches nothing.
  await page.getByLabel("Filtrer par Acteur").fill("0000000002");
  await page.getByRole("button", { name: "Rechercher" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Filtre invalide" })).toContainText("L'acteur doit être un identifiant de la forme E-0000001234.");
  await expect(page.getByRole("status").filter({ hasText: "résultat" })).toHaveText("Aucun résultat");
  await logout(page);
});

test("a reseller gets Page introuvable at /admin/journal", async ({ page }) => {
  await login(page, "E-0000000003");
  await expect(page.getByRole("navigation", { name: "Navigation principale" }).getByRole("link", { name: "Journal d'audit" })).toHaveCount(0);
  const response = await page.goto("/admin/journal");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page introuvable" })).toBeVisible();
});
