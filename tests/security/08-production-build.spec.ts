import { spawn } from "node:child_process";
import { test, expect } from "@playwright/test";
import { freshDemoDatabase, query, startServer, type Server } from "./support";

/**
 * Items 8 and 10 of the hardening review and the content security policy, on a build made for production
 * (`npm run build`, `.next`): the test hooks are not in it whatever its environment, stored mail keeps no usable
 * link, the server refuses to start without its configuration, and no inline script runs without the request's
 * nonce. The system suite's other files run the test build (`.next-test`).
 */
const PORT = 3701;
const BASE = `http://127.0.0.1:${PORT}`;

test.describe.configure({ mode: "serial" });

let databaseUrl: string;
let server: Server;
const sql = <T extends Record<string, unknown>>(text: string, params: unknown[] = []) => query<T>(databaseUrl, text, params);

test.beforeAll(async () => {
  databaseUrl = freshDemoDatabase("myopenip_sec_prod");
  // The switch of the old test hook: it may not bring the hooks into this build.
  server = await startServer({ port: PORT, databaseUrl, build: "production", env: { MYOPENIP_TEST_API: "1" } });
});

test.afterAll(async () => {
  await server?.stop();
});

test("item 8: a production build answers 404 on the test hooks, whatever its environment", async () => {
  for (const action of ["reset", "clock", "job", "network-failure"]) {
    const response = await fetch(`${BASE}/api/test/${action}`, { method: "POST", body: "{}", headers: { "content-type": "application/json" } });
    expect(response.status, action).toBe(404);
  }
  // The demo world is untouched: E-0000000004 still has its password, nothing was reset.
  const [{ n }] = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM "User" WHERE "passwordHash" IS NOT NULL`);
  expect(n).toBeGreaterThan(0);
});

test("item 10: a reset link that could not be delivered is stored masked", async ({ page }) => {
  const [{ id: since }] = await sql<{ id: number }>(`SELECT coalesce(max(id), 0)::int AS id FROM "OutgoingEmail"`);
  await page.goto(`${BASE}/mot-de-passe-oublie`);
  await page.getByLabel("Identifiant").fill("E-0000000004");
  await page.getByRole("button", { name: "Envoyer le lien" }).click();
  await expect(page.getByText(/Si cet identifiant correspond à un compte actif/)).toBeVisible();
  let mails: { text: string; error: string | null }[] = [];
  for (const deadline = Date.now() + 20_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 250))) {
    mails = await sql(`SELECT text, error FROM "OutgoingEmail" WHERE id > $1 AND subject LIKE '%réinitialisation%' AND error IS NOT NULL`, [since]);
    if (mails.length > 0) break;
  }
  expect(mails).toHaveLength(1);
  expect(mails[0].text).toContain("[lien masqué]");
  expect(mails[0].text).not.toMatch(/premiere-connexion\/[A-Za-z0-9_-]{16,}/);
});

test("item 10: the production server refuses to start without SMTP_URL, AUTH_SECRET or APP_URL", async () => {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production", PORT: String(PORT + 1), DATABASE_URL: databaseUrl, SMTP_URL: "", AUTH_SECRET: undefined, APP_URL: "", MYOPENIP_TEST_BUILD: undefined };
  const incomplete = spawn(process.execPath, ["dist/server.mjs"], { stdio: ["ignore", "pipe", "pipe"], env });
  let output = "";
  incomplete.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  incomplete.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  expect(await new Promise((resolve) => incomplete.once("exit", resolve))).toBe(1);
  expect(output).toContain("MyOpenIP ne démarre pas");
  for (const name of ["SMTP_URL", "AUTH_SECRET", "APP_URL"]) expect(output).toContain(`${name} est obligatoire`);
  expect(await fetch(`http://127.0.0.1:${PORT + 1}/api/health`).then(() => "answered", () => "refused")).toBe("refused");
});

test("content security policy: a nonce per request, on every script, and no 'unsafe-inline' for scripts", async ({ page }) => {
  const nonces = new Set<string>();
  for (const path of ["/connexion", "/mot-de-passe-oublie", "/connexion"]) {
    const response = await fetch(`${BASE}${path}`);
    const policy = response.headers.get("content-security-policy") ?? "";
    const scriptSrc = policy.split(";").find((d) => d.trim().startsWith("script-src")) ?? "";
    expect(scriptSrc).not.toContain("unsafe-inline");
    const nonce = /'nonce-([^']+)'/.exec(scriptSrc)?.[1];
    expect(nonce, path).toBeTruthy();
    nonces.add(nonce!);
    const html = await response.text();
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag, path).toContain(`nonce="${nonce}"`);
  }
  expect(nonces.size).toBe(3);

  // The pages work under it: no script refused, and a login goes through the hydrated form.
  const refusals: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to (execute|load)/i.test(message.text())) refusals.push(message.text());
  });
  await page.goto(`${BASE}/connexion`);
  await page.getByLabel("Identifiant").fill("E-0000000004");
  await page.getByLabel("Mot de passe").fill("Demo!2026");
  await page.getByRole("button", { name: "Valider" }).click();
  await expect(page).not.toHaveURL(/connexion/);
  expect(refusals).toEqual([]);
});
