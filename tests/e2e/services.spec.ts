// Issue 6: a reseller changes the plan of its client's OpenSIM line (SPEC §4), sends SMS up to the
// limit, meets a network failure and suspends the line; the client activates a line and terminates it.
// The demo world is seeded as of Thursday 16/04/2026, so April's proration is the SPEC's arithmetic.
import { test, expect, login, logout, resetWorldAsOf, setServerClock, failNextNetworkRequest, expectAccessible, expectChartRenderedFromData } from "./fixtures";

const APRIL_16 = new Date("2026-04-16T08:00:00Z");
test.beforeAll(() => resetWorldAsOf(APRIL_16));
test.afterAll(() => setServerClock(null));

test("a reseller moves its client's 20 Go line to 50 Go, sends SMS up to the limit and suspends the line", async ({ page }) => {
  await login(page, "E-0000000003");
  await page.getByRole("button", { name: "Choisir l'univers revendeur" }).click();
  await expect(page.getByText("Univers actuel")).toBeVisible();
  await page.getByRole("navigation", { name: "Navigation principale" }).getByRole("link", { name: "Mes clients" }).click();
  await page.getByLabel("Filtrer par Identifiant").fill("44660");
  await page.getByRole("button", { name: "Rechercher" }).click();
  await page.getByRole("link", { name: "Consulter Cabinet Médical des Oliviers" }).click();
  await page.getByRole("link", { name: "Consulter les services d'un client" }).click();

  await expect(page.getByRole("heading", { name: "Mes services – Paramétrage / Monitoring" })).toBeVisible();
  await expectAccessible(page);
  const row = page.getByRole("row", { name: /SRV152400/ });
  for (const text of ["Flotte mobile OpenSIM", "44660 Cabinet Médical des Oliviers", "CC44660", "AIX-EN-PROVENCE", "OpenSIM", "En service"]) await expect(row).toContainText(text);
  await expect(page.getByRole("row", { name: /SRV150310/ })).toHaveCount(0); // 44284's
  await row.getByRole("link", { name: "Paramétrer SRV152400" }).click();

  // Ressources tab: the guide's filters and table.
  await expect(page.getByRole("link", { name: "Ressources", exact: true })).toHaveAttribute("aria-current", "page");
  const resources = page.getByRole("table", { name: "Ressources du service SRV152400" });
  await expect(resources.getByRole("row")).toHaveCount(5);
  await page.getByLabel("Type", { exact: true }).selectOption({ label: "Data + Data au Go" });
  await page.getByRole("button", { name: "Rechercher" }).click();
  await expect(resources.getByRole("row")).toHaveCount(3);
  await expectAccessible(page);
  const line = resources.getByRole("row", { name: /Forfait mobile Data 20 Go/ });
  await expect(line).toContainText("06 12 34 56 78");
  await expect(line).toContainText("Actif");
  await line.getByRole("link", { name: "Détails de FPC367678" }).click();

  await expect(page.getByRole("heading", { name: "Consultation et administration d'une ressource" })).toBeVisible();
  await expect(page.getByText("Enveloppe du mois : 20,00 Gio.")).toBeVisible();
  await expect(page.getByRole("meter", { name: "Data en France" })).toBeVisible();
  await expectAccessible(page);

  // Changer la ressource: only the Disponible resource of the same category is offered.
  await page.getByRole("link", { name: "Changer la ressource" }).click();
  const target = page.getByLabel("Nouvelle ressource (disponible, même catégorie de forfait)");
  await expect(target.getByRole("option")).toHaveCount(1);
  await expect(target.getByRole("option", { name: /Forfait mobile 50 Go – FPC367680/ })).toHaveAttribute("value", "FPC367680");
  await expect(target).toHaveValue("FPC367680");
  await expect(page.getByText("Forfait mobile Data compteur")).toHaveCount(0);
  await expectAccessible(page);
  await page.getByRole("button", { name: "Confirmer le changement" }).click();

  await expect(page.getByRole("status").filter({ hasText: "La ligne a été transférée sur cette ressource" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Forfait mobile 50 Go – FPC367680" })).toBeVisible();
  await expect(page.getByText("06 12 34 56 78").first()).toBeVisible();
  // 15 days at 20 Go and 15 days at 50 Go in April.
  await expect(page.getByText("Enveloppe du mois : 35,00 Gio (au prorata des jours passés sur chaque forfait).")).toBeVisible();
  const plans = page.getByRole("table").filter({ hasText: "Forfait mobile Data 20 Go" });
  await expect(plans.getByRole("row", { name: /Forfait mobile Data 20 Go/ })).toContainText("26/03/2026");
  await expect(plans.getByRole("row", { name: /Forfait mobile 50 Go/ })).toContainText("16/04/2026en cours");
  await expect(page.getByText("transférée de FPC367678 (Forfait mobile Data 20 Go) vers FPC367680 (Forfait mobile 50 Go)")).toBeVisible();

  // A refused network request changes nothing and says so.
  await failNextNetworkRequest();
  await page.getByRole("button", { name: "Suspendre" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "n'a pas abouti auprès du réseau mobile" })).toBeVisible();
  await page.reload();
  await expect(page.getByText("Actif", { exact: true })).toBeVisible();

  // SMS: 1 per second and 10 per minute; sends 5 s apart on the server's clock, so the 11th falls within the minute.
  // The clock is set once the form is filled, right before the click, so that a slow browser does not move the sends apart.
  const sms = page.getByRole("region", { name: "Envoyer un SMS" });
  const firstAt = APRIL_16.getTime() + 3_600_000;
  const send = async (text: string, at: number) => {
    await sms.getByLabel("Destinataire").fill("06 11 22 33 44");
    await sms.getByLabel("Message").fill(text);
    await setServerClock(new Date(at));
    await Promise.all([page.waitForResponse((r) => r.request().method() === "POST"), sms.getByRole("button", { name: "Envoyer le SMS" }).click()]);
  };
  for (let i = 0; i < 11; i++) {
    await send(`Rappel rendez-vous ${i + 1}`, firstAt + i * 5_000);
    if (i < 10) await expect(sms.getByRole("status")).toHaveText("SMS envoyé au 06 11 22 33 44.");
    else await expect(sms.getByRole("alert")).toContainText("Au plus 10 SMS par minute");
    if (i === 0) {
      await send("Tout de suite après", firstAt + 400);
      await expect(sms.getByRole("alert")).toContainText("Un seul SMS par seconde");
    }
  }

  await page.getByRole("button", { name: "Suspendre" }).click();
  await expect(page.getByRole("status").filter({ hasText: "La ligne est suspendue." })).toBeVisible();
  await expect(page.getByText("Suspendu", { exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "Réactiver" })).toBeVisible();
  await page.getByRole("link", { name: /Ressources du service SRV152400/ }).click();
  await expect(page.getByRole("row", { name: /Forfait mobile 50 Go/ })).toContainText("Suspendu");

  // Monitoring: the month's daily consumption of the line as a chart.
  await page.getByRole("link", { name: "Monitoring", exact: true }).click();
  await expect(page.getByRole("img", { name: /Consommation data par jour et par zone de la ligne 06 12 34 56 78 en avril 2026/ })).toBeVisible();
  await expectAccessible(page);
  // Issue 10: the chart, the gauge and the days are rendered from the line's data by a client component, as
  // the lists are: the RSC payload carries the days, not the SVG, and the page hydrates without a mismatch.
  await expectChartRenderedFromData(page, page.getByRole("meter", { name: "Enveloppe data du mois (France et Europe)" }), "2026-04-01");
});

test("the client activates a line on its metered resource, finds nothing to change to, and terminates it", async ({ page }) => {
  await setServerClock(APRIL_16);
  await login(page, "E-0000000004");
  await page.getByRole("navigation", { name: "Navigation principale" }).getByRole("link", { name: "Mes services" }).click();
  await page.getByRole("link", { name: "Paramétrer SRV152400" }).click();
  await page.getByRole("link", { name: "Activer une ressource mobile" }).click();
  await expect(page.getByRole("heading", { name: "Activer une ressource mobile" })).toBeVisible();
  await page.getByLabel("Ressource disponible").selectOption({ label: "Forfait mobile Data compteur – FPC367679" });
  await page.getByLabel("Carte SIM (ICCID)").fill("8933150319000056785");
  await page.getByLabel("Utilisateur").fill("Secrétariat");
  await page.getByRole("button", { name: "Activer la ligne" }).click();
  await expect(page.getByText("Le numéro de carte SIM (ICCID) est invalide")).toBeVisible();
  await expect(page.getByLabel("Utilisateur")).toHaveValue("Secrétariat");
  await expectAccessible(page);
  await page.getByLabel("Carte SIM (ICCID)").fill("8933150319000056784");
  await page.getByRole("button", { name: "Activer la ligne" }).click();

  await expect(page.getByRole("status").filter({ hasText: "La ligne est activée sur cette ressource." })).toBeVisible();
  await expect(page.getByText("8933150319000056784")).toBeVisible();
  await expect(page.getByText("Forfait au compteur")).toBeVisible();
  await page.getByRole("link", { name: "Changer la ressource" }).click();
  await expect(page.getByText("Aucune ressource disponible de la catégorie Voix + Data au compteur : vous devez au préalable passer une commande du forfait souhaité.")).toBeVisible();
  await expect(page.getByRole("link", { name: "Commander un forfait Voix + Data au compteur" })).toHaveAttribute("href", "/commandes/nouvelle?client=44660");
  await page.goBack();

  await page.getByRole("button", { name: "Résilier" }).click();
  const dialog = page.getByRole("dialog", { name: /^Résilier la ligne 07/ });
  await expect(dialog.getByTestId("effective-on")).toHaveText("16/05/2026");
  await dialog.getByRole("button", { name: "Continuer" }).click();
  await expect(page.getByRole("status").filter({ hasText: "La résiliation de la ligne est programmée." })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Résiliation programmée" })).toBeVisible();
  await expect(page.getByText("Dernier jour de service : 16/05/2026")).toBeVisible();
  await logout(page);
});

test("staff import usage records; the line's 80 % warning shows on its page and reaches the client by email", async ({ page, mailbox }) => {
  await setServerClock(new Date(APRIL_16.getTime() + 7_200_000));
  // After the first test the line is on FPC367680 with 35 Gio for April: 21 Gio more (after about 9 Gio of demo usage) crosses 80 %, not 100 %.
  const csv = ["id,msisdn,horodatage,zone,octets,montant_centimes", `e2e-1,0612345678,2026-04-16T09:00:00Z,FRANCE,${21 * 2 ** 30},0`, "e2e-2,0699999999,2026-04-16T09:00:00Z,FRANCE,1000,0", "e2e-3,0612345678,hier,FRANCE,1,0"].join("\n");
  await login(page, "E-0000000002");
  await page.getByRole("navigation", { name: "Navigation principale" }).getByRole("link", { name: "Import des consommations" }).click();
  await expectAccessible(page);
  await page.getByLabel("Fichier CSV des consommations").setInputFiles({ name: "cdr-avril.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.getByRole("button", { name: "Importer" }).click();
  const result = page.getByRole("region", { name: "Résultat de l'import" });
  await expect(result.getByRole("definition").first()).toHaveText("1");
  await expect(result.getByRole("row", { name: /^3 / })).toBeVisible();
  await expect(result.getByRole("row", { name: /^4 / })).toBeVisible();
  // The same file again imports nothing.
  await page.getByLabel("Fichier CSV des consommations").setInputFiles({ name: "cdr-avril.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.getByRole("button", { name: "Importer" }).click();
  await expect(result.getByRole("definition").nth(1)).toHaveText("1");
  await expect(result.getByRole("definition").first()).toHaveText("0");
  await logout(page);

  const mail = await mailbox.waitFor("c.vidal@cabinet-oliviers.example", /ligne 06 12 34 56 78, 80 % de l'enveloppe data atteint/);
  expect(mail.text).toContain("/ressources/FPC367680");
  await login(page, "E-0000000004");
  await page.goto("/ressources/FPC367680");
  await expect(page.getByRole("list", { name: "Alertes de consommation" })).toContainText("80 % de l'enveloppe data atteint");
  await page.getByRole("link", { name: "Consommation jour par jour (Monitoring)" }).click();
  await expect(page.getByRole("row", { name: /06 12 34 56 78/ })).toContainText("80 % enveloppe data");
  await expectAccessible(page);
});
