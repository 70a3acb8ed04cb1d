// SPEC §13, §17: a staff administrator sets the pre-notification period P of direct debits on *Paramètres*; a value
// outside 2–14 gets a French message and changes nothing. The demo's P = 5 is restored at the end (other specs use it).
import { test, expect, login, resetWorld, expectAccessible } from "./fixtures";

test.beforeAll(resetWorld);

const P_LABEL = "Délai de pré-notification des prélèvements (jours)";

test("an administrator changes P, sees it saved, and gets a French error for 20 days", async ({ page }) => {
  await login(page, "E-0000000002");
  await page.getByRole("navigation", { name: "Navigation principale" }).getByRole("link", { name: "Paramètres" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Paramètres" })).toBeVisible();
  const form = page.getByRole("form", { name: "Paramètres de paiement" });
  const p = form.getByLabel(P_LABEL);
  await expect(p).toHaveValue("5");
  await expect(form.getByLabel("Délai de paiement par virement (jours)")).toHaveValue("30");
  await expect(form.getByLabel("Frais de rejet de prélèvement (€ HT)")).toHaveValue("15,00");
  await expectAccessible(page);

  await p.fill("20");
  await form.getByRole("button", { name: "Enregistrer" }).click();
  await expect(form.getByRole("alert")).toHaveText("Le formulaire contient des erreurs.");
  await expect(form.getByText("Indiquez un nombre entier de jours, de 2 à 14.")).toBeVisible();
  await expect(form.getByLabel(P_LABEL)).toHaveAttribute("aria-invalid", "true");
  await expect(form.getByLabel(P_LABEL)).toHaveValue("20");
  await expectAccessible(page);
  await page.reload();
  await expect(form.getByLabel(P_LABEL)).toHaveValue("5");

  await form.getByLabel(P_LABEL).fill("7");
  await form.getByRole("button", { name: "Enregistrer" }).click();
  await expect(form.getByRole("status")).toContainText("Les paramètres de paiement ont été enregistrés");
  await page.reload();
  await expect(form.getByLabel(P_LABEL)).toHaveValue("7");

  // Back to the demo's value.
  await form.getByLabel(P_LABEL).fill("5");
  await form.getByRole("button", { name: "Enregistrer" }).click();
  await expect(form.getByRole("status")).toContainText("Les paramètres de paiement ont été enregistrés");
  await page.reload();
  await expect(form.getByLabel(P_LABEL)).toHaveValue("5");
});

test("the settings are not linked nor reachable for an ADV member without the administrator flag", async ({ page }) => {
  await login(page, "E-0000000001");
  await expect(page.getByRole("navigation", { name: "Navigation principale" }).getByRole("link", { name: "Paramètres" })).toHaveCount(0);
  const response = await page.goto("/admin/parametres");
  expect(response?.status()).toBe(404);
});
