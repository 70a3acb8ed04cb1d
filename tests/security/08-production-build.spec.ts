import { spawn, execFileSync } from "node:child_process";
import { test, expect } from "@playwright/test";
import pg from "pg";

/**
 * Items 8 and 10 of the hardening review and the content security policy, on a build made for production
 * (`npm run build`, `.next`): the test hooks are not in it whatever its environment, stored mail keeps no usable
 * link, the server refuses to start without its configuration, and no inline script runs without the request's
 * nonce. The system suite's other files run the test build (`.next-test`).
 */
const serverUrl = process.env.DATABASE_URL ?? "";
if (!/^postgres(ql)?:\/\//.test(serverUrl)) throw new Error("the security suite needs DATABASE_URL=postgresql://… (a PostgreSQL server)");
const DATABASE_URL = Object.assign(new URL(serverUrl), { pathname: "/myopenip_sec_prod" }).toString();
const PORT = 3701;
const BASE = `http://127.0.0.1:${PORT}`;
/** Nothing listens there: every delivery fails, as when the SMTP server is down. */
const CLOSED_SMTP = "smtp://127.0.0.1:2598";

const productionEnv = {
  NODE_ENV: "production",
  PORT: String(PORT),
  DATABASE_URL,
  AUTH_SECRET: "security-suite-only-secret-0123456789abcdef",
  APP_URL: BASE,
  SMTP_URL: CLOSED_SMTP,
  // The switch of the old test hook, and of the test build: neither may bring the hooks into this build.
  MYOPENIP_TEST_API: "1",
};

function server(env: Record<string, string | undefined>) {
  const child = spawn(process.execPath, ["dist/server.mjs"], { stdio: ["ignore", "pipe", "pipe"], detached: true, env: { ...process.env, MYOPENIP_TEST_BUILD: undefined, ...env } });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, exited, output: () => output };
}

async function query<T extends Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    return (await client.query<T>(text, params)).rows;
  } finally {
    await client.end();
  }
}

test.describe.configure({ mode: "serial" });

let running: ReturnType<typeof server> | undefined;

test.beforeAll(async () => {
  const admin = Object.assign(new URL(DATABASE_URL), { pathname: "/postgres" }).toString();
  execFileSync("psql", [admin, "-qc", "DROP DATABASE IF EXISTS myopenip_sec_prod WITH (FORCE)"], { stdio: "inherit" });
  const scriptEnv = { ...process.env, DATABASE_URL, SMTP_URL: "" };
  execFileSync("npx", ["tsx", "scripts/migrate.ts"], { stdio: ["ignore", "ignore", "inherit"], env: scriptEnv });
  execFileSync("npx", ["tsx", "prisma/seed.ts"], { stdio: ["ignore", "ignore", "inherit"], env: scriptEnv });
  running = server(productionEnv);
  const deadline = Date.now() + 60_000;
  while (!(await fetch(`${BASE}/api/health`).then((r) => r.ok, () => false))) {
    if (running.child.exitCode !== null) throw new Error(`the production server exited: ${running.output()}`);
    if (Date.now() > deadline) throw new Error(`the production server did not start: ${running.output()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
});

test.afterAll(async () => {
  if (running && running.child.exitCode === null) {
    process.kill(-running.child.pid!, "SIGTERM");
    await running.exited;
  }
});

test("item 8: a production build answers 404 on the test hooks, whatever its environment", async () => {
  for (const action of ["reset", "clock", "job", "network-failure"]) {
    const response = await fetch(`${BASE}/api/test/${action}`, { method: "POST", body: "{}", headers: { "content-type": "application/json" } });
    expect(response.status, action).toBe(404);
  }
  // The demo world is untouched: E-0000000004 still has its password, nothing was reset.
  const [{ n }] = await query<{ n: number }>(`SELECT count(*)::int AS n FROM "User" WHERE "passwordHash" IS NOT NULL`);
  expect(n).toBeGreaterThan(0);
});

test("item 10: a reset link that could not be delivered is stored masked", async ({ page }) => {
  const [{ id: since }] = await query<{ id: number }>(`SELECT coalesce(max(id), 0)::int AS id FROM "OutgoingEmail"`);
  await page.goto(`${BASE}/mot-de-passe-oublie`);
  await page.getByLabel("Identifiant").fill("E-0000000004");
  await page.getByRole("button", { name: "Envoyer le lien" }).click();
  await expect(page.getByText(/Si cet identifiant correspond à un compte actif/)).toBeVisible();
  let mails: { text: string; error: string | null }[] = [];
  for (const deadline = Date.now() + 20_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 250))) {
    mails = await query(`SELECT text, error FROM "OutgoingEmail" WHERE id > $1 AND subject LIKE '%réinitialisation%' AND error IS NOT NULL`, [since]);
    if (mails.length > 0) break;
  }
  expect(mails).toHaveLength(1);
  expect(mails[0].text).toContain("[lien masqué]");
  expect(mails[0].text).not.toMatch(/premiere-connexion\/[A-Za-z0-9_-]{16,}/);
});

test("item 10: the production server refuses to start without SMTP_URL, AUTH_SECRET or APP_URL", async () => {
  const incomplete = server({ ...productionEnv, PORT: String(PORT + 1), SMTP_URL: "", AUTH_SECRET: undefined, APP_URL: "" });
  expect(await incomplete.exited).toBe(1);
  expect(incomplete.output()).toContain("MyOpenIP ne démarre pas");
  for (const name of ["SMTP_URL", "AUTH_SECRET", "APP_URL"]) expect(incomplete.output()).toContain(`${name} est obligatoire`);
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
