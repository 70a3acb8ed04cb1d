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
  await expect(page.getByRole("option", { name: new RegExp(sheetRef) })).toHaveCount(1);
});

// SPEC §6: a Modification moves a fixed telephony service to another offer on its next anniversary day.
test("a client orders a Modification of its SIP trunk; delivered, the service moves to a new OC", async ({ page }) => {
  await login(page, "E-0000000004");
  await page.getByRole("navigation", { name: "Navigation principale" }).getByRole("link", { name: "Commandes" }).click();
  await page.getByRole("link", { name: "Nouvelle commande" }).click();
  await page.getByLabel("Type de commande").selectOption("MODIFICATION");
  await page.getByLabel("Service à modifier").selectOption({ label: "SRV150944 – Téléphonie IP du cabinet (Trunk SIP 4 canaux)" });
  const hint = page.getByText(/La modification prendra effet le \d{2}\/\d{2}\/\d{4}, prochain jour anniversaire du service/);
  await expect(hint).toBeVisible();
  const effectiveOn = /(\d{2}\/\d{2}\/\d{4})/.exec((await hint.textContent())!)![1];
  expect(effectiveOn.slice(0, 2)).toBe("02"); // activated on 02/09/2024
  // Only other IP telephony offers are offered.
  await expect(page.getByLabel("Offre (ligne 1)").locator("option", { hasText: "Forfait mobile" })).toHaveCount(0);
  await expect(page.getByLabel("Offre (ligne 1)").locator("option", { hasText: "Trunk SIP 4 canaux" })).toHaveCount(0);
  await page.getByLabel("Offre (ligne 1)").selectOption({ label: nbsp("Trunk SIP sans engagement – 45,00 € HT/mois") });
  await page.getByLabel("Site").selectOption({ label: "AIX-EN-PROVENCE" });
  await page.getByLabel("Compte client").selectOption({ label: "CC44660 – Cabinet Médical des Oliviers" });
  await expectAccessible(page);
  await page.getByRole("button", { name: "Valider la commande" }).click();
  const title = page.getByRole("heading", { name: /^Commande COM\d+$/ });
  await expect(title).toBeVisible();
  const ref = /COM\d+/.exec((await title.textContent())!)![0];
  await expect(page.getByText("SRV150944 Téléphonie IP du cabinet")).toBeVisible();
  await expect(page.getByText(effectiveOn)).toBeVisible();

  // A second modification taking effect the same month is refused on the form.
  await page.goto("/commandes/nouvelle");
  await page.getByLabel("Type de commande").selectOption("MODIFICATION");
  await page.getByLabel("Service à modifier").selectOption({ label: "SRV150944 – Téléphonie IP du cabinet (Trunk SIP 4 canaux)" });
  await page.getByLabel("Offre (ligne 1)").selectOption({ label: nbsp("Com'Unifiées MetaCentrex – 12,00 € HT/mois") });
  await page.getByLabel("Site").selectOption({ label: "AIX-EN-PROVENCE" });
  await page.getByLabel("Compte client").selectOption({ label: "CC44660 – Cabinet Médical des Oliviers" });
  await page.getByRole("button", { name: "Valider la commande" }).click();
  await expect(page.getByText("une seule modification par mois est possible").first()).toBeVisible();
  await logout(page);

  await login(page, "E-0000000001");
  await page.goto(`/admin/commandes/${ref}`);
  await page.getByLabel("Pilote ADV").selectOption({ label: "Charlotte M." });
  await page.getByRole("button", { name: "Affecter le pilote" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Le pilote a été affecté." })).toBeVisible();
  await page.getByRole("button", { name: "Valider la commande" }).click();
  await page.getByRole("button", { name: "Passer en cours de livraison" }).click();
  await page.getByRole("button", { name: "Enregistrer la livraison" }).click();
  await expect(page.getByRole("status").filter({ hasText: "La livraison est enregistrée" })).toBeVisible();
  await logout(page);

  await login(page, "E-0000000004");
  await page.goto("/offres-contractees?orderType=MODIFICATION");
  const row = page.locator("tbody tr", { hasText: ref });
  await expect(row).toContainText("Trunk SIP sans engagement");
  await expect(row).toContainText("Livrée");
  await page.goto("/offres-contractees/OC150944");
  await expect(page.getByRole("heading", { name: "Résiliation programmée" })).toBeVisible();
  await expect(page.getByText(/Remplacée par OC\d+ \(commande de modification COM\d+\)/)).toBeVisible();
  await page.goto("/services/SRV150944");
  await expect(page.getByRole("heading", { name: "SRV150944 Trunk SIP sans engagement" })).toBeVisible();
});
