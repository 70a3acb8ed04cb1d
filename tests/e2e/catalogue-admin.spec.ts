// SPEC §11: a staff administrator creates an offer, publishes a dated price (an increase at least one month ahead)
// and withdraws the offer from sale. The demo world is seeded as of Tuesday 10/03/2026.
import { test, expect, login, resetWorldAsOf, setServerClock, expectAccessible } from "./fixtures";

test.beforeAll(() => resetWorldAsOf(new Date("2026-03-10T09:00:00Z")));
test.afterAll(() => setServerClock(null));

test("an administrator creates an offer, publishes an increase one month ahead and withdraws the offer", async ({ page }) => {
  await login(page, "E-0000000002");
  await page.getByRole("navigation", { name: "Navigation principale" }).getByRole("link", { name: "Catalogue (gestion)" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Catalogue (gestion)" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Offres de la famille Accès IP cellulaire" }).getByRole("row", { name: /ACC-4G5G/ })).toContainText("En vente");
  await expectAccessible(page);

  // A price with 3 decimals: a French message on the field, every value kept, nothing created.
  const create = page.getByRole("form", { name: "Créer une offre" });
  await create.getByLabel("Code", { exact: true }).fill("TRUNK-SIP-8");
  await create.getByLabel("Nom", { exact: true }).fill("Trunk SIP 8 canaux");
  await create.getByLabel("Famille", { exact: true }).selectOption("IP_TELEPHONY");
  await create.getByLabel("Mensuel HT (€)").fill("79,999");
  await create.getByLabel("Engagement (mois)").fill("24");
  await create.getByLabel("Reconduction (mois)").fill("12");
  await create.getByLabel("Canaux voix par unité (facultatif)").fill("8");
  await create.getByLabel("Appels illimités vers les fixes et mobiles de France").check();
  await create.getByRole("button", { name: "Créer l'offre" }).click();
  await expect(create.getByRole("alert")).toContainText("Le formulaire contient des erreurs.");
  const monthly = create.getByLabel("Mensuel HT (€)");
  await expect(monthly).toHaveAttribute("aria-invalid", "true");
  await expect(create.getByText("Le montant a au plus 2 décimales (centimes).")).toBeVisible();
  await expect(monthly).toHaveValue("79,999");
  await expect(create.getByLabel("Nom", { exact: true })).toHaveValue("Trunk SIP 8 canaux");
  await expect(create.getByLabel("Canaux voix par unité (facultatif)")).toHaveValue("8");
  await expect(create.getByLabel("Appels illimités vers les fixes et mobiles de France")).toBeChecked();
  await expect(page.getByRole("row", { name: /TRUNK-SIP-8/ })).toHaveCount(0);

  await monthly.fill("79,90");
  await create.getByRole("button", { name: "Créer l'offre" }).click();
  await expect(page.getByRole("status").filter({ hasText: "L'offre TRUNK-SIP-8 « Trunk SIP 8 canaux » a été créée et mise en vente." })).toBeVisible();
  const row = page.getByRole("table", { name: "Offres de la famille Téléphonie IP" }).getByRole("row", { name: /TRUNK-SIP-8/ });
  await expect(row).toContainText(/79,90\s€/);
  await expect(row).toContainText("En vente");
  await row.getByRole("link", { name: "Trunk SIP 8 canaux" }).click();

  await expect(page.getByRole("heading", { level: 1, name: "TRUNK-SIP-8 Trunk SIP 8 canaux" })).toBeVisible();
  await expectAccessible(page);

  // An increase 15 days ahead: refused on the date, which is kept.
  const publish = page.getByRole("form", { name: "Publier un nouveau prix" });
  await expect(publish).toContainText("au plus tôt un mois après sa publication (le 10/04/2026 ou après)");
  await publish.getByLabel("Date d'effet").fill("2026-03-25");
  await publish.getByLabel("Mensuel HT (€)").fill("89,90");
  await publish.getByRole("button", { name: "Publier le prix" }).click();
  const tooSoon = "Une hausse de prix prend effet au plus tôt un mois après sa publication : le 10/04/2026 ou après.";
  await expect(publish.getByRole("alert")).toHaveText(tooSoon);
  await expect(publish.getByRole("listitem").filter({ hasText: tooSoon })).toBeVisible();
  await expect(publish.getByLabel("Date d'effet")).toHaveValue("2026-03-25");
  await expect(publish.getByLabel("Mensuel HT (€)")).toHaveValue("89,90");

  await publish.getByLabel("Date d'effet").fill("2026-04-10");
  await publish.getByRole("button", { name: "Publier le prix" }).click();
  await expect(publish.getByRole("status")).toContainText(/Prix publié : 89,90\s€ HT par mois .* à compter du 10\/04\/2026\. C'est une hausse/);
  const history = page.getByRole("table", { name: "Historique des prix de l'offre TRUNK-SIP-8" });
  await expect(history.getByRole("row", { name: /Prix initial/ })).toContainText("En vigueur");
  const increase = history.getByRole("row", { name: /10\/04\/2026/ });
  await expect(increase).toContainText(/89,90\s€/);
  await expect(increase).toContainText("10/03/2026"); // published and noticed today
  await expect(increase).toContainText("À venir");

  await page.getByRole("button", { name: "Retirer de la vente" }).click();
  await expect(page.getByRole("status").filter({ hasText: "L'offre est retirée de la vente" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Remettre en vente" })).toBeVisible();
  await expectAccessible(page);

  await page.getByRole("link", { name: "← Tout le catalogue" }).click();
  await expect(page.getByRole("table", { name: "Offres de la famille Téléphonie IP" }).getByRole("row", { name: /TRUNK-SIP-8/ })).toContainText("Retirée de la vente");
});

test("the catalogue's management is not linked nor reachable for an ADV member without the administrator flag", async ({ page }) => {
  await login(page, "E-0000000001");
  await expect(page.getByRole("navigation", { name: "Navigation principale" }).getByRole("link", { name: "Catalogue (gestion)" })).toHaveCount(0);
  const response = await page.goto("/admin/catalogue/ACC-4G5G");
  expect(response?.status()).toBe(404);
});
