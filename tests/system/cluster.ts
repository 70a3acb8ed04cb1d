import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { test as base, expect, type Page } from "@playwright/test";
import pg from "pg";
import { addMonths, format, startOfMonth } from "date-fns";
import { startSmtpSink, type SmtpSink } from "../support/smtp-sink";

/**
 * The system suite (issue 10): production instances of the build (server.ts, as `npm start`) on one PostgreSQL
 * database, the scheduled jobs as the separate processes cron starts, and faults. PostgreSQL only:
 * the database is DATABASE_URL's server with the name `myopenip_system` (dropped and created again).
 */
const serverUrl = process.env.DATABASE_URL ?? "";
if (!/^postgres(ql)?:\/\//.test(serverUrl)) throw new Error("the system suite needs DATABASE_URL=postgresql://… (a PostgreSQL server)");
export const DATABASE_URL = Object.assign(new URL(serverUrl), { pathname: "/myopenip_system" }).toString();

export const DEMO_PASSWORD = "Demo!2026";
export const SMTP_PORT = 2537;
const AUTH_SECRET = "system-suite-only-secret-0123456789abcdef";

/** Runs a script of the project to its end (migrations, seeds), failing loudly. */
export function runScript(script: string, args: string[] = [], env: Record<string, string> = {}) {
  execFileSync("npx", ["tsx", "--import", "./scripts/server-only-shim.mjs", script, ...args], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, DATABASE_URL, SMTP_URL: "", ...env },
  });
}

/** A fresh database with the demo world and `clients` scale client companies with their OCs and billing accounts. */
export function prepareDatabase() {
  const admin = Object.assign(new URL(DATABASE_URL), { pathname: "/postgres" }).toString();
  execFileSync("psql", [admin, "-qc", "DROP DATABASE IF EXISTS myopenip_system WITH (FORCE)"], { stdio: "inherit" });
  runScript("scripts/migrate.ts");
  runScript("prisma/seed.ts");
  runScript("scripts/seed-scale.ts", ["--clients", "400"]);
  runScript("scripts/seed-scale-ocs.ts", ["--clients", "400", "--per-client", "5"]);
  runScript("scripts/seed-scale-billing.ts", ["--accounts", "260", "--items", "2600", "--usage", "none"]);
}

/** The day the billing tests issue invoices as of: the 1st of next month, as the scale billing seed prepares it by default. */
export const BILLED_MONTH = format(startOfMonth(addMonths(new Date(), 1)), "yyyy-MM-dd");

export type Instance = { url: string; port: number; process: ChildProcess; stop: () => Promise<void> };

/** Starts the production server (server.ts, as `npm start`) of the current build on `port` against `databaseUrl`, resolved once /api/health answers. */
export async function startInstance(port: number, databaseUrl = DATABASE_URL, smtpPort = SMTP_PORT): Promise<Instance> {
  const url = `http://127.0.0.1:${port}`;
  // Something already answering there (a server left by an earlier run) would be tested instead of this build.
  if (await fetch(`${url}/api/health`).then(() => true, () => false)) throw new Error(`port ${port} is already in use: stop what listens there (ss -ltnp | grep ${port})`);
  const child = spawn(process.execPath, ["dist/server.mjs"], {
    stdio: ["ignore", "ignore", "pipe"],
    detached: true,
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      AUTH_SECRET,
      APP_URL: `http://127.0.0.1:${port}`,
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      MAIL_FROM: "MyOpenIP <noreply@openip.example>",
      MYOPENIP_TEST_BUILD: "1",
      DATABASE_POOL_SIZE: "5",
    },
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    process.kill(-child.pid!, "SIGTERM");
    await exited;
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`instance on ${port} exited: ${stderr}`);
    const ok = await fetch(`${url}/api/health`).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline) {
      await stop(); // not left running to answer the next run on this port
      throw new Error(`instance on ${port} did not start: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { url, port, process: child, stop };
}

let scripts = 0;

/** A command-line script of the project in its own process, as cron starts `npm run jobs -- …` or `npm run calls:import -- …`. */
export function startScript(script: string, args: string[], databaseUrl = DATABASE_URL) {
  // Its connections carry this name (node-postgres reads PGAPPNAME), so that a kill can wait for them to end.
  const applicationName = `system-test-script-${process.pid}-${++scripts}`;
  const child = spawn("npx", ["tsx", "--import", "./scripts/server-only-shim.mjs", script, ...args], {
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
    env: { ...process.env, DATABASE_URL: databaseUrl, PGAPPNAME: applicationName, SMTP_URL: `smtp://127.0.0.1:${SMTP_PORT}`, MAIL_FROM: "MyOpenIP <noreply@openip.example>" },
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal, output })),
  );
  const connections = async () => (await sql<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1`, [applicationName], databaseUrl))[0].n;
  /**
   * kill -9 of the script (and of the tsx loader's child). Resolves once it has exited and PostgreSQL has
   * ended its connections: a COMMIT sent just before the kill still completes on the server, and a count
   * made before that would miss it.
   */
  const kill = async () => {
    // Killed mid-run, it has connections: none under its name would make the wait below prove nothing.
    if ((await connections()) === 0) throw new Error(`no connection of ${script} under the name ${applicationName}`);
    process.kill(-child.pid!, "SIGKILL");
    const exit = await done;
    await waitUntil(`the connections of the killed ${script} to end`, async () => (await connections()) === 0);
    return exit;
  };
  return { child, done, kill };
}

/** A scheduled job (`npm run jobs -- <name> --as-of <day>`). */
export function startJob(name: string, asOf: string, databaseUrl = DATABASE_URL) {
  return startScript("scripts/jobs.ts", [name, "--as-of", asOf], databaseUrl);
}

/** What a job printed as its count (`<name> as of <day>: <n>`). */
export function jobCount(output: string): number {
  const match = /as of \d{4}-\d{2}-\d{2}: (\d+)\s*$/m.exec(output);
  if (!match) throw new Error(`no count in the job's output: ${output}`);
  return Number(match[1]);
}

/** One query on the system database (or on another database of its server). */
export async function sql<T extends Record<string, unknown>>(text: string, params: unknown[] = [], databaseUrl = DATABASE_URL): Promise<T[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<T>(text, params)).rows;
  } finally {
    await client.end();
  }
}

/** Polls until `check` holds (or fails after `timeoutMs`). */
export async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs = 30_000, everyMs = 20) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export const LOGIN_ERROR = "Identifiant ou mot de passe incorrect";

/** Submits the login form of `origin`. */
export async function attemptLogin(page: Page, origin: string, identifier: string, password = DEMO_PASSWORD) {
  await page.goto(`${origin}/connexion`);
  await page.getByLabel("Identifiant").fill(identifier);
  await page.getByLabel("Mot de passe").fill(password);
  await page.getByRole("button", { name: "Valider" }).click();
}

/** Logs in as the reseller E-0000000003 on `origin` and chooses its reseller universe. */
export async function loginAsReseller(page: Page, origin: string) {
  await attemptLogin(page, origin, "E-0000000003");
  await page.getByRole("button", { name: "Choisir l'univers revendeur" }).click();
  await expect(page.getByText("Univers actuel")).toBeVisible();
}

/** The two instances behind the "load balancer" (the suite picks one or the other per request), the mail sink; set up for every test (auto), since the database it prepares is every test's. */
type Cluster = { a: Instance; b: Instance; mailbox: SmtpSink };

export const test = base.extend<object, { cluster: Cluster }>({
  cluster: [
    async ({}, use) => {
      prepareDatabase();
      const mailbox = await startSmtpSink(SMTP_PORT);
      const [a, b] = await Promise.all([startInstance(3301), startInstance(3302)]);
      await use({ a, b, mailbox });
      await Promise.all([a.stop(), b.stop()]);
      await mailbox.close();
    },
    { scope: "worker", auto: true, timeout: 300_000 },
  ],
});
export { expect };
