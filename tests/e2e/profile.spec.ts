import { test, expect, login, logout, resetWorld, expectAccessible, expectLoginRefused, DEMO_PASSWORD } from "./fixtures";
import { linkIn } from "../support/smtp-sink";

test.beforeAll(resetWorld);

// Issue 4, *Mon profil*, as the demo client user Paul Martin (E-0000000005, 44284). The tests run in
// order: the email changed in the second is the one the third's notice goes to.
const IDENTIFIER = "E-0000000005";
const OLD_EMAIL = "paul@boulangerie-martin.example";
const NEW_EMAIL = "paul.martin@boulangerie-martin.example";
const NEW_PASSWORD = "Croissant#2027";

test("sees the profile and the accepted terms; edits the phone, bad input refused in French", async ({ page }) => {
  await login(page, IDENTIFIER);
  await page.goto("/mon-profil");
  await expect(page.getByRole("heading", { name: "Mon profil", level: 1 })).toBeVisible();
  const identity = page.locator("section").filter({ has: page.getByRole("heading", { name: "Mes informations", exact: true }) });
  await expect(identity).toContainText(IDENTIFIER);
  await expect(identity).toContainText("Boulangerie Martin");
  await expect(identity).toContainText("Administrateur");
  await expect(identity).toContainText(OLD_EMAIL);
  await expect(identity).toContainText("Non renseigné");
  await expect(page.getByText(/Conditions d'utilisation acceptées : version 2017-03-31 le 02\/01\/2024 à 00:00/)).toBeVisible();
  await expectAccessible(page);

  await page.getByLabel("Téléphone (facultatif)").fill("12 34");
  await page.getByRole("button", { name: "Enregistrer" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Le formulaire contient des erreurs." })).toBeVisible();
  await expect(page.getByText("Le numéro de téléphone n'est pas valide")).toBeVisible();
  await expect(page.getByLabel("Téléphone (facultatif)")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Téléphone (facultatif)")).toHaveValue("12 34");
  await expectAccessible(page);

  await page.getByLabel("Téléphone (facultatif)").fill("+33 6 12 34 56 78");
  await page.getByRole("button", { name: "Enregistrer" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Vos informations" })).toHaveText("Vos informations ont été enregistrées.");
  await expect(identity).toContainText("06 12 34 56 78");
  await page.reload();
  await expect(page.getByLabel("Téléphone (facultatif)")).toHaveValue("06 12 34 56 78");
});

test("changes the email: asks for the current password, then pending until confirmed from the link mailed to the new address", async ({ page, mailbox }) => {
  await login(page, IDENTIFIER);
  await page.goto("/mon-profil");
  await page.getByLabel("Adresse email", { exact: true }).fill(` ${NEW_EMAIL.toUpperCase()} `);
  // Without the current password, or with a wrong one: refused on that field, nothing pending (issue 32).
  const current = page.getByLabel("Mot de passe actuel, pour changer d'adresse email");
  await page.getByRole("button", { name: "Enregistrer" }).click();
  await expect(page.getByText("Saisissez votre mot de passe actuel pour changer d'adresse email.").first()).toBeVisible();
  await expect(current).toHaveAttribute("aria-invalid", "true");
  await current.fill("Pas-le-bon#1");
  await page.getByRole("button", { name: "Enregistrer" }).click();
  await expect(page.getByText("Le mot de passe actuel est incorrect.").first()).toBeVisible();
  await expect(current).toHaveValue("");
  await expect(page.getByText(/En attente de confirmation/)).toHaveCount(0);

  await current.fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Enregistrer" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Un lien de confirmation" })).toContainText(`Un lien de confirmation a été envoyé à ${NEW_EMAIL}`);
  await expect(page.getByText(`En attente de confirmation : ${NEW_EMAIL}`)).toBeVisible();
  await expectAccessible(page);

  const notice = await mailbox.waitFor(OLD_EMAIL, /demande de changement de votre adresse email/);
  expect(notice.text).toContain(`Nouvelle adresse : ${NEW_EMAIL}`);
  const mail = await mailbox.waitFor(NEW_EMAIL, /confirmation de votre nouvelle adresse email/);
  expect(mail.text).toContain("valide 24 heures");
  await logout(page);

  // Opening the link changes nothing (mail scanners open links); the button does.
  await page.goto(linkIn(mail));
  await expect(page.getByRole("heading", { name: "Confirmation de votre adresse email" })).toBeVisible();
  await expect(page.getByText(NEW_EMAIL)).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Confirmer cette adresse" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Votre adresse email a bien été modifiée" })).toContainText(NEW_EMAIL);

  await page.goto(linkIn(mail));
  await expect(page.getByText("Ce lien a déjà été utilisé.")).toBeVisible();
  await expect(page.getByText("refaites la demande depuis la page Mon profil")).toBeVisible();

  await login(page, IDENTIFIER);
  await page.goto("/mon-profil");
  await expect(page.getByLabel("Adresse email", { exact: true })).toHaveValue(NEW_EMAIL);
  await expect(page.getByText(/En attente de confirmation/)).toHaveCount(0);
});

test("changes the password: an older session elsewhere ends, this one goes on", async ({ page, browser, mailbox }) => {
  // The older session, in another browser.
  const elsewhere = await browser.newContext();
  const other = await elsewhere.newPage();
  await login(other, IDENTIFIER);
  await expect(other.getByRole("heading", { name: "Ma société" })).toBeVisible();

  await login(page, IDENTIFIER);
  await page.goto("/mon-profil");
  const current = page.getByLabel("Mot de passe actuel", { exact: true });
  const password = page.getByLabel("Nouveau mot de passe", { exact: true });
  const confirmation = page.getByLabel("Confirmez le nouveau mot de passe");
  const save = page.getByRole("button", { name: "Changer le mot de passe" });

  // The checklist follows the typing.
  const rules = page.locator("#password-change-rules");
  await password.fill("abc");
  await expect(rules.getByText("Au moins 8 caractères")).toContainText("non respecté");
  await password.fill(NEW_PASSWORD);
  await expect(rules.getByText("Au moins 1 caractère spécial")).not.toContainText("non respecté");
  await confirmation.fill("Croissant#2028");
  await expect(rules).toContainText("La confirmation ne correspond pas au mot de passe");
  await expectAccessible(page);

  // A wrong current password: refused, nothing changes.
  await current.fill("Pas-le-bon#1");
  await password.fill(NEW_PASSWORD);
  await confirmation.fill(NEW_PASSWORD);
  await save.click();
  await expect(page.getByText("Le mot de passe actuel est incorrect.").first()).toBeVisible();
  await expect(current).toHaveAttribute("aria-invalid", "true");

  // A password that breaks the policy: the rules it breaks, in French.
  await current.fill(DEMO_PASSWORD);
  await password.fill("boulangerie");
  await confirmation.fill("boulangerie");
  await save.click();
  await expect(page.getByRole("alert").filter({ hasText: "règles de sécurité" })).toHaveText("Le mot de passe ne respecte pas les règles de sécurité.");
  await expect(password).toHaveAttribute("aria-invalid", "true");

  await current.fill(DEMO_PASSWORD);
  await password.fill(NEW_PASSWORD);
  await confirmation.fill(NEW_PASSWORD);
  await save.click();
  await expect(page).toHaveURL(/\/mon-profil\?mot-de-passe=modifie$/);
  await expect(page.getByRole("status").filter({ hasText: "Votre mot de passe a bien été enregistré." })).toContainText("Vos autres sessions ont été fermées.");
  const notice = await mailbox.waitFor(NEW_EMAIL, /votre mot de passe a été modifié/);
  expect(notice.text).not.toContain(NEW_PASSWORD);

  // This session goes on…
  await page.goto("/ma-societe");
  await expect(page.getByRole("heading", { name: "Ma société" })).toBeVisible();
  await page.goto("/mon-profil");
  await expect(page.getByRole("heading", { name: "Mon profil", level: 1 })).toBeVisible();
  // …the older one has ended.
  await other.goto("/ma-societe");
  await expect(other).toHaveURL(/\/connexion/);
  // It cannot revive itself by posting a session update to Auth.js either (what a stolen cookie would try).
  const { csrfToken } = (await (await elsewhere.request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  await elsewhere.request.post("/api/auth/session", { data: { csrfToken, data: { sid: "forged", uid: 5, universe: "CLIENT" } } });
  await other.goto("/ma-societe");
  await expect(other).toHaveURL(/\/connexion/);
  await elsewhere.close();

  await logout(page);
  await expectLoginRefused(page, IDENTIFIER, DEMO_PASSWORD);
  await login(page, IDENTIFIER, NEW_PASSWORD);
  await expect(page.getByRole("heading", { name: "Ma société" })).toBeVisible();
});
