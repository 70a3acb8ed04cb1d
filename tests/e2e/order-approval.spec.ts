import { test, expect, login, logout, resetWorld, expectAccessible } from "./fixtures";

test.beforeAll(resetWorld);

// SPEC §12: 44284 is billed through its reseller 44000. It sees no price in the catalogue nor when ordering; its
// order waits for 44000's approval, which 44000 gives on one of its accounts; the order then reaches ADV's queue.
test("an end client billed through its reseller orders without prices; the reseller approves; ADV sees it", async ({ page, mailbox }) => {
  await login(page, "E-0000000005");
  const nav = page.getByRole("navigation", { name: "Navigation principale" });
  await nav.getByRole("link", { name: "Catalogue" }).click();
  await expect(page.getByRole("heading", { name: "Catalogue" })).toBeVisible();
  await expect(page.getByText("Vos prix sont convenus avec votre revendeur.")).toBeVisible();
  await expect(page.getByRole("main")).not.toContainText("€");
  await expectAccessible(page);

  await page.getByRole("link", { name: "Commander" }).click();
  await expect(page.getByText("Vous êtes facturé par votre revendeur : il validera cette commande")).toBeVisible();
  await expect(page.getByLabel("Compte client")).toHaveCount(0);
  await expect(page.getByRole("table", { name: "Récapitulatif" })).toHaveCount(0);
  await page.getByLabel("Site").selectOption({ label: "MARSEILLE" });
  await page.getByLabel("Offre (ligne 1)").selectOption({ label: "Accès 4G/5G" });
  await expect(page.getByRole("main")).not.toContainText("€");
  await expectAccessible(page);
  await page.getByRole("button", { name: "Valider la commande" }).click();
  const title = page.getByRole("heading", { name: /^Commande COM\d+$/ });
  await expect(title).toBeVisible();
  const ref = /COM\d+/.exec((await title.textContent())!)![0];
  await expect(page.getByText("Elle attend la validation de votre revendeur.")).toBeVisible();
  await expect(page.getByText("À valider par votre revendeur")).toBeVisible();
  await expect(page.getByText("Facturé par votre revendeur")).toBeVisible();
  await expect(page.getByRole("main")).not.toContainText("€");
  await expectAccessible(page);
  await logout(page);

  const mail = await mailbox.waitFor("j.arnaud@provence-telecom.example", new RegExp(`commande ${ref} – À valider par votre revendeur`));
  expect(mail.text).not.toContain("€");

  await login(page, "E-0000000003");
  await page.getByRole("button", { name: "Choisir l'univers revendeur" }).click();
  await expect(page.getByText("Univers actuel")).toBeVisible();
  await page.goto(`/commandes/${ref}`);
  const approval = page.getByRole("form", { name: "Valider la commande" });
  await approval.getByRole("button", { name: "Valider et transmettre à l'ADV" }).click();
  await expect(page.locator("#approval-account:invalid")).toHaveCount(1);
  await approval.getByLabel("Compte de facturation").selectOption({ label: "CC44000-R – Provence Télécom Services – refacturation clients" });
  await expectAccessible(page);
  await approval.getByRole("button", { name: "Valider et transmettre à l'ADV" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Commande validée : elle est transmise à l'ADV d'OpenIP." })).toBeVisible();
  await expect(page.getByText("CC44000-R – Provence Télécom Services – refacturation clients")).toBeVisible();
  await expect(page.getByText("Validée par le revendeur")).toBeVisible();
  await logout(page);

  await login(page, "E-0000000001");
  await page.goto(`/admin/commandes/${ref}`);
  await expect(page.getByRole("heading", { name: new RegExp(ref) })).toBeVisible();
  await expect(page.getByText("Soumise", { exact: true }).first()).toBeVisible();
  await expect(page.getByRole("button", { name: "Valider la commande" })).toBeVisible();
});
