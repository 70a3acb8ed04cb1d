import { test, expect, login, logout, resetWorld, expectAccessible, attemptLogin, expectLoginRefused } from "./fixtures";

test.beforeAll(resetWorld);

test("wrong password, unknown identifier and malformed identifier", async ({ page }) => {
  await page.goto("/connexion");
  await expectAccessible(page);
  await expectLoginRefused(page, "E-0000000004", "Wrong!2026");
  await expect(page.getByLabel("Identifiant")).toHaveValue("E-0000000004");
  await expectLoginRefused(page, "E-0000004242");
  await attemptLogin(page, "44660");
  await expect(page.getByText("L'identifiant est de la forme E-0000001234.")).toBeVisible();
  // The identifier is trimmed and `e-` is taken as `E-` (SPEC §1).
  await login(page, "  e-0000000004 ", "Demo!2026");
  await expect(page.getByRole("heading", { name: "Ma société" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Cabinet Médical des Oliviers" })).toBeVisible();
});

test("logout ends the session, also for a copy of its cookie (issue 32)", async ({ page }) => {
  await login(page, "E-0000000006");
  await expect(page.getByText("Univers opérateur", { exact: true }).first()).toBeVisible();
  const copied = await page.context().cookies();
  await logout(page);
  await page.goto("/ma-societe");
  await expect(page).toHaveURL(/\/connexion$/);
  await page.context().addCookies(copied);
  await page.goto("/ma-societe");
  await expect(page).toHaveURL(/\/connexion$/);
});

test("five failures lock the identifier from this address for 15 minutes, looking like any failure", async ({ page }) => {
  for (let i = 0; i < 5; i++) {
    await expectLoginRefused(page, "E-0000000005", `Wrong!${i}`);
  }
  await expectLoginRefused(page, "E-0000000005");
  // Other identifiers from the same address still work.
  await login(page, "E-0000000004", "Demo!2026");
  await expect(page.getByRole("heading", { name: "Ma société" })).toBeVisible();
});

test("users of a deactivated company cannot log in; reactivated, they can", async ({ page }) => {
  await login(page, "E-0000000002");
  await page.goto("/admin/societes/45001");
  await page.getByRole("button", { name: "Désactiver la société" }).click();
  await expect(page.getByRole("button", { name: "Réactiver la société" })).toBeVisible();
  await logout(page);

  await expectLoginRefused(page, "E-0000000006");

  await login(page, "E-0000000002");
  await page.goto("/admin/societes/45001");
  await page.getByRole("button", { name: "Réactiver la société" }).click();
  await expect(page.getByRole("button", { name: "Désactiver la société" })).toBeVisible();
  await logout(page);
  await login(page, "E-0000000006");
  await expect(page.getByRole("heading", { name: "Ma société" })).toBeVisible();
});

test("a session of a company deactivated meanwhile stops working at the next page", async ({ browser, page }) => {
  const client = await browser.newPage();
  await login(client, "E-0000000004");
  await expect(client.getByRole("heading", { name: "Ma société" })).toBeVisible();

  await login(page, "E-0000000002");
  await page.goto("/admin/societes/44660");
  await page.getByRole("button", { name: "Désactiver la société" }).click();
  await expect(page.getByRole("button", { name: "Réactiver la société" })).toBeVisible();

  await client.reload();
  await expect(client).toHaveURL(/\/connexion$/);
  await page.getByRole("button", { name: "Réactiver la société" }).click();
  await client.close();
});
