// The operator's first start (SPEC §11, issue 31): a production instance of the build on an empty PostgreSQL
// database, `npm run setup` with flags as automation runs it, the administrator's password set from the link
// received over SMTP, the terms of version 1 accepted, a first staff member invited; a second setup changes nothing.
import { test as base, expect, type Page } from "@playwright/test";
import { PDFDocument } from "@cantoo/pdf-lib";
import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { DATABASE_URL, startInstance, startScript, jobCount, type Instance } from "./cluster";
import { linkIn, startSmtpSink, type SmtpSink } from "../support/smtp-sink";

const FIRST_DB = Object.assign(new URL(DATABASE_URL), { pathname: "/myopenip_first_start" }).toString();
const ADMIN_DB = Object.assign(new URL(DATABASE_URL), { pathname: "/postgres" }).toString();
const SMTP_PORT = 2538;
const PORT = 3303;
const run = promisify(execFile);

const SETUP_FLAGS = [
  "--name", "OpenIP", "--legal-form", "SAS", "--siret", "40483304800014", "--vat", "FR83404833048",
  "--street", "37-39 rue de Neuilly", "--postcode", "92110", "--city", "Clichy",
  "--legal-mentions", "S.A.S. au capital de 50 000 € — RCS Nanterre",
  "--iban", "FR76 3000 6000 0112 3456 7890 189", "--bic", "AGRIFRPPXXX", "--ics", "FR97ZZZ482585",
  "--customer-service-email", "serviceclients@openip.fr",
  "--admin-name", "Alice Martin", "--admin-email", "alice.martin@openip.example", "--admin-role", "SUPPORT",
];

async function query<T extends Record<string, unknown>>(text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: FIRST_DB });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

/** `npm run setup -- …` as an operator runs it: its exit code and what it printed. */
async function setup(instance: Instance, termsFile: string) {
  const env = { ...process.env, DATABASE_URL: FIRST_DB, SMTP_URL: `smtp://127.0.0.1:${SMTP_PORT}`, APP_URL: instance.url, MAIL_FROM: "MyOpenIP <noreply@openip.example>" };
  try {
    const { stdout, stderr } = await run("npm", ["run", "--silent", "setup", "--", "--terms", termsFile, ...SETUP_FLAGS], { env });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

const test = base.extend<object, { world: { instance: Instance; mailbox: SmtpSink; termsFile: string } }>({
  world: [
    async ({}, use) => {
      await run("psql", [ADMIN_DB, "-qc", "DROP DATABASE IF EXISTS myopenip_first_start WITH (FORCE)"]);
      // What `npm start` does on a new database: migrate (prestart), then serve.
      await run("npx", ["tsx", "scripts/migrate.ts"], { env: { ...process.env, DATABASE_URL: FIRST_DB } });
      const mailbox = await startSmtpSink(SMTP_PORT);
      const instance = await startInstance(PORT, FIRST_DB, SMTP_PORT);
      const termsFile = path.join(tmpdir(), `cgu-${process.pid}.md`);
      writeFileSync(termsFile, "Conditions d'utilisation de MyOpenIP\n\nArticle 1 - Objet\nLe portail permet de commander et de suivre les services d'OpenIP.\n");
      await use({ instance, mailbox, termsFile });
      await instance.stop();
      await mailbox.close();
      await run("psql", [ADMIN_DB, "-qc", "DROP DATABASE IF EXISTS myopenip_first_start WITH (FORCE)"]);
    },
    { scope: "worker", timeout: 120_000 },
  ],
});

test.describe.configure({ mode: "serial" });

test("from an empty database: setup, the administrator's password from the mailed link, the team's first member", async ({ world, page }) => {
  const { instance, mailbox, termsFile } = world;
  const started = Date.now();
  await page.goto(`${instance.url}/connexion`);
  await expect(page.getByRole("heading", { name: "Connexion" })).toBeVisible();

  const first = await setup(instance, termsFile);
  expect(first.code, first.output).toBe(0);
  expect(first.output).toContain("Opérateur OpenIP créé (société 10000)");
  expect(first.output).toContain("Administrateur E-0000000001 créé");
  // Nothing secret is printed: the link goes by email only, and the stored copy is masked once delivered.
  expect(first.output).not.toMatch(/premiere-connexion|[0-9a-f]{32}/i);
  const mail = await mailbox.waitFor("alice.martin@openip.example", /initialisation du mot de passe/i);
  expect(mail.text).toContain("E-0000000001");
  expect(linkIn(mail).startsWith(`${instance.url}/premiere-connexion/`)).toBe(true);
  const stored = await query<{ text: string; sentAt: Date | null }>(`SELECT "text", "sentAt" FROM "OutgoingEmail"`);
  expect(stored).toHaveLength(1);
  expect(stored[0].sentAt).not.toBeNull();
  expect(stored[0].text).toContain("/premiere-connexion/[lien masqué]");
  expect(stored[0].text).not.toContain(linkIn(mail));

  await page.goto(linkIn(mail));
  await page.getByLabel("Créez votre mot de passe").fill("Clichy#2026!");
  await page.getByLabel("Confirmez votre mot de passe").fill("Clichy#2026!");
  await page.getByRole("button", { name: "Valider" }).click();
  await expect(page.getByRole("heading", { name: "Votre mot de passe a bien été enregistré" })).toBeVisible();

  await page.goto(`${instance.url}/connexion`);
  await page.getByLabel("Identifiant").fill("E-0000000001");
  await page.getByLabel("Mot de passe").fill("Clichy#2026!");
  await page.getByRole("button", { name: "Valider" }).click();
  await expect(page.getByRole("heading", { name: "Conditions d'utilisation de MyOpenIP" })).toBeVisible();
  await expect(page.getByText("Le portail permet de commander et de suivre les services d'OpenIP.")).toBeVisible();
  await page.getByLabel("En cochant cette case, j'accepte et je reconnais avoir pris connaissance des conditions d'utilisation").check();
  await page.getByRole("button", { name: "Valider" }).click();
  await expect(page.getByRole("heading", { name: "Ma société" })).toBeVisible();

  await page.getByRole("navigation", { name: "Navigation principale" }).getByRole("link", { name: "Équipe OpenIP" }).click();
  await expect(page.getByRole("row", { name: /E-0000000001 Alice Martin/ })).toContainText("Support · Administrateur");
  const invite = page.getByRole("form", { name: "Inviter un membre de l'équipe" });
  await invite.getByLabel("Nom").fill("Charlotte M.");
  await invite.getByLabel("Email").fill("charlotte.m@openip.example");
  await invite.getByLabel("Rôle").selectOption("ADV");
  await invite.getByRole("button", { name: "Inviter" }).click();
  await expect(invite.getByRole("status")).toContainText("invité(e) avec l'identifiant E-0000000002");
  await expect(page.getByRole("row", { name: /E-0000000002 Charlotte M\./ })).toContainText("En attente du mot de passe");
  await mailbox.waitFor("charlotte.m@openip.example", /initialisation du mot de passe/i);

  // Run again: the operator, its administrators and its terms stay as they are; the catalogue is unchanged.
  const counts = () => query<{ companies: number; users: number; terms: number; emails: number; offers: number }>(
    `SELECT (SELECT count(*)::int FROM "Company") AS companies, (SELECT count(*)::int FROM "User") AS users,
            (SELECT count(*)::int FROM "TermsVersion") AS terms, (SELECT count(*)::int FROM "OutgoingEmail") AS emails, (SELECT count(*)::int FROM "Offer") AS offers`,
  );
  const before = await counts();
  expect(before).toEqual([{ companies: 1, users: 2, terms: 1, emails: 2, offers: 0 }]);
  const second = await setup(instance, termsFile);
  expect(second.code, second.output).toBe(0);
  expect(second.output).toContain("L'opérateur OpenIP (10000) existe déjà");
  expect(await counts()).toEqual(before);
  console.log(`first start journey: ${((Date.now() - started) / 1000).toFixed(1)} s`);
});

const ADMIN = { identifier: "E-0000000001", password: "Clichy#2026!" };

async function login(page: Page, instance: Instance, identifier: string, password: string) {
  await page.goto(`${instance.url}/connexion`);
  await page.getByLabel("Identifiant").fill(identifier);
  await page.getByLabel("Mot de passe").fill(password);
  await page.getByRole("button", { name: "Valider" }).click();
}

async function logout(page: Page) {
  await page.getByRole("button", { name: "Se déconnecter" }).click();
  await expect(page).toHaveURL(/\/connexion/);
}

/** A new user's first steps: the mailed link, a password, the login, the terms accepted. */
async function firstLogin(page: Page, world: { instance: Instance; mailbox: SmtpSink }, email: string, password: string): Promise<string> {
  const mail = await world.mailbox.waitFor(email, /initialisation du mot de passe/i);
  const identifier = /E-\d{10}/.exec(mail.text)![0];
  await page.goto(linkIn(mail));
  await page.getByLabel("Créez votre mot de passe").fill(password);
  await page.getByLabel("Confirmez votre mot de passe").fill(password);
  await page.getByRole("button", { name: "Valider" }).click();
  await expect(page.getByRole("heading", { name: "Votre mot de passe a bien été enregistré" })).toBeVisible();
  await login(page, world.instance, identifier, password);
  await page.getByLabel("En cochant cette case, j'accepte et je reconnais avoir pris connaissance des conditions d'utilisation").check();
  await page.getByRole("button", { name: "Valider" }).click();
  await expect(page.getByRole("heading", { name: "Ma société" })).toBeVisible();
  return identifier;
}

test("then the first sale: an offer, a reseller, its client with a site, an account and a mandate, an order delivered, the first invoice", async ({ world, page }) => {
  const { instance } = world;
  const started = Date.now();
  const nav = page.getByRole("navigation", { name: "Navigation principale" });

  // The administrator creates the catalogue's offer and the reseller with its first user.
  await login(page, instance, ADMIN.identifier, ADMIN.password);
  await nav.getByRole("link", { name: "Catalogue (gestion)" }).click();
  const create = page.getByRole("form", { name: "Créer une offre" });
  await create.getByLabel("Code", { exact: true }).fill("ACC-FIBRE-100");
  await create.getByLabel("Nom", { exact: true }).fill("Accès fibre 100 Mb/s");
  await create.getByLabel("Famille", { exact: true }).selectOption("IP_ACCESS_FIBRE");
  await create.getByLabel("Mensuel HT (€)").fill("89,00");
  await create.getByLabel("Engagement (mois)").fill("36");
  await create.getByLabel("Reconduction (mois)").fill("12");
  await create.getByLabel("Garantie de temps de rétablissement (GTR)").check();
  await create.getByRole("button", { name: "Créer l'offre" }).click();
  await expect(page.getByRole("status").filter({ hasText: "ACC-FIBRE-100" })).toBeVisible();

  await nav.getByRole("link", { name: "Sociétés" }).click();
  await page.waitForURL(/\/admin\/societes$/);
  await page.getByLabel("Raison sociale").fill("Provence Télécom Services");
  await page.getByLabel("Statut").selectOption("SAS");
  await page.getByLabel("SIRET").fill("51234567900017");
  await page.getByLabel("Univers revendeur").check();
  await page.getByRole("button", { name: "Créer la société" }).click();
  await expect(page.getByRole("heading", { name: /Provence Télécom Services/ })).toBeVisible();
  await page.getByLabel("Nom").fill("Julien Arnaud");
  await page.getByLabel("Email").fill("j.arnaud@provence.example");
  await page.getByRole("button", { name: "Créer l'utilisateur" }).click();
  await expect(page.getByRole("status").filter({ hasText: "créé" })).toBeVisible();
  await logout(page);

  // The reseller: its client, with a site, a billing account paying by direct debit and its mandate; then an order.
  await firstLogin(page, world, "j.arnaud@provence.example", "Provence#2026");
  await page.getByRole("button", { name: "Choisir l'univers revendeur" }).click();
  await nav.getByRole("link", { name: "Mes clients" }).click();
  await page.getByRole("link", { name: "Créer un client" }).click();
  await page.waitForURL(/\/clients\/nouveau$/);
  await page.getByLabel("Raison sociale").fill("Cabinet Médical des Oliviers");
  await page.getByLabel("Statut").selectOption("AUTRES");
  await page.getByLabel("SIRET").fill("52345678800018");
  await page.getByLabel("Nom de l'utilisateur").fill("Claire Vidal");
  await page.getByLabel("Email de l'utilisateur").fill("c.vidal@oliviers.example");
  await page.getByRole("button", { name: "Créer le client" }).click();
  await expect(page.getByText("Le client a été créé")).toBeVisible();
  const clientId = /\/clients\/(\d+)/.exec(page.url())![1];
  await page.getByRole("link", { name: /Coordonnées, sites et comptes de facturation/ }).click();

  const details = page.getByRole("form", { name: "Adresse légale et numéro de TVA" });
  await details.getByLabel("Adresse").fill("12 cours Mirabeau");
  await details.getByLabel("Code postal").fill("13100");
  await details.getByLabel("Ville").fill("Aix-en-Provence");
  await details.getByLabel("Numéro de TVA intracommunautaire (facultatif)").fill("FR31523456788");
  await details.getByRole("button", { name: "Enregistrer l'adresse" }).click();
  await expect(page.getByRole("status").filter({ hasText: "ont été enregistrés" })).toBeVisible();

  await page.getByRole("navigation", { name: "Fiche de la société" }).getByRole("link", { name: "Sites" }).click();
  const site = page.getByRole("form", { name: "Nouveau site" });
  await site.getByLabel("Nom du site").fill("AIX-EN-PROVENCE");
  await site.getByLabel("Adresse").fill("12 cours Mirabeau");
  await site.getByLabel("Code postal").fill("13100");
  await site.getByLabel("Ville").fill("Aix-en-Provence");
  await site.getByRole("button", { name: "Créer le site" }).click();
  await expect(page.getByRole("cell", { name: "AIX-EN-PROVENCE", exact: true })).toBeVisible();

  await page.getByRole("navigation", { name: "Fiche de la société" }).getByRole("link", { name: "Comptes de facturation" }).click();
  const account = page.getByRole("form", { name: "Nouveau compte de facturation" });
  await account.getByLabel("Nom du compte").fill("Cabinet Médical des Oliviers");
  await account.getByLabel(/Adresses email de facturation/).fill("compta@oliviers.example");
  await account.getByLabel("Adresse postale").fill("12 cours Mirabeau");
  await account.getByLabel("Code postal").fill("13100");
  await account.getByLabel("Ville").fill("Aix-en-Provence");
  await account.getByLabel("Prélèvement SEPA").check();
  await account.getByRole("button", { name: "Créer le compte" }).click();
  const mandate = page.getByRole("form", { name: "Nouveau mandat de prélèvement SEPA" });
  await mandate.getByLabel("IBAN").fill("FR76 3000 6000 0112 3456 7890 189");
  await mandate.getByLabel("BIC").fill("AGRIFRPPXXX");
  await mandate.getByRole("button", { name: "Enregistrer le mandat" }).click();
  const recorded = page.getByRole("status").filter({ hasText: /Le mandat .* a été enregistré/ });
  await expect(recorded).toBeVisible();
  const rum = /Le mandat (\S+) a été enregistré/.exec((await recorded.textContent()) ?? "")?.[1];
  expect(rum).toMatch(/^RUM-/);

  await page.goto(`${instance.url}/commandes/nouvelle?client=${clientId}`);
  await page.getByLabel("Site").selectOption({ label: "AIX-EN-PROVENCE" });
  await page.getByLabel("Compte client").selectOption({ index: 1 });
  await page.getByLabel("Offre (ligne 1)").selectOption({ index: 1 });
  await page.getByRole("button", { name: "Valider la commande" }).click();
  const title = page.getByRole("heading", { name: /^Commande COM\d+$/ });
  await expect(title).toBeVisible();
  const ref = /COM\d+/.exec((await title.textContent())!)![0];
  await logout(page);

  // ADV, invited by the administrator at the first test, deliver it today.
  await firstLogin(page, world, "charlotte.m@openip.example", "Charlotte#2026");
  await page.goto(`${instance.url}/admin/commandes/${ref}`);
  await page.getByLabel("Pilote ADV").selectOption({ label: "Charlotte M." });
  await page.getByRole("button", { name: "Affecter le pilote" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Le pilote a été affecté." })).toBeVisible();
  await page.getByRole("button", { name: "Valider la commande" }).click();
  await page.getByRole("button", { name: "Passer en cours de livraison" }).click();
  await page.getByRole("button", { name: "Enregistrer la livraison" }).click();
  await expect(page.getByText(/Offre contractée : OC\d+/)).toBeVisible();

  // The monthly run as cron starts it, as of the 1st of next month: the first invoice, with its PDF.
  const next = new Date();
  const firstOfNext = new Date(Date.UTC(next.getUTCFullYear(), next.getUTCMonth() + 1, 1)).toISOString().slice(0, 10);
  const run = await startScript("scripts/jobs.ts", ["issue-invoices", "--as-of", firstOfNext], FIRST_DB).done;
  expect(run.code, run.output).toBe(0);
  expect(jobCount(run.output)).toBe(1);
  const [invoice] = await query<{ number: string; mandateRef: string; pdf: Buffer }>(`SELECT "number", "mandateRef", "pdf" FROM "Invoice"`);
  expect(invoice.mandateRef).toBe(rum);
  const pdf = await PDFDocument.load(invoice.pdf, { updateMetadata: false });
  const xml = new TextDecoder().decode(pdf.getAttachments().find((a) => a.name === "factur-x.xml")!.data);
  const buyer = /<ram:BuyerTradeParty>([\s\S]*?)<\/ram:BuyerTradeParty>/.exec(xml)![1];
  expect(buyer).toContain("Cabinet Médical des Oliviers");
  expect(buyer).toContain("12 cours Mirabeau");
  expect(buyer).toContain("FR31523456788");
  expect(xml).toContain(rum!);
  expect(xml).toContain("FR97ZZZ482585");
  console.log(`first sale journey: ${((Date.now() - started) / 1000).toFixed(1)} s`);
});
