import { test, expect, login, logout, resetWorld, expectAccessible } from "./fixtures";
import { linkIn } from "../support/smtp-sink";

test.beforeAll(resetWorld);

// SPEC §2 and issue 2: support creates a company and its user; the user sets a password from the
// mailed link, accepts the terms and lands on *Ma société*.
test("a new company's first user goes from the mailed link to Ma société", async ({ page, mailbox }) => {
  await login(page, "E-0000000002");
  await expect(page.getByRole("heading", { name: "Ma société" })).toBeVisible();
  await page.getByRole("navigation", { name: "Navigation principale" }).getByRole("link", { name: "Sociétés" }).click();

  // A bad SIRET is refused on the form and creates nothing.
  await page.getByLabel("Raison sociale").fill("Garage des Alpilles");
  await page.getByLabel("Statut").selectOption("SARL");
  await page.getByLabel("SIRET").fill("12345678901234");
  await page.getByRole("button", { name: "Créer la société" }).click();
  await expect(page.getByText("Ce numéro SIRET n'est pas valide (clé de contrôle incorrecte).")).toBeVisible();
  await expect(page.getByLabel("Raison sociale")).toHaveValue("Garage des Alpilles");

  await page.getByLabel("SIRET").fill("73282932000074");
  await page.getByRole("button", { name: "Créer la société" }).click();
  await expect(page.getByRole("heading", { name: /Garage des Alpilles/ })).toBeVisible();

  await page.getByLabel("Nom").fill("Léa Fabre");
  await page.getByLabel("Email").fill("lea.fabre@garage-alpilles.example");
  await page.getByRole("button", { name: "Créer l'utilisateur" }).click();
  const created = page.getByRole("status").filter({ hasText: "créé" });
  await expect(created).toBeVisible();
  const identifier = /E-\d{10}/.exec((await created.textContent()) ?? "")![0];
  await expect(page.getByRole("cell", { name: identifier, exact: true })).toBeVisible();
  await logout(page);

  const mail = await mailbox.waitFor("lea.fabre@garage-alpilles.example", /initialisation du mot de passe/i);
  expect(mail.text).toContain(identifier);
  expect(mail.text).toContain("valide 15 jours");
  await page.goto(linkIn(mail));
  await expect(page.getByRole("heading", { name: "Génération de votre mot de passe" })).toBeVisible();
  await expectAccessible(page);

  // The unmet rules are listed as the user types…
  await page.getByLabel("Créez votre mot de passe").fill("abc");
  const live = page.locator("#password-live-rules");
  await expect(live).toContainText("Au moins 8 caractères");
  await expect(live).toContainText("Au moins 1 lettre majuscule");
  await expect(live).toContainText("Au moins 1 chiffre");
  await expect(live).toContainText("Au moins 1 caractère spécial");
  await page.getByLabel("Créez votre mot de passe").fill("Abcdefg1!");
  await page.getByLabel("Confirmez votre mot de passe").fill("Abcdefg1?");
  await expect(live).toHaveText("La confirmation ne correspond pas au mot de passe");

  // …and again by the server, which changes nothing.
  await page.getByLabel("Créez votre mot de passe").fill("abcdefgh");
  await page.getByLabel("Confirmez votre mot de passe").fill("abcdefgh");
  await page.getByRole("button", { name: "Valider" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "ne respecte pas les règles" })).toBeVisible();
  await expect(page.locator("#field-password-errors")).toContainText("Au moins 1 lettre majuscule");

  await page.getByLabel("Créez votre mot de passe").fill("Alpilles#2026");
  await page.getByLabel("Confirmez votre mot de passe").fill("Alpilles#2026");
  await page.getByRole("button", { name: "Valider" }).click();
  await expect(page.getByRole("heading", { name: "Votre mot de passe a bien été enregistré" })).toBeVisible();
  await expect(page.getByText("Vous seul connaissez votre mot de passe, veuillez le retenir car il ne pourra vous être renvoyé.")).toBeVisible();

  // First login: the terms come first, and nothing else works until they are accepted.
  await login(page, identifier, "Alpilles#2026");
  await expect(page.getByRole("heading", { name: "Conditions d'utilisation de MyOpenIP" })).toBeVisible();
  await expectAccessible(page);
  await page.goto("/ma-societe");
  await expect(page).toHaveURL(/\/conditions-utilisation$/);
  await page.goto("/admin/societes");
  await expect(page).toHaveURL(/\/conditions-utilisation$/);
  await page.getByRole("button", { name: "Valider" }).click();
  await expect(page.getByText("Cochez la case pour accepter les conditions d'utilisation.")).toBeVisible();
  await page.getByLabel("En cochant cette case, j'accepte et je reconnais avoir pris connaissance des conditions d'utilisation").check();
  await page.getByRole("button", { name: "Valider" }).click();

  await expect(page.getByRole("heading", { name: "Ma société" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Garage des Alpilles" })).toBeVisible();
  await expect(page.getByText("SARL - Société à responsabilité limitée")).toBeVisible();
  await expect(page.getByRole("main").getByText("Univers client", { exact: true })).toBeVisible();
  await expectAccessible(page);

  // The link worked once.
  await logout(page);
  await page.goto(linkIn(mail));
  await expect(page.getByText("Ce lien a déjà été utilisé.")).toBeVisible();
});

test("choosing a universe changes the navigation", async ({ page }) => {
  await login(page, "E-0000000003");
  const nav = page.getByRole("navigation", { name: "Navigation principale" });
  await expect(page.getByText("Choisissez l'univers dans lequel vous souhaitez travailler.")).toBeVisible();
  await expect(nav.getByRole("link", { name: "Mes clients" })).toHaveCount(0);

  await page.getByRole("button", { name: "Choisir l'univers revendeur" }).click();
  await expect(page.getByText("Univers actuel")).toBeVisible();
  await nav.getByRole("link", { name: "Mes clients" }).click();
  await expect(page.getByRole("heading", { name: "Mes clients" })).toBeVisible();
  await expect(page.getByRole("cell", { name: "44660", exact: true })).toBeVisible();
  // A client's own client is not the reseller's (SPEC §1).
  await expect(page.getByRole("cell", { name: "46001", exact: true })).toHaveCount(0);
  await expectAccessible(page);

  await nav.getByRole("link", { name: "Ma société" }).click();
  await page.getByRole("button", { name: "Choisir l'univers client" }).click();
  await expect(nav.getByRole("link", { name: "Mes clients" })).toHaveCount(0);
  await page.goto("/clients");
  await expect(page.getByRole("heading", { name: /introuvable|404/i })).toBeVisible();
});
