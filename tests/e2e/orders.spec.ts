import { test, expect, login, logout, resetWorld, expectAccessible } from "./fixtures";

test.beforeAll(resetWorld);

const nbsp = (s: string) => s.replace(/ /g, "\u00A0");

// Issue 7: a reseller orders an OpenSIM plan for a client; ADV validates, puts it in delivery and
// delivers it; the reseller sees the order Livrée and the new OC with its Disponible resource.
test("a reseller orders for its client; ADV delivers; the OC and its resource appear", async ({ page, mailbox }) => {
  await login(page, "E-0000000003");
  await page.getByRole("button", { name: "Choisir l'univers revendeur" }).click();
  await expect(page.getByText("Univers actuel")).toBeVisible();
  await page.goto("/clients/44660");
  await page.getByRole("link", { name: "Commander pour mon client" }).click();
  await expect(page.getByRole("heading", { name: "Nouvelle commande pour 44660 Cabinet Médical des Oliviers" })).toBeVisible();
  await expectAccessible(page);

  await page.getByLabel("Site").selectOption({ label: "AIX-EN-PROVENCE" });
  await page.getByLabel("Compte client").selectOption({ label: "CC44660 – Cabinet Médical des Oliviers" });
  await page.getByLabel("Offre (ligne 1)").selectOption({ label: nbsp("Forfait mobile 50 Go – 35,00 € HT/mois") });
  await page.getByLabel("Quantité (ligne 1)").fill("2");
  const summary = page.getByRole("table", { name: "Récapitulatif" });
  await expect(summary.getByRole("row", { name: /Mensuel/ })).toHaveText(nbsp("Mensuel70,00 €14,00 €84,00 €"));

  // Porting without a valid RIO is refused on the form.
  await page.getByLabel("Type de commande").selectOption("PORTABILITE");
  await page.getByLabel("Quantité (ligne 1)").fill("1");
  await page.getByLabel("Numéro à porter (ligne 1)").fill("06 12 34 56 99");
  await page.getByLabel("RIO (ligne 1)").fill("01P123456ABC");
  await page.getByRole("button", { name: "Valider la commande" }).click();
  await expect(page.getByText("Vérifiez le RIO (12 caractères, obtenu au 3179).")).toBeVisible();

  await page.getByLabel("Type de commande").selectOption("CREATION");
  await page.getByLabel("Quantité (ligne 1)").fill("1");
  await page.getByRole("button", { name: "Valider la commande" }).click();
  const title = page.getByRole("heading", { name: /^Commande COM\d+$/ });
  await expect(title).toBeVisible();
  const ref = /COM\d+/.exec((await title.textContent())!)![0];
  await expect(page.getByText(`Votre commande ${ref} a été enregistrée`)).toBeVisible();
  await expectAccessible(page);
  await mailbox.waitFor("j.arnaud@provence-telecom.example", new RegExp(`commande ${ref} – Soumise`));
  await logout(page);

  // ADV works the queue.
  await login(page, "E-0000000001");
  await page.getByRole("navigation", { name: "Navigation principale" }).getByRole("link", { name: "File ADV" }).click();
  await page.getByLabel("Filtrer par Réf.").fill(ref);
  await page.getByRole("button", { name: "Rechercher" }).click();
  await page.getByRole("link", { name: `Détail de ${ref}` }).click();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Valider la commande" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Affectez un pilote ADV avant de valider la commande." })).toBeVisible();
  await page.getByLabel("Pilote ADV").selectOption({ label: "Charlotte M." });
  await page.getByRole("button", { name: "Affecter le pilote" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Le pilote a été affecté." })).toBeVisible();
  await page.getByRole("button", { name: "Valider la commande" }).click();
  await expect(page.getByRole("button", { name: "Passer en cours de livraison" })).toBeVisible();
  await page.getByRole("button", { name: "Passer en cours de livraison" }).click();
  await expect(page.getByRole("button", { name: "Enregistrer la livraison" })).toBeVisible();
  await page.getByRole("button", { name: "Enregistrer la livraison" }).click();
  await expect(page.getByRole("status").filter({ hasText: "La livraison est enregistrée" })).toBeVisible();
  await mailbox.waitFor("j.arnaud@provence-telecom.example", new RegExp(`commande ${ref} – Livrée`));
  await logout(page);

  // The reseller follows the order to its OC.
  await login(page, "E-0000000003");
  await page.getByRole("button", { name: "Choisir l'univers revendeur" }).click();
  await expect(page.getByText("Univers actuel")).toBeVisible();
  await page.getByRole("navigation", { name: "Navigation principale" }).getByRole("link", { name: "Commandes" }).click();
  await expect(page.getByRole("row", { name: new RegExp(ref) })).toContainText("Livrée");
  await page.getByRole("link", { name: `Détail de ${ref}` }).click();
  await expect(page.getByRole("list", { name: "Étapes de la commande" })).not.toContainText("à venir");
  await page.getByRole("link", { name: /^OC\d+ Forfait mobile 50 Go$/ }).click();
  await expect(page.getByRole("heading", { name: /^OC\d+ Forfait mobile 50 Go$/ })).toBeVisible();
  await expect(page.getByText("Livrée").first()).toBeVisible();
  await expect(page.getByRole("cell", { name: "Disponible" })).toBeVisible();
  const sheetRef = (await page.getByRole("table", { name: /^Ressources du service/ }).getByRole("link", { name: /^FPC\d+$/ }).textContent())!;
  await page.goto(`/offres-contractees?endClient=44660&orderRef=${ref}`);
  await expect(page.locator("tbody tr", { hasText: ref })).toContainText("Charlotte M.");

  // The new resource is in the client's services, Disponible, and offered by *Changer la ressource*.
  await page.goto("/clients/44660");
  await page.getByRole("link", { name: "Consulter les services d'un client" }).click();
  const service = page.getByRole("row", { name: /Forfait mobile 50 Go/ });
  await expect(service).toContainText("44660 Cabinet Médical des Oliviers");
  await service.getByRole("link", { name: /^Paramétrer/ }).click();
  await expect(page.getByRole("row", { name: new RegExp(sheetRef) })).toContainText("Disponible");
  await page.goto("/ressources/FPC367678/changer");
  await expect(page.getByRole("radio", { name: new RegExp(sheetRef) })).toBeVisible();
});
