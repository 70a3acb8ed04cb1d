import { test, expect, type Page } from "@playwright/test";
import { SMTPServer } from "smtp-server";
import { freshDemoDatabase, query, startServer, type Server } from "./support";

/**
 * Item 7 of the hardening review, on a running server (the test build): the answer to a password-reset request comes
 * back while the mail server holds the reset email, and it is the answer an unknown identifier gets. The lookup, the
 * token and the email run after the response (Next's `after()`); the throttling is proved in 07-reset-requests.test.ts.
 */
const PORT = 3607;
const SMTP_PORT = 2547;
const EXISTING = "E-0000000004";
const UNKNOWN = "E-0000099999";
const ANSWER = /Si cet identifiant correspond à un compte actif/;

/** An SMTP server that takes each message and then holds it: the sender waits for its answer until `release()`. */
async function startHoldingSmtpServer(port: number) {
  const held: { to: string[]; raw: string }[] = [];
  const waiting: (() => void)[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        held.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString("utf8") });
        waiting.push(() => callback());
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  return {
    held,
    release: () => waiting.splice(0).forEach((answer) => answer()),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let databaseUrl: string;
let server: Server;
let smtp: Awaited<ReturnType<typeof startHoldingSmtpServer>>;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  databaseUrl = freshDemoDatabase("myopenip_sec_reset");
  smtp = await startHoldingSmtpServer(SMTP_PORT);
  server = await startServer({ port: PORT, databaseUrl, env: { SMTP_URL: `smtp://127.0.0.1:${SMTP_PORT}` } });
});

test.afterAll(async () => {
  smtp?.release();
  await server?.stop();
  await smtp?.close();
});

/** Submits the forgotten-password form; resolves with the answer shown and how long it took to show. */
async function requestReset(page: Page, identifier: string) {
  await page.goto(`${server.url}/mot-de-passe-oublie`);
  await page.getByLabel("Identifiant").fill(identifier);
  const started = Date.now();
  await page.getByRole("button", { name: "Envoyer le lien" }).click();
  const answer = page.getByRole("status").filter({ hasText: ANSWER });
  await expect(answer).toBeVisible({ timeout: 10_000 });
  return { text: (await answer.textContent())?.trim(), ms: Date.now() - started };
}

test("item 7: the answer comes while the reset email is still held by the mail server, and is the unknown identifier's", async ({ page }) => {
  const [{ email }] = await query<{ email: string }>(databaseUrl, `SELECT email FROM "User" WHERE identifier = $1`, [EXISTING]);

  // The mail server holds every message until released: an email sent before the response would hold the answer.
  const existing = await requestReset(page, EXISTING);
  await expect.poll(() => smtp.held.filter((m) => m.to.includes(email)).length, { timeout: 15_000 }).toBe(1);
  const sent = await query<{ n: number }>(databaseUrl, `SELECT count(*)::int AS n FROM "OutgoingEmail" WHERE "to" = $1 AND kind = 'password-reset' AND "sentAt" IS NOT NULL`, [email]);
  expect(sent[0].n).toBe(0);

  const unknown = await requestReset(page, UNKNOWN);
  expect(unknown.text).toBe(existing.text);
  // Both answers come quickly (the held email would keep the first one waiting for good otherwise).
  expect(existing.ms).toBeLessThan(5000);
  expect(unknown.ms).toBeLessThan(5000);

  // Released, the email is delivered: the work after the response went to its end.
  smtp.release();
  await expect
    .poll(async () => (await query<{ n: number }>(databaseUrl, `SELECT count(*)::int AS n FROM "OutgoingEmail" WHERE "to" = $1 AND kind = 'password-reset' AND "sentAt" IS NOT NULL`, [email]))[0].n, { timeout: 15_000 })
    .toBe(1);
  expect(smtp.held).toHaveLength(1);
});
