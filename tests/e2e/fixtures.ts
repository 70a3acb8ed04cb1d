import { test as base, expect, type Locator, type Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { E2E_BASE_URL, SMTP_PORT } from "./ports";
import { startSmtpSink, type SmtpSink } from "../support/smtp-sink";

export const DEMO_PASSWORD = "Demo!2026";

/** `mailbox`: the SMTP server the portal delivers to during the run, in the worker's process. */
export const test = base.extend<object, { mailbox: SmtpSink }>({
  mailbox: [
    async ({}, use) => {
      const sink = await startSmtpSink(SMTP_PORT);
      await use(sink);
      await sink.close();
    },
    { scope: "worker", auto: true },
  ],
});
export { expect };


/** Restores the demo world (and the real clock): each spec file starts from it (SPEC §9). */
export function resetWorld() {
  return resetWorldAsOf(null);
}

/** Restores the demo world as seeded at `at` (null: now), with the server's clock running from there. */
export async function resetWorldAsOf(at: Date | null) {
  const response = await fetch(`${E2E_BASE_URL}/api/test/reset`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ now: at?.toISOString() ?? null }) });
  if (!response.ok) throw new Error(`reset failed: ${response.status}`);
}

/** Moves the server's clock (null: back to real time). */
export async function setServerClock(instant: Date | null) {
  const response = await fetch(`${E2E_BASE_URL}/api/test/clock`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ now: instant?.toISOString() ?? null }),
  });
  if (!response.ok) throw new Error(`clock failed: ${response.status}`);
}

/** The simulated mobile network refuses the next request (the failure path of SPEC §4's actions). */
export async function failNextNetworkRequest() {
  const response = await fetch(`${E2E_BASE_URL}/api/test/network-failure`, { method: "POST" });
  if (!response.ok) throw new Error(`network-failure failed: ${response.status}`);
}

/** Runs a scheduled job on the server as of a day (SPEC §9, *Time*); returns what it did. */
export async function runServerJob(name: string, asOf: string): Promise<number> {
  const response = await fetch(`${E2E_BASE_URL}/api/test/job`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name, asOf }),
  });
  if (!response.ok) throw new Error(`job failed: ${response.status}`);
  return ((await response.json()) as { count: number }).count;
}

/** Submits the login form, without expecting any outcome. */
export async function attemptLogin(page: Page, identifier: string, password = DEMO_PASSWORD) {
  await page.goto("/connexion");
  await page.getByLabel("Identifiant").fill(identifier);
  await page.getByLabel("Mot de passe").fill(password);
  await page.getByRole("button", { name: "Valider" }).click();
}

/** Logs in and waits until the portal (or the terms page) is shown. */
export async function login(page: Page, identifier: string, password = DEMO_PASSWORD) {
  await attemptLogin(page, identifier, password);
  await page.waitForURL((url) => !url.pathname.startsWith("/connexion"));
}

export const LOGIN_ERROR = "Identifiant ou mot de passe incorrect";

/** Submits the login form and expects the generic refusal. */
export async function expectLoginRefused(page: Page, identifier: string, password = DEMO_PASSWORD) {
  await attemptLogin(page, identifier, password);
  await expect(page.getByText(LOGIN_ERROR)).toBeVisible();
}

/** ADV record a transfer by hand on /admin/paiements, and see it recorded. */
export async function recordTransfer(page: Page, invoice: string, amount: string) {
  await page.goto("/admin/paiements");
  const form = page.getByRole("form", { name: "Enregistrer un paiement reçu" });
  await form.getByLabel("N° de facture").fill(invoice);
  await form.getByLabel("Virement").check();
  await form.getByLabel("Montant reçu (€ TTC)").fill(amount);
  await form.getByRole("button", { name: "Enregistrer le paiement" }).click();
  await expect(form.getByRole("status")).toContainText(`enregistré sur la facture ${invoice}`);
}

export async function logout(page: Page) {
  await page.getByRole("button", { name: "Se déconnecter" }).click();
  await expect(page.getByRole("heading", { name: "Connexion" })).toBeVisible();
}

/** No serious or critical axe violation on the current page (SPEC §8). */
export async function expectAccessible(page: Page) {
  // After a click on a link the page's content can show before its <title> (Next streams the metadata
  // apart): axe would then find no title. The navigation is over once the title is there.
  await expect(page).toHaveTitle(/\S/);
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`)).toEqual([]);
}

/** Collects the page's console errors and uncaught exceptions from now on (a hydration mismatch is one). */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  return errors;
}

/** The RSC payload of a server-rendered HTML page: its `self.__next_f.push(…)` scripts, joined. */
export function rscPayloadOf(html: string): string {
  return [...html.matchAll(/<script(?: nonce="[^"]*")?>self\.__next_f\.push\((.*?)\)<\/script>/gs)].map((m) => m[1]).join("");
}

/**
 * Issue 10: the page's chart is rendered by a client component from its data. Reloaded, the page shows
 * `shown`; its HTML holds the SVG but its RSC payload only the data (`dataMarker`, a day), and it hydrates
 * without an error.
 */
export async function expectChartRenderedFromData(page: Page, shown: Locator, dataMarker: string) {
  const errors = collectPageErrors(page);
  await page.reload();
  await expect(shown).toBeVisible();
  const html = await (await page.request.get(page.url())).text();
  expect(html).toContain("<rect");
  const payload = rscPayloadOf(html);
  expect(payload).toContain(dataMarker);
  expect(payload).not.toContain('\\"rect\\"');
  expect(errors).toEqual([]);
}
