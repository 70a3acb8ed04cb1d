import { test, expect, login, resetWorld, expectAccessible } from "./fixtures";

test.beforeAll(resetWorld);

// SPEC §12: a client's administrator (E-0000000004, 44660) keeps its company's master data up to date: the legal
// address (a bad postcode refused in French, the typed values kept), a billing contact, a new site.
test("a client administrator fixes the legal address, adds a billing contact and a site", async ({ page }) => {
  await login(page, "E-0000000004");
  await page.goto("/ma-societe");
  await page.getByRole("link", { name: /Coordonnées, sites/ }).click();
  await expect(page).toHaveURL(/\/societes\/44660$/);
  await expect(page.getByRole("heading", { level: 1, name: "44660 Cabinet Médical des Oliviers" })).toBeVisible();
  const tabs = page.getByRole("navigation", { name: "Fiche de la société" });
  await expect(tabs.getByRole("link", { name: "Coordonnées", exact: true })).toHaveAttribute("aria-current", "page");
  const identity = page.locator("section").filter({ has: page.getByRole("heading", { name: "Identité" }) });
  await expect(identity).toContainText("Autres");
  await expectAccessible(page);

  // The address: a bad postcode first, then a good one.
  const address = page.getByRole("form", { name: "Adresse légale et numéro de TVA" });
  await address.getByLabel("Adresse").fill("3 place des Prêcheurs");
  await address.getByLabel("Code postal").fill("1310");
  await address.getByRole("button", { name: "Enregistrer l'adresse" }).click();
  await expect(address.getByRole("alert")).toHaveText("Le formulaire contient des erreurs.");
  await expect(address.getByText("Le code postal doit comporter 5 chiffres.")).toBeVisible();
  await expect(address.getByLabel("Code postal")).toHaveAttribute("aria-invalid", "true");
  await expect(address.getByLabel("Code postal")).toHaveValue("1310");
  await expect(address.getByLabel("Adresse")).toHaveValue("3 place des Prêcheurs");
  await expectAccessible(page);

  await address.getByLabel("Code postal").fill("13100");
  await address.getByRole("button", { name: "Enregistrer l'adresse" }).click();
  await expect(address.getByRole("status")).toHaveText("L'adresse et le numéro de TVA ont été enregistrés.");
  await page.reload();
  await expect(address.getByLabel("Adresse")).toHaveValue("3 place des Prêcheurs");
  await expect(address.getByLabel("Code postal")).toHaveValue("13100");

  // A billing contact: a bad email first.
  const newContact = page.getByRole("form", { name: "Ajouter un contact" });
  await newContact.getByLabel("Rôle").selectOption("FACTURATION");
  await newContact.getByLabel("Nom").fill("Sophie Comptable");
  await newContact.getByLabel("Email").fill("compta@cabinet");
  await newContact.getByLabel("Téléphone (facultatif)").fill("04.42.00.00.01");
  await newContact.getByRole("button", { name: "Ajouter le contact" }).click();
  await expect(newContact.getByText("L'adresse email n'est pas valide.")).toBeVisible();
  await expect(newContact.getByLabel("Nom")).toHaveValue("Sophie Comptable");
  await newContact.getByLabel("Email").fill("compta@cabinet-oliviers.example");
  await newContact.getByRole("button", { name: "Ajouter le contact" }).click();
  await expect(newContact.getByRole("status")).toHaveText("Le contact Sophie Comptable a été ajouté.");
  await expect(newContact.getByLabel("Nom")).toHaveValue("");
  const contacts = page.getByRole("table", { name: "Contacts de la société" });
  await expect(contacts.getByRole("row", { name: /Sophie Comptable/ })).toContainText("Facturation");
  await expect(contacts.getByRole("row", { name: /Sophie Comptable/ })).toContainText("04 42 00 00 01");
  // Its form, opened, passes the check too.
  await contacts.locator("summary").filter({ hasText: "Sophie Comptable" }).click();
  await expect(page.getByRole("form", { name: "Modifier le contact Sophie Comptable" }).getByLabel("Email")).toHaveValue("compta@cabinet-oliviers.example");
  await expectAccessible(page);

  // A site, on the *Sites* tab.
  await tabs.getByRole("link", { name: "Sites" }).click();
  await expect(page).toHaveURL(/\/societes\/44660\/sites$/);
  const sites = page.getByRole("table", { name: "Sites de la société" });
  await expect(sites.getByRole("row", { name: /AIX-EN-PROVENCE/ })).toBeVisible();
  await expectAccessible(page);
  const newSite = page.getByRole("form", { name: "Nouveau site" });
  await newSite.getByLabel("Nom du site").fill("MARSEILLE");
  await newSite.getByLabel("Adresse").fill("20 boulevard Longchamp");
  await newSite.getByLabel("Code postal").fill("13001");
  await newSite.getByLabel("Ville").fill("Marseille");
  await newSite.getByLabel(/Notes d'accès/).fill("Digicode 1234\n2e étage");
  await newSite.getByRole("button", { name: "Créer le site" }).click();
  await expect(newSite.getByRole("status")).toHaveText("Le site MARSEILLE a été créé.");
  await expect(sites.getByRole("row", { name: /MARSEILLE/ })).toContainText("20 boulevard Longchamp");

  // And its own form.
  await sites.getByRole("link", { name: "Modifier le site MARSEILLE" }).click();
  await expect(page).toHaveURL(/\/societes\/44660\/sites\/\d+$/);
  await expect(tabs.getByRole("link", { name: "Sites" })).toHaveAttribute("aria-current", "page");
  const edit = page.getByRole("form", { name: "Modifier le site MARSEILLE" });
  await expect(edit.getByLabel(/Notes d'accès/)).toHaveValue("Digicode 1234\n2e étage");
  await expectAccessible(page);
  await edit.getByLabel("Code postal").fill("13O01");
  await edit.getByRole("button", { name: "Enregistrer le site" }).click();
  await expect(edit.getByText("Le code postal doit comporter 5 chiffres.")).toBeVisible();
  await edit.getByLabel("Code postal").fill("13004");
  await edit.getByRole("button", { name: "Enregistrer le site" }).click();
  await expect(edit.getByRole("status")).toHaveText("Le site a été enregistré.");
});

test("another company's data is not found, by URL, for a client and for a reseller", async ({ page }) => {
  const cases: [string, "revendeur" | null, string[]][] = [
    ["E-0000000004", null, ["/societes/44284", "/societes/44284/sites", "/societes/44000", "/societes/45010", "/societes/abc", "/societes/44660/sites/999999", "/societes/44660/sites/abc"]],
    // The reseller: its client's own client (46001), another operator's client (45010), the operator.
    ["E-0000000003", "revendeur", ["/societes/46001", "/societes/46001/sites", "/societes/45010", "/societes/45010/sites", "/societes/10000"]],
  ];
  for (const [user, universe, urls] of cases) {
    await page.context().clearCookies();
    await login(page, user);
    if (universe) {
      await page.getByRole("button", { name: `Choisir l'univers ${universe}` }).click();
      await expect(page.getByText("Univers actuel")).toBeVisible();
      // Its direct client's data it does reach.
      expect((await page.goto("/societes/44660/sites"))?.status()).toBe(200);
    }
    for (const url of urls) {
      const response = await page.goto(url);
      expect(response?.status(), `${user} ${url}`).toBe(404);
      await expect(page.getByRole("heading", { name: "Page introuvable" }), url).toBeVisible();
    }
  }
});
