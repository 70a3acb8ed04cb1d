// SPEC §12: a client's administrator opens its billing accounts, creates one, records a SEPA mandate on it (a bad IBAN
// first: the French error under the field, what was typed kept), downloads the form to sign; each page passes axe.
import { test, expect, login, resetWorld, expectAccessible } from "./fixtures";

test.beforeAll(resetWorld);

test("a client's administrator creates an account, records a mandate on it and downloads the form", async ({ page }) => {
  await login(page, "E-0000000004");
  await page.goto("/societes/44660/comptes");
  await expect(page.getByRole("navigation", { name: "Fiche de la société" }).getByRole("link", { name: "Comptes de facturation" })).toHaveAttribute("aria-current", "page");
  const accounts = page.getByRole("table", { name: "Comptes de facturation de la société" });
  await expect(accounts.getByRole("row", { name: /CC44660/ })).toContainText("Prélèvement SEPA");
  await expectAccessible(page);

  // The demo account opens, read and writable by its administrator.
  await accounts.getByRole("link", { name: "CC44660", exact: true }).click();
  await expect(page.getByRole("heading", { name: /Compte CC44660/ })).toBeVisible();
  await expect(page.getByRole("table", { name: "Mandats du compte" })).toBeVisible();
  await expectAccessible(page);

  // A new account: a bad address in the list is named under its field, and what was typed stays.
  await page.goto("/societes/44660/comptes");
  const newAccount = page.getByRole("form", { name: "Nouveau compte de facturation" });
  await newAccount.getByLabel("Nom du compte").fill("Cabinet – site de Lille");
  const emails = newAccount.getByLabel(/Adresses email de facturation/);
  await emails.fill("compta@cabinet-oliviers.example, lille@cabinet");
  await newAccount.getByLabel("Adresse postale").fill("5 rue Nationale");
  await newAccount.getByLabel("Code postal").fill("59000");
  await newAccount.getByLabel("Ville").fill("Lille");
  await newAccount.getByRole("button", { name: "Créer le compte" }).click();
  await expect(emails).toHaveAccessibleDescription("« lille@cabinet » n'est pas une adresse email valide.");
  await expect(emails).toHaveValue("compta@cabinet-oliviers.example, lille@cabinet");
  await expect(newAccount.getByLabel("Ville")).toHaveValue("Lille");
  await emails.fill("compta@cabinet-oliviers.example, lille@cabinet-oliviers.example");
  await newAccount.getByRole("button", { name: "Créer le compte" }).click();
  await page.waitForURL(/\/societes\/44660\/comptes\/CC44660-\d+\?cree=1$/);
  await expect(page.getByRole("status").filter({ hasText: /Le compte de facturation CC44660-\d+ a été créé\./ })).toBeVisible();
  await expect(page.getByText("Aucun mandat n'a été enregistré sur ce compte.")).toBeVisible();
  await expectAccessible(page);

  // A mandate with a wrong IBAN key: the French error under the IBAN field, the values kept.
  const mandate = page.getByRole("form", { name: "Nouveau mandat de prélèvement SEPA" });
  const iban = mandate.getByLabel("IBAN", { exact: true });
  await iban.fill("FR76 3000 6000 0112 3456 7890 188");
  await mandate.getByLabel("BIC", { exact: true }).fill("AGRIFRPPXXX");
  await mandate.getByRole("button", { name: "Enregistrer le mandat" }).click();
  await expect(iban).toHaveAttribute("aria-invalid", "true");
  await expect(iban).toHaveAccessibleDescription(/Cet IBAN n'est pas valide \(clé de contrôle incorrecte\)\./);
  await expect(iban).toHaveValue("FR76 3000 6000 0112 3456 7890 188");
  await expect(mandate.getByLabel("BIC", { exact: true })).toHaveValue("AGRIFRPPXXX");
  await expectAccessible(page);

  // The right IBAN: the mandate is recorded with a generated RUM.
  await iban.fill("FR76 3000 6000 0112 3456 7890 189");
  await mandate.getByRole("button", { name: "Enregistrer le mandat" }).click();
  const recorded = page.getByRole("status").filter({ hasText: /Le mandat RUM-CC44660-\d+-\d{6,} a été enregistré/ });
  await expect(recorded).toBeVisible();
  const rum = /RUM-CC44660-\d+-\d{6,}/.exec((await recorded.textContent()) ?? "")![0];
  const row = page.getByRole("table", { name: "Mandats du compte" }).getByRole("row", { name: new RegExp(rum) });
  await expect(row).toContainText("FR76 3000 6000 0112 3456 7890 189");
  await expect(row).toContainText("Actif");
  await expect(page.getByRole("form", { name: `Modifier le mandat ${rum}` })).toBeVisible();
  await expectAccessible(page);

  // The form to sign.
  const href = await page.getByRole("link", { name: `Formulaire PDF du mandat ${rum}` }).getAttribute("href");
  expect(href).toBe(`/api/mandats/${rum}/formulaire`);
  const pdf = await page.request.get(href!);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()["content-type"]).toBe("application/pdf");
  expect(pdf.headers()["content-disposition"]).toBe(`attachment; filename="mandat-${rum}.pdf"`);
  expect((await pdf.body()).subarray(0, 5).toString()).toBe("%PDF-");
  // Another company's mandate is not found.
  expect((await page.request.get("/api/mandats/OPENIP-RUM-45001-0001/formulaire")).status()).toBe(404);
});
