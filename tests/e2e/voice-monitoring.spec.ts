// Issue 9: the Monitoring tab of a trunk (calls, ASR, durations, peak against channels, destinations,
// warnings, CSV export), staff's list of services in breach and the call records import (bad rows by
// line number, the same file twice, a new breach mailed to the client's administrators).
// The demo world is seeded as of Wednesday 18/11/2026, 10:00 in Paris: its calls run to the 17th.
import { test, expect, login, logout, resetWorldAsOf, setServerClock, expectAccessible, expectChartRenderedFromData } from "./fixtures";

const NOV_18 = new Date("2026-11-18T09:00:00Z");
test.beforeAll(() => resetWorldAsOf(NOV_18));
test.afterAll(() => setServerClock(null));

test("a client follows its trunk's calls, sees the days below 50 % ASR and exports the month", async ({ page }) => {
  await login(page, "E-0000000004");
  await page.getByRole("navigation", { name: "Navigation principale" }).getByRole("link", { name: "Mes services" }).click();
  await page.getByRole("row", { name: /SRV151800/ }).getByRole("link", { name: "Paramétrer SRV151800" }).click();

  // A trunk opens on its Monitoring tab.
  await expect(page).toHaveURL(/\/services\/SRV151800\/monitoring$/);
  await expect(page.getByRole("link", { name: "Monitoring", exact: true })).toHaveAttribute("aria-current", "page");
  await expect(page.getByRole("heading", { name: "Appels de novembre 2026" })).toBeVisible();
  await expect(page.getByText(/\d+ \/ 2/).first()).toBeVisible(); // peak against the 2 channels of Trunk SIP sans engagement × 2
  const alerts = page.getByRole("list", { name: "Alertes du mois" });
  await expect(alerts.getByRole("listitem")).toHaveCount(1);
  await expect(alerts).toContainText("ASR quotidien inférieur à 50 % : 3 jours (15, 16, 17 novembre 2026)");
  const days = page.getByRole("table", { name: "Appels par jour" });
  await expect(days.getByRole("row", { name: /^17\/11\/2026/ })).toContainText("ASR quotidien inférieur à 50 %");
  await expect(days.getByRole("row", { name: /^12\/11\/2026/ })).not.toContainText("ASR quotidien");
  await expect(days.getByRole("row", { name: /^18\/11\/2026/ })).toHaveCount(0); // no call imported for today yet
  const destinations = page.getByRole("table", { name: "Appels émis du mois par type de destination" });
  for (const label of ["Fixes France", "Mobiles France", "International", "Numéros spéciaux"]) await expect(destinations.getByRole("row", { name: new RegExp(label) })).toBeVisible();
  await page.getByText("Comment les règles sont mesurées").click();
  await expect(page.getByText("alerte en dessous de 50 %")).toBeVisible();
  await expectAccessible(page);
  // Issue 10: the calls chart is rendered from the days' figures by a client component (calls-chart.tsx): the
  // RSC payload carries the bars' data, not the SVG, and the page hydrates without a mismatch.
  await expectChartRenderedFromData(page, page.getByRole("img", { name: "Appels émis et reçus par jour du service SRV151800 en novembre 2026" }), "2026-11-17");

  // Another month.
  await page.getByLabel("Mois", { exact: true }).selectOption({ label: "octobre 2026" });
  await page.getByRole("button", { name: "Afficher" }).click();
  await expect(page).toHaveURL(/mois=2026-10/);
  await expect(page.getByRole("heading", { name: "Appels d'octobre 2026" })).toBeVisible();
  await expect(page.getByText("Aucune alerte ce mois-ci")).toBeVisible();
  await expect(page.getByRole("table", { name: "Appels par jour" }).getByRole("row", { name: /^31\/10\/2026/ })).toBeVisible();

  // CSV export of the month shown.
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Exporter les jours du mois (CSV)" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe("appels-SRV151800-2026-10.csv");
  const csv = (await (await import("node:fs/promises")).readFile((await file.path())!, "utf8")).replace(/^\uFEFF/, "").trim().split("\r\n");
  expect(csv[0]).toMatch(/^Jour;Appels émis;Émis décrochés;ASR \(%\);/);
  expect(csv).toHaveLength(1 + 31);
  expect(csv[31]).toMatch(/^31\/10\/2026;\d+;\d+;/);

  // A numbers-only service has no call monitoring.
  expect((await page.goto("/services/SRV150943/monitoring"))?.status()).toBe(404);
  await page.goto("/services/SRV138637");
  await expect(page).toHaveURL(/\/services\/SRV138637\/monitoring$/);
  await expect(page.getByText("Usage du forfait illimité")).toBeVisible();
});

test("staff see the services in breach, import call records and a new breach reaches the client", async ({ page, mailbox }) => {
  await login(page, "E-0000000002");
  const nav = page.getByRole("navigation", { name: "Navigation principale" });
  await nav.getByRole("link", { name: "Alertes voix" }).click();
  await expect(page.getByRole("heading", { name: "Services voix en infraction" })).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "4 services en infraction" })).toBeVisible();
  const breaches = page.getByRole("table", { name: "Services en infraction, du plus grave au moins grave" });
  const refs = async () => (await breaches.getByRole("row").allInnerTexts()).slice(1).map((row) => row.match(/SRV\d+/)?.[0]);
  expect(await refs()).toEqual(["SRV148200", "SRV151800", "SRV151001", "SRV150944"]);
  await expect(breaches.getByRole("row", { name: /SRV148200/ })).toContainText("Usage très supérieur à la moyenne de l'offre illimitée");
  await expect(breaches.getByRole("row", { name: /SRV150944/ })).toContainText("Appel de plus de 120 minutes");
  await expectAccessible(page);
  await breaches.getByRole("link", { name: "SRV148200" }).click();
  await expect(page.getByRole("list", { name: "Alertes du mois" })).toContainText("Usage très supérieur à la moyenne de l'offre illimitée");
  await expect(page.getByText(/Usage du forfait illimité : [\d\s\u202f]+ min par canal ce mois-ci vers les fixes et mobiles France ; moyenne de l'offre Trunk SIP 4 canaux : \d+ min par canal et par mois\./)).toBeVisible();

  // The import: a file that is not CSV is refused on the form and changes nothing.
  await nav.getByRole("link", { name: "Import des appels" }).click();
  await expectAccessible(page);
  const input = page.getByLabel("Fichier CSV des appels");
  await input.setInputFiles({ name: "appels.xlsx", mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buffer: Buffer.from("PK") });
  await page.getByRole("button", { name: "Importer" }).click();
  await expect(page.getByText("Le fichier doit être un fichier CSV (extension .csv).")).toBeVisible();

  // Today's calls of the cabinet's trunk: 25 placed, 5 answered; one row with a bad direction.
  const rows = Array.from({ length: 25 }, (_, i) => {
    const minute = String(10 + i).padStart(2, "0");
    return `e2e-${i + 1},SRV150944,2026-11-18T10:${minute}:00+01:00,SORTANT,04 91 23 45 ${minute},${i < 5 ? "oui" : "non"},${i < 5 ? 95 : 0}`;
  });
  const csv = ["id,service,debut,sens,numero,decroche,duree_secondes", ...rows, "e2e-bad,SRV150944,2026-11-18T11:00:00+01:00,PARTANT,0491234567,oui,60"].join("\n");
  const upload = () => input.setInputFiles({ name: "appels-18-11.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await upload();
  await page.getByRole("button", { name: "Importer" }).click();
  const result = page.getByRole("region", { name: "Résultat de l'import" });
  await expect(result.getByRole("definition").first()).toHaveText("25");
  await expect(result.getByRole("row", { name: /^27 / })).toContainText("sens « PARTANT » : SORTANT ou ENTRANT attendu");
  await upload();
  await page.getByRole("button", { name: "Importer" }).click();
  await expect(result.getByRole("definition").first()).toHaveText("0");
  await expect(result.getByRole("definition").nth(1)).toHaveText("25");

  // The cabinet's trunk now breaks two rules: it heads the list.
  await nav.getByRole("link", { name: "Alertes voix" }).click();
  await expect(breaches.getByRole("row", { name: /SRV150944/ })).toContainText("ASR quotidien inférieur à 50 %");
  expect((await refs())[0]).toBe("SRV150944");
  await logout(page);

  const mail = await mailbox.waitFor("c.vidal@cabinet-oliviers.example", /service SRV150944, alerte d'usage de la téléphonie/);
  expect(mail.text).toMatch(/- 18\/11\/2026 : ASR quotidien inférieur à 50 % \(ASR 20,0\s%\)/);
  expect(mail.text).toContain("/services/SRV150944/monitoring");

  await login(page, "E-0000000004");
  await page.goto("/services/SRV150944/monitoring");
  await expect(page.getByRole("list", { name: "Alertes du mois" })).toContainText("ASR quotidien inférieur à 50 % : 1 jour (18 novembre 2026)");
  await expect(page.getByRole("table", { name: "Appels par jour" }).getByRole("row", { name: /^18\/11\/2026/ })).toContainText("20,0");
});
