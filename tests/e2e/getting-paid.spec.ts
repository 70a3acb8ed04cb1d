// Issue "Getting paid" (SPEC §13): ADV download the month's pain.008 file, import the bank's statements (the
// collection booked, then returned AM04), the client sees its invoice *Impayée*, ADV record the transfer that pays
// it; statements that are not the operator's, or not statements, record nothing; unmatched credits wait for ADV. The
// demo's returned invoice (SPEC §16) is reminded, suspends the client's line, and ADV's transfer puts it back.
// The demo world is seeded as of Thursday 10/12/2026: December's invoices were collected on Monday 07/12/2026.
import { readFile, mkdir } from "node:fs/promises";
import type { Page } from "@playwright/test";
import { test, expect, login, logout, resetWorldAsOf, runServerJob, setServerClock, expectAccessible, recordTransfer } from "./fixtures";

const DECEMBER_10 = new Date("2026-12-10T09:00:00Z");
const OPERATOR_IBAN = "FR7630006000011234567890189"; // prisma/demo-world.ts
const OTHER_IBAN = "FR7630004012340001234567862"; // a customer's account, not the operator's
const SHOTS = "/tmp/shots";

test.beforeAll(async () => {
  await resetWorldAsOf(DECEMBER_10);
  await mkdir(SHOTS, { recursive: true });
});
test.afterAll(() => setServerClock(null));

// ---------------------------------------------------------------------------------------------
// camt files as the bank writes them (camt.053.001.02 / camt.054.001.02, EPC/CFONB usage)

type Entry = { ref: string; amount: string; credit: boolean; family: string; subFamily: string; bookedOn: string; details: string; info: string };

function camt(kind: "053" | "054", msgId: string, iban: string, entries: Entry[]): string {
  const [message, report] = kind === "053" ? ["BkToCstmrStmt", "Stmt"] : ["BkToCstmrDbtCdtNtfctn", "Ntfctn"];
  const ntry = (e: Entry) => `
      <Ntry>
        <Amt Ccy="EUR">${e.amount}</Amt>
        <CdtDbtInd>${e.credit ? "CRDT" : "DBIT"}</CdtDbtInd>
        <Sts>BOOK</Sts>
        <BookgDt><Dt>${e.bookedOn}</Dt></BookgDt>
        <ValDt><Dt>${e.bookedOn}</Dt></ValDt>
        <AcctSvcrRef>${e.ref}</AcctSvcrRef>
        <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>${e.family}</Cd><SubFmlyCd>${e.subFamily}</SubFmlyCd></Fmly></Domn></BkTxCd>
        <NtryDtls>${e.details}</NtryDtls>
        <AddtlNtryInf>${e.info}</AddtlNtryInf>
      </Ntry>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.${kind}.001.02" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <${message}>
    <GrpHdr><MsgId>${msgId}</MsgId><CreDtTm>2026-12-10T06:15:02</CreDtTm></GrpHdr>
    <${report}>
      <Id>${msgId}-1</Id>
      <CreDtTm>2026-12-10T06:15:02</CreDtTm>
      <Acct><Id><IBAN>${iban}</IBAN></Id><Ccy>EUR</Ccy></Acct>${entries.map(ntry).join("")}
    </${report}>
  </${message}>
</Document>
`;
}

/** The bank books a whole pain.008 payment block as one credit (BtchBookg): matched by its PmtInfId. */
const batchCollection = (ref: string, pmtInfId: string, amount: string, count: number): Entry => ({
  ref, amount, credit: true, family: "IDDT", subFamily: "ESDD", bookedOn: "2026-12-07",
  details: `<Btch><PmtInfId>${pmtInfId}</PmtInfId><NbOfTxs>${count}</NbOfTxs></Btch>`, info: "REMISE PRLV SEPA",
});

/** A returned debit (R-transaction): matched by its EndToEndId, the invoice number. */
const returnedDebit = (ref: string, invoice: string, amount: string, reason: string): Entry => ({
  ref, amount, credit: false, family: "IDDT", subFamily: "UPDD", bookedOn: "2026-12-10",
  details: `<TxDtls>
            <Refs><EndToEndId>${invoice}</EndToEndId><MndtId>OPENIP-RUM-44660-0001</MndtId></Refs>
            <AmtDtls><TxAmt><Amt Ccy="EUR">${amount}</Amt></TxAmt></AmtDtls>
            <RltdPties><Dbtr><Nm>Cabinet Medical des Oliviers</Nm></Dbtr></RltdPties>
            <RtrInf><Rsn><Cd>${reason}</Cd></Rsn><AddtlInf>PROVISION INSUFFISANTE</AddtlInf></RtrInf>
          </TxDtls>`,
  info: `IMPAYE PRLV SEPA CABINET MEDICAL DES OLIVIERS MOTIF ${reason}`,
});

/** A credit transfer received, with its payer and remittance text. */
const transfer = (ref: string, amount: string, payer: string, remittance: string): Entry => ({
  ref, amount, credit: true, family: "RCDT", subFamily: "ESCT", bookedOn: "2026-12-09",
  details: `<TxDtls>
            <Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs>
            <AmtDtls><TxAmt><Amt Ccy="EUR">${amount}</Amt></TxAmt></AmtDtls>
            <RltdPties><Dbtr><Nm>${payer}</Nm></Dbtr></RltdPties>
            <RmtInf><Ustrd>${remittance}</Ustrd></RmtInf>
          </TxDtls>`,
  info: `VIR SEPA RECU ${payer.toUpperCase()}`,
});

// ---------------------------------------------------------------------------------------------

const nav = (page: Page) => page.getByRole("navigation", { name: "Navigation principale" });
const statementInput = (page: Page) => page.getByLabel("Fichier du relevé (camt.053 ou camt.054)");

async function uploadStatement(page: Page, name: string, xml: string) {
  await statementInput(page).setInputFiles({ name, mimeType: "application/xml", buffer: Buffer.from(xml) });
  await page.getByRole("button", { name: "Importer" }).click();
}

/** The count above the list of entries to assign. */
const toAssignCount = (page: Page) => page.getByRole("status").filter({ hasText: /^(Aucune écriture|\d+ écritures?) à affecter/ });

/** The upload form's outcome line (role=status). */
const outcome = (page: Page, text: string) => page.getByRole("status").filter({ hasText: text });

/** An account's invoice of December (not its penalty invoice), as ADV find it in the portal's invoice list. */
async function newestInvoice(page: Page, account: string): Promise<string> {
  await page.goto(`/factures?account=${account}`);
  const december = page.getByRole("table", { name: "Liste des factures" }).getByRole("row").filter({ hasText: "décembre 2026" });
  await expect(december).toHaveCount(1);
  return (await december.getByRole("cell").first().textContent())!.trim();
}

test("ADV download the collection file, import the statements; a returned debit makes the invoice unpaid until the transfer ADV record", async ({ page, mailbox }) => {
  await login(page, "E-0000000001");
  const invoice = await newestInvoice(page, "CC44660");

  // The newest pain.008 file holds the cabinet's December invoice.
  await nav(page).getByRole("link", { name: "Prélèvements" }).click();
  await expect(page.getByRole("heading", { name: "Prélèvements SEPA" })).toBeVisible();
  const newest = page.getByRole("table", { name: "Fichiers de prélèvement SEPA" }).getByRole("row").nth(1);
  await expect(newest).toContainText("07/12/2026");
  await expectAccessible(page);
  await page.screenshot({ path: `${SHOTS}/prelevements.png`, fullPage: true });
  const [download] = await Promise.all([page.waitForEvent("download"), newest.getByRole("link", { name: /^Télécharger/ }).click()]);
  expect(download.suggestedFilename()).toMatch(/^PRLV-20261207-\d+\.xml$/);
  const pain = await readFile((await download.path())!, "utf8");
  expect(pain).toContain('xmlns="urn:iso:std:iso:20022:tech:xsd:pain.008.001.02"');
  expect(pain).toContain(`<EndToEndId>${invoice}</EndToEndId>`);
  expect(pain).toContain("<MndtId>OPENIP-RUM-44660-0001</MndtId>");
  // The block of the cabinet's debit, and its amount: what the bank books and returns.
  const block = [...pain.matchAll(/<PmtInf>([\s\S]*?)<\/PmtInf>/g)].map((m) => m[1]).find((b) => b.includes(`<EndToEndId>${invoice}</EndToEndId>`))!;
  const pmtInfId = /<PmtInfId>([^<]+)<\/PmtInfId>/.exec(block)![1];
  const controlSum = /<CtrlSum>([^<]+)<\/CtrlSum>/.exec(block)![1];
  const debitCount = Number(/<NbOfTxs>(\d+)<\/NbOfTxs>/.exec(block)![1]);
  const amount = new RegExp(`<EndToEndId>${invoice}</EndToEndId>\\s*</PmtId>\\s*<InstdAmt Ccy="EUR">([\\d.]+)</InstdAmt>`).exec(block)![1];
  const amountFr = amount.replace(".", ",");

  // The statement of 07/12 books the block as one credit: every debit of it is confirmed.
  await page.goto("/admin/paiements");
  await expect(page.getByRole("heading", { name: "Paiements et relevés bancaires" })).toBeVisible();
  await expectAccessible(page);
  await uploadStatement(page, "releve-20261207.xml", camt("053", "AGRI053202612080615", OPERATOR_IBAN, [batchCollection("AGR2634100012001", pmtInfId, controlSum, debitCount)]));
  await expect(outcome(page, "Relevé releve-20261207.xml importé")).toHaveText("Relevé releve-20261207.xml importé : 1 écriture enregistrée, 1 rapprochée, 0 à affecter, 0 déjà importée.");

  // The debit comes back: insufficient funds.
  const returns = camt("054", "AGRI054202612101702", OPERATOR_IBAN, [returnedDebit("AGR2634400061201", invoice, amount, "AM04")]);
  await uploadStatement(page, "impayes-20261210.xml", returns);
  await expect(outcome(page, "Relevé impayes-20261210.xml importé")).toHaveText("Relevé impayes-20261210.xml importé : 1 écriture enregistrée, 1 rapprochée, 0 à affecter, 0 déjà importée.");
  await expect(page.getByRole("alert").filter({ hasText: "message" })).toHaveCount(0);
  // The same file again changes nothing.
  await uploadStatement(page, "impayes-20261210.xml", returns);
  await expect(outcome(page, "importé")).toHaveText("Relevé impayes-20261210.xml importé : 0 écriture enregistrée, 0 rapprochée, 0 à affecter, 1 déjà importée.");
  await expect(toAssignCount(page)).toHaveText("Aucune écriture à affecter.");
  await page.screenshot({ path: `${SHOTS}/paiements-import.png`, fullPage: true });
  await logout(page);

  // The client sees its invoice unpaid, with the bank's reason in French.
  await login(page, "E-0000000004");
  await page.goto(`/factures/${invoice}`);
  await expect(page.getByRole("heading", { name: `Facture ${invoice}` })).toBeVisible();
  await expect(page.getByText("Impayée", { exact: true })).toBeVisible();
  await expect(page.getByText(`le 10/12/2026 : Provision insuffisante (${amountFr}\u00A0€)`)).toBeVisible();
  await logout(page);
  // The daily job reminds it the same day, naming the day its lines would be suspended.
  expect(await runServerJob("send-reminders", "2026-12-10")).toBe(1);
  const reminder = await mailbox.waitFor("c.vidal@cabinet-oliviers.example", new RegExp(`relance — facture ${invoice} impayée`));
  expect(reminder.text).toContain("les lignes du compte seront suspendues le 19/12/2026");

  // ADV record the customer's transfer by hand: errors first, on their fields, then the payment.
  await login(page, "E-0000000001");
  await page.goto("/admin/paiements");
  const form = page.getByRole("form", { name: "Enregistrer un paiement reçu" });
  await form.getByLabel("N° de facture").fill("F99999999");
  await form.getByLabel("Montant reçu (€ TTC)").fill("douze");
  await form.getByRole("button", { name: "Enregistrer le paiement" }).click();
  await expect(form.getByText("Indiquez un montant en euros, par exemple 12,50.")).toBeVisible();
  await form.getByLabel("Montant reçu (€ TTC)").fill(amountFr);
  await form.getByRole("button", { name: "Enregistrer le paiement" }).click();
  await expect(form.getByText("La facture F99999999 n'existe pas.")).toBeVisible();
  await expect(form.getByLabel("Montant reçu (€ TTC)")).toHaveValue(amountFr);
  await form.getByLabel("N° de facture").fill(invoice);
  await form.getByLabel("Virement").check();
  await expect(form.getByLabel("Date de réception")).toHaveValue("2026-12-10");
  await form.getByLabel("Référence (facultative)").fill("VIR CABINET MEDICAL DES OLIVIERS");
  // A double click: the same form sent twice reaches the server twice (the button may not be disabled in time).
  // The form's key records it once; the second answer says so, and the client's page lists one transfer below.
  const requestKey = form.locator('input[name="requestKey"]');
  const keySent = await requestKey.inputValue();
  expect(keySent).toMatch(/^[0-9a-f]{32}$/);
  let doubled = false;
  await page.route("**/admin/paiements", async (route) => {
    if (route.request().method() !== "POST" || doubled) return route.fallback();
    doubled = true;
    await route.fetch();
    await route.fulfill({ response: await route.fetch() });
  });
  await form.getByRole("button", { name: "Enregistrer le paiement" }).click();
  await expect(form.getByRole("status")).toHaveText(`Ce paiement était déjà enregistré sur la facture ${invoice} (formulaire envoyé deux fois) : rien de plus n'a été enregistré.`);
  await expect(form.getByLabel("N° de facture")).toHaveValue("");
  expect(doubled).toBe(true);
  await page.unrouteAll();
  // The next payment gets a new key.
  await expect(requestKey).not.toHaveValue(keySent);
  await expectAccessible(page);
  await page.screenshot({ path: `${SHOTS}/paiements-manuel.png`, fullPage: true });
  await logout(page);

  await login(page, "E-0000000004");
  await page.goto(`/factures/${invoice}`);
  await expect(page.getByText("Payée", { exact: true })).toBeVisible();
  await expect(page.getByText(`${amountFr}\u00A0€ reçus le 10/12/2026 (virement)`)).toHaveCount(1);
});

test("a file that is not XML, and a statement of another account, record nothing", async ({ page }) => {
  await login(page, "E-0000000001");
  await page.goto("/admin/paiements");
  const before = await toAssignCount(page).textContent();

  await uploadStatement(page, "releve.xml", "Date;Libellé;Débit;Crédit\n07/12/2026;PRLV SEPA;;1234,50\n");
  await expect(page.getByText("Le fichier n'est pas un fichier XML : choisissez le relevé camt.053 ou camt.054 téléchargé depuis la banque (pas un export CSV ou PDF).")).toBeVisible();
  await expect(statementInput(page)).toHaveAttribute("aria-invalid", "true");

  await uploadStatement(page, "releve-autre-compte.xml", camt("053", "BNPA053202612090001", OTHER_IBAN, [transfer("BNP2634300000001", "120.00", "Provence Telecom Services", "ACOMPTE")]));
  await expect(page.getByRole("alert").filter({ hasText: "Aucune écriture n'a été enregistrée" })).toBeVisible();
  await expect(page.getByRole("alert").filter({ hasText: "1 message de l'import" })).toContainText(
    "Ce relevé est celui du compte FR76 3000 4012 3400 0123 4567 862, qui n'est pas le compte d'encaissement de l'opérateur (FR76 3000 6000 0112 3456 7890 189) : rien n'a été enregistré.",
  );
  await page.reload();
  await expect(toAssignCount(page)).toHaveText(before!);
});

test("credits no invoice names wait for ADV, who assign one to an invoice and set the other aside", async ({ page }) => {
  await login(page, "E-0000000001");
  const invoice = await newestInvoice(page, "CC44000-R");
  await page.goto("/admin/paiements");
  await uploadStatement(page, "releve-20261209.xml", camt("053", "AGRI053202612100615", OPERATOR_IBAN, [
    transfer("AGR2634300093401", "50.00", "Provence Telecom Services", "ACOMPTE DECEMBRE"),
    transfer("AGR2634300093402", "12.34", "Inconnu SARL", "REGLEMENT FACTURE F09999999"),
  ]));
  await expect(outcome(page, "importé")).toHaveText("Relevé releve-20261209.xml importé : 2 écritures enregistrées, 0 rapprochée, 2 à affecter, 0 déjà importée.");
  const messages = page.getByRole("alert").filter({ hasText: "2 messages de l'import" });
  await expect(messages.getByRole("listitem")).toHaveText([
    "Écriture n° 1 (réf. AGR2634300093401) : aucune facture reconnue ; 50,00\u00A0€ à affecter (liste des écritures à affecter).",
    "Écriture n° 2 (réf. AGR2634300093402) : facture F09999999 inconnue ; 12,34\u00A0€ à affecter (liste des écritures à affecter).",
  ]);
  // The list was refreshed with the import.
  await expect(toAssignCount(page)).toHaveText("2 écritures à affecter.");
  const list = page.getByRole("table", { name: "Écritures à affecter" });
  await expect(list.getByRole("row")).toHaveCount(3);
  const deposit = list.getByRole("row", { name: /ACOMPTE DECEMBRE/ });
  await expect(deposit).toContainText("09/12/2026");
  await expect(deposit).toContainText("50,00\u00A0€");
  await expectAccessible(page);
  await page.screenshot({ path: `${SHOTS}/paiements-a-affecter.png`, fullPage: true });

  await deposit.getByLabel("N° de facture").fill("F99999999");
  await deposit.getByRole("button", { name: "Affecter" }).click();
  await expect(deposit.getByText("La facture F99999999 n'existe pas.")).toBeVisible();
  await deposit.getByLabel("N° de facture").fill(invoice);
  await deposit.getByRole("button", { name: "Affecter" }).click();
  await expect(page.getByRole("status").filter({ hasText: "affectée" })).toHaveText(`L'écriture a été affectée à la facture ${invoice}.`);
  await expect(list.getByRole("row")).toHaveCount(2);
  await list.getByRole("row", { name: /F09999999/ }).getByRole("button", { name: "Classer" }).click();
  await expect(page.getByRole("status").filter({ hasText: "classée" })).toBeVisible();
  await expect(toAssignCount(page)).toHaveText("Aucune écriture à affecter.");

  // The deposit paid part of the invoice.
  await page.goto(`/factures/${invoice}`);
  await expect(page.getByText("50,00\u00A0€ reçus le 09/12/2026 (virement)")).toBeVisible();
});

test("the demo's returned invoice: the client sees its balance, its line suspended on 16/12 and back in service once ADV record the transfer", async ({ page, mailbox }) => {
  const LINE = "/ressources/FPC367678"; // 44660's line, billed on CC44660
  const BALANCE = "/societes/44660/comptes/CC44660/encours";
  await login(page, "E-0000000004");
  await page.goto(BALANCE);
  const returned = page.getByRole("table", { name: "Factures non réglées du compte CC44660" }).getByRole("row", { name: /Impayée/ });
  await expect(returned).toHaveCount(1);
  const number = (await returned.getByRole("cell").first().textContent())!.trim();
  const owed = (await returned.getByRole("cell").nth(3).textContent())!.replace(/\s*€$/, "").replace(/\u00A0|\u202F/g, "").trim();
  await expect(page.getByText("Prévue le 16/12/2026, sans règlement complet des factures relancées d'ici là")).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/encours-impaye.png`, fullPage: true });
  await logout(page);

  // Wed 16/12, the day after the 8th following its reminder of 07/12: the hourly job suspends.
  await setServerClock(new Date("2026-12-16T08:00:00Z"));
  expect(await runServerJob("review-suspensions", "2026-12-16")).toBeGreaterThan(0);
  const suspended = await mailbox.waitFor("c.vidal@cabinet-oliviers.example", /lignes suspendues \(impayé\) — compte CC44660/);
  expect(suspended.text).toContain("sauf les appels d'urgence");
  await login(page, "E-0000000004");
  await page.goto(LINE);
  await expect(page.getByText("Suspendu", { exact: true })).toBeVisible();
  await expect(page.getByText("Impayé (depuis le 16/12/2026)")).toBeVisible();
  await expect(page.getByRole("button", { name: "Réactiver" })).toHaveCount(0);
  await expectAccessible(page);
  await page.screenshot({ path: `${SHOTS}/ligne-suspendue-impaye.png`, fullPage: true });
  await page.goto(BALANCE);
  await expect(page.getByText("Lignes suspendues depuis le 16/12/2026 à 09:00")).toBeVisible();
  await logout(page);

  // ADV see it among the suspended accounts, and record the customer's transfer.
  await login(page, "E-0000000001");
  await page.goto("/admin/recouvrement");
  const row = page.getByRole("row", { name: /CC44660/ });
  await expect(row).toContainText("Depuis le 16/12/2026 (Impayé)");
  await page.screenshot({ path: `${SHOTS}/recouvrement-suspendu.png`, fullPage: true });
  await recordTransfer(page, number, owed);
  await logout(page);

  // Reactivated at once, and told.
  await mailbox.waitFor("c.vidal@cabinet-oliviers.example", /lignes réactivées — compte CC44660/);
  await login(page, "E-0000000004");
  await page.goto(LINE);
  await expect(page.getByText("Actif", { exact: true })).toBeVisible();
  await expect(page.getByText(/^Suspendue pour/)).toHaveCount(0);
  await setServerClock(DECEMBER_10);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the statement upload goes back to the page with its outcome", async ({ page }) => {
    await login(page, "E-0000000001");
    await page.goto("/admin/paiements");
    await uploadStatement(page, "releve-autre-compte.xml", camt("053", "BNPA053202612090002", OTHER_IBAN, [transfer("BNP2634300000002", "80.00", "Provence Telecom Services", "ACOMPTE")]));
    await expect(page).toHaveURL(/\/admin\/paiements\?resultat=/);
    await expect(page.getByRole("alert").filter({ hasText: "Aucune écriture n'a été enregistrée" })).toBeVisible();
    await expect(page.getByRole("alert").filter({ hasText: "1 message de l'import" })).toContainText("qui n'est pas le compte d'encaissement de l'opérateur");
  });
});
