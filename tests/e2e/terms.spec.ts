import { test, expect, login, logout, resetWorld, setServerClock } from "./fixtures";

test.beforeAll(resetWorld);
test.afterEach(() => setServerClock(null));

const ACCEPT = "En cochant cette case, j'accepte et je reconnais avoir pris connaissance des conditions d'utilisation";

function parisDayIn(days: number) {
  return new Date(Date.now() + days * 24 * 3600 * 1000).toLocaleDateString("sv-SE", { timeZone: "Europe/Paris" });
}

test("staff publish a new version: from its effective date every user accepts it again", async ({ page }) => {
  await login(page, "E-0000000002");
  await page.getByRole("navigation", { name: "Navigation principale" }).getByRole("link", { name: "Conditions d'utilisation" }).click();

  // Bad input is refused on the form.
  await page.getByRole("button", { name: "Publier" }).click();
  await expect(page.getByText("Le libellé de la version est obligatoire.")).toBeVisible();

  await page.getByLabel("Version").fill("2027-01");
  await page.getByLabel("Date d'entrée en vigueur").fill(parisDayIn(3));
  await page.getByLabel("Texte des conditions").fill("Nouvelles conditions d'utilisation de MyOpenIP, article 1 : le portail évolue.");
  await page.getByRole("button", { name: "Publier" }).click();
  await expect(page.getByRole("status")).toContainText("Version 2027-01 publiée");
  await expect(page.getByRole("row", { name: /2027-01/ })).toContainText("À venir");
  await logout(page);

  // Before the effective date nothing changes for users.
  await login(page, "E-0000000004");
  await expect(page.getByRole("heading", { name: "Ma société" })).toBeVisible();

  // From that date (days later: a session ends 12 h after login at the latest), the portal asks for the new version,
  // and only logout works until accepted.
  await setServerClock(new Date(Date.now() + 4 * 24 * 3600 * 1000));
  await page.reload();
  await expect(page).toHaveURL(/\/connexion/);
  await login(page, "E-0000000004");
  await expect(page).toHaveURL(/\/conditions-utilisation$/);
  await expect(page.getByText("Version 2027-01")).toBeVisible();
  await expect(page.getByText("Nouvelles conditions d'utilisation de MyOpenIP")).toBeVisible();
  await page.goto("/ma-societe");
  await expect(page).toHaveURL(/\/conditions-utilisation$/);
  await page.getByLabel(ACCEPT).check();
  await page.getByRole("button", { name: "Valider" }).click();
  await expect(page.getByRole("heading", { name: "Ma société" })).toBeVisible();
  await logout(page);

  // The proof of acceptance is recorded: the staff page counts it.
  await login(page, "E-0000000002");
  await expect(page).toHaveURL(/\/conditions-utilisation$/);
  await page.getByLabel(ACCEPT).check();
  await page.getByRole("button", { name: "Valider" }).click();
  // Wait for the acceptance to be recorded: navigating during the action raced it (CI on PostgreSQL).
  await expect(page.getByRole("heading", { name: "Ma société" })).toBeVisible();
  await page.goto("/admin/conditions");
  await expect(page.getByRole("row", { name: /2027-01/ })).toContainText("En vigueur");
  await expect(page.getByRole("row", { name: /2027-01/ }).getByRole("cell").nth(3)).toHaveText("2");
});

test("logout works before the terms are accepted", async ({ page }) => {
  await setServerClock(new Date(Date.now() + 4 * 24 * 3600 * 1000));
  await login(page, "E-0000000003");
  await expect(page).toHaveURL(/\/conditions-utilisation$/);
  await page.getByRole("button", { name: "Se déconnecter" }).click();
  await expect(page.getByRole("heading", { name: "Connexion" })).toBeVisible();
});
