import { test, expect, login, logout, resetWorld, setServerClock, expectLoginRefused } from "./fixtures";
import { linkIn } from "../support/smtp-sink";

test.beforeAll(resetWorld);
test.afterEach(() => setServerClock(null));

const SUPERSEDED = "Un lien plus récent vous a été envoyé : celui-ci n'est plus valide.";
const CONTACT = "Contactez votre commercial ou le service clients OpenIP afin qu'un nouveau lien soit généré.";

/** Support re-sends E-0000000007's link and returns the mail. */
async function resendLinkTo7(page: import("@playwright/test").Page, mailbox: import("../support/smtp-sink").SmtpSink) {
  await login(page, "E-0000000002");
  await page.goto("/admin/societes/44660");
  const before = mailbox.mails.length;
  await page.getByRole("button", { name: "Renvoyer le lien à E-0000000007" }).click();
  await expect(page.getByText("Un nouveau lien d'initialisation du mot de passe a été envoyé à l'utilisateur E-0000000007")).toBeVisible();
  await logout(page);
  await expect.poll(() => mailbox.mails.length).toBeGreaterThan(before);
  return mailbox.waitFor("m.vidal@cabinet-oliviers.example", /initialisation/i);
}

test("a newer link supersedes the older one; a link expires after 15 days", async ({ page, mailbox }) => {
  const first = await resendLinkTo7(page, mailbox);
  const second = await resendLinkTo7(page, mailbox);
  expect(linkIn(second)).not.toBe(linkIn(first));

  await page.goto(linkIn(first));
  await expect(page.getByText(SUPERSEDED)).toBeVisible();
  await expect(page.getByText(CONTACT)).toBeVisible();

  // 15 days minus a minute later the newest link still works; a minute past 15 days it does not.
  await setServerClock(new Date(Date.now() + 15 * 24 * 3600 * 1000 - 60_000));
  await page.goto(linkIn(second));
  await expect(page.getByRole("heading", { name: "Génération de votre mot de passe" })).toBeVisible();
  await setServerClock(new Date(Date.now() + 15 * 24 * 3600 * 1000 + 60_000));
  await page.goto(linkIn(second));
  await expect(page.getByText("Ce lien a expiré.")).toBeVisible();
  await expect(page.getByText(CONTACT)).toBeVisible();
});

test("a link opened on the form but expired before saving changes nothing", async ({ page, mailbox }) => {
  const mail = await resendLinkTo7(page, mailbox);
  await page.goto(linkIn(mail));
  await setServerClock(new Date(Date.now() + 16 * 24 * 3600 * 1000));
  await page.getByLabel("Créez votre mot de passe").fill("Oliviers#2026");
  await page.getByLabel("Confirmez votre mot de passe").fill("Oliviers#2026");
  await page.getByRole("button", { name: "Valider" }).click();
  await expect(page.getByRole("alert").filter({ hasText: CONTACT })).toBeVisible();
  await setServerClock(null);
  await expectLoginRefused(page, "E-0000000007", "Oliviers#2026");
});

test("forged and truncated tokens are refused", async ({ page, mailbox }) => {
  const mail = await resendLinkTo7(page, mailbox);
  const link = linkIn(mail);
  await page.goto(link.slice(0, -5));
  await expect(page.getByText("Ce lien n'est pas valide.")).toBeVisible();
  await page.goto("/premiere-connexion/" + "A".repeat(43));
  await expect(page.getByText("Ce lien n'est pas valide.")).toBeVisible();
  await page.goto("/premiere-connexion/%3Cscript%3E");
  await expect(page.getByText(CONTACT)).toBeVisible();
});

test("forgotten password: same answer for any identifier, a one-hour single-use link", async ({ page, mailbox }) => {
  const answer = /Si cet identifiant correspond à un compte actif/;
  await page.goto("/mot-de-passe-oublie");
  await page.getByLabel("Identifiant").fill("E-0000009999");
  await page.getByRole("button", { name: "Envoyer le lien" }).click();
  await expect(page.getByRole("status")).toHaveText(answer);

  await page.goto("/mot-de-passe-oublie");
  await page.getByLabel("Identifiant").fill(" e-0000000005 ");
  await page.getByRole("button", { name: "Envoyer le lien" }).click();
  await expect(page.getByRole("status")).toHaveText(answer);
  const mail = await mailbox.waitFor("paul@boulangerie-martin.example", /réinitialisation/i);
  expect(mail.text).toContain("valide 1 heure");

  await page.goto(linkIn(mail));
  await page.getByLabel("Créez votre mot de passe").fill("Croissant#77");
  await page.getByLabel("Confirmez votre mot de passe").fill("Croissant#77");
  await page.getByRole("button", { name: "Valider" }).click();
  await expect(page.getByRole("heading", { name: "Votre mot de passe a bien été enregistré" })).toBeVisible();
  await login(page, "E-0000000005", "Croissant#77");
  await expect(page.getByRole("heading", { name: "Ma société" })).toBeVisible();
  await logout(page);
  await page.goto(linkIn(mail));
  await expect(page.getByText("Ce lien a déjà été utilisé.")).toBeVisible();

  // A second request: its link expires after an hour.
  await page.goto("/mot-de-passe-oublie");
  await page.getByLabel("Identifiant").fill("E-0000000005");
  await page.getByRole("button", { name: "Envoyer le lien" }).click();
  await expect(page.getByRole("status")).toHaveText(answer);
  await expect.poll(() => mailbox.mails.filter((m) => m.to.includes("paul@boulangerie-martin.example") && /réinitialisation/i.test(m.subject)).length).toBe(2);
  const second = await mailbox.waitFor("paul@boulangerie-martin.example", /réinitialisation/i);
  await setServerClock(new Date(Date.now() + 61 * 60 * 1000));
  await page.goto(linkIn(second));
  await expect(page.getByText("Ce lien a expiré.")).toBeVisible();
});
