import { test, expect, login, logout, resetWorld, expectAccessible } from "./fixtures";
import { linkIn } from "../support/smtp-sink";

test.beforeAll(resetWorld);

const LAST_ADMIN = "La société doit garder au moins un administrateur actif : nommez d'abord un autre administrateur.";

// Issue 4: an administrator invites a colleague, who follows the mailed link, sets a password,
// accepts the terms and logs in.
test("an administrator invites a colleague, who sets a password and logs in", async ({ page, mailbox }) => {
  await login(page, "E-0000000004");
  const users = page.getByRole("table", { name: "Utilisateurs de la société" });
  await expect(users.getByRole("row", { name: /E-0000000007/ })).toContainText("En attente du mot de passe");
  await expectAccessible(page);

  // Bad input: a French message on the form, nobody created.
  await page.getByLabel("Nom", { exact: true }).fill("Hélène Costa");
  await page.getByLabel("Email", { exact: true }).fill("helene@cabinet");
  await page.getByRole("button", { name: "Inviter" }).click();
  await expect(page.getByText("L'adresse email n'est pas valide.")).toBeVisible();
  await expect(users.getByRole("row")).toHaveCount(3);

  await page.getByLabel("Email", { exact: true }).fill("helene@cabinet-oliviers.example");
  await page.getByRole("button", { name: "Inviter" }).click();
  const done = page.getByRole("status").filter({ hasText: "a été invité(e)" });
  await expect(done).toBeVisible();
  const identifier = /E-\d{10}/.exec((await done.textContent()) ?? "")![0];
  await expect(users.getByRole("row", { name: new RegExp(identifier) })).toContainText("Utilisateur");
  await logout(page);

  const mail = await mailbox.waitFor("helene@cabinet-oliviers.example", /initialisation du mot de passe/i);
  expect(mail.text).toContain(identifier);
  await page.goto(linkIn(mail));
  await page.getByLabel("Créez votre mot de passe").fill("Oliviers#2026");
  await page.getByLabel("Confirmez votre mot de passe").fill("Oliviers#2026");
  await page.getByRole("button", { name: "Valider" }).click();
  await expect(page.getByRole("heading", { name: "Votre mot de passe a bien été enregistré" })).toBeVisible();
  await login(page, identifier, "Oliviers#2026");
  await page.getByLabel("En cochant cette case, j'accepte et je reconnais avoir pris connaissance des conditions d'utilisation").check();
  await page.getByRole("button", { name: "Valider" }).click();
  await expect(page.getByRole("heading", { name: "Cabinet Médical des Oliviers" })).toBeVisible();
  // An ordinary user does not manage the company's users.
  await expect(page.getByRole("table", { name: "Utilisateurs de la société" })).toHaveCount(0);
});

test("the last administrator cannot be demoted; a reseller manages its client's users", async ({ page }) => {
  await login(page, "E-0000000005");
  await page.getByRole("button", { name: "Passer utilisateur : Paul Martin" }).click();
  await expect(page.getByRole("alert").filter({ hasText: LAST_ADMIN })).toBeVisible();
  await logout(page);

  await login(page, "E-0000000003");
  await page.getByRole("button", { name: "Choisir l'univers revendeur" }).click();
  await expect(page.getByText("Univers actuel")).toBeVisible();
  await page.goto("/clients/44284");
  await page.getByLabel("Nom", { exact: true }).fill("Nina Martin");
  await page.getByLabel("Email", { exact: true }).fill("nina@boulangerie-martin.example");
  await page.getByLabel("Rôle").selectOption("ADMINISTRATEUR");
  await page.getByRole("button", { name: "Inviter" }).click();
  await expect(page.getByRole("status").filter({ hasText: "a été invité(e)" })).toBeVisible();
  await page.getByRole("button", { name: "Désactiver : Paul Martin" }).click();
  await expect(page.getByRole("status").filter({ hasText: "L'utilisateur a été désactivé." })).toBeVisible();
  await expect(page.getByRole("row", { name: /E-0000000005/ })).toContainText("Désactivé(e)");
  await logout(page);
  await page.goto("/connexion");
  await page.getByLabel("Identifiant").fill("E-0000000005");
  await page.getByLabel("Mot de passe").fill("Demo!2026");
  await page.getByRole("button", { name: "Valider" }).click();
  await expect(page.getByText("Identifiant ou mot de passe incorrect")).toBeVisible();
});
