import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import pg from "pg";

/**
 * For the checks of tests/security that need a real server: a fresh PostgreSQL database of their own with the demo
 * world only, and production servers (dist/server.mjs, as `npm start`) of a build on it. DATABASE_URL names the
 * PostgreSQL server; each spec picks its database name and its ports (3600–3699).
 */
const serverUrl = process.env.DATABASE_URL ?? "";
if (!/^postgres(ql)?:\/\//.test(serverUrl)) throw new Error("the security suite needs DATABASE_URL=postgresql://… (a PostgreSQL server)");

export const DEMO_PASSWORD = "Demo!2026";
/** Nothing listens there: mail is kept in the database with its delivery error. */
export const CLOSED_SMTP = "smtp://127.0.0.1:2598";

/** Drops and creates database `name` on DATABASE_URL's server, migrated, with the demo world; returns its URL. */
export function freshDemoDatabase(name: string): string {
  const url = Object.assign(new URL(serverUrl), { pathname: `/${name}` }).toString();
  const admin = Object.assign(new URL(serverUrl), { pathname: "/postgres" }).toString();
  execFileSync("psql", [admin, "-qc", `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`], { stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, PGOPTIONS: "--client-min-messages=warning" } });
  const env = { ...process.env, DATABASE_URL: url, SMTP_URL: "" };
  execFileSync("npx", ["tsx", "scripts/migrate.ts"], { stdio: ["ignore", "ignore", "inherit"], env });
  execFileSync("npx", ["tsx", "prisma/seed.ts"], { stdio: ["ignore", "ignore", "inherit"], env });
  return url;
}

export type Server = {
  url: string;
  child: ChildProcess;
  /** What it printed, stdout and stderr. */
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM, then waits for the exit. */
  stop: () => Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
};

/**
 * Starts dist/server.mjs on `port` against `databaseUrl`, resolved once /api/health answers. `build: "test"` runs the
 * build made for the tests (`.next-test`, `npm run build:test`), "production" the production build (`.next`).
 */
export async function startServer(options: { port: number; databaseUrl: string; build?: "test" | "production"; env?: Record<string, string | undefined> }): Promise<Server> {
  const { port, databaseUrl, build = "test", env = {} } = options;
  const url = `http://127.0.0.1:${port}`;
  if (await fetch(`${url}/api/health`).then(() => true, () => false)) throw new Error(`port ${port} is already in use: stop what listens there (ss -ltnp | grep ${port})`);
  const child = spawn(process.execPath, ["dist/server.mjs"], {
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      AUTH_SECRET: "security-suite-only-secret-0123456789abcdef",
      APP_URL: url,
      SMTP_URL: CLOSED_SMTP,
      DATABASE_POOL_SIZE: "5",
      MYOPENIP_TEST_BUILD: build === "test" ? "1" : undefined,
      ...env,
    },
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) process.kill(child.pid!, "SIGTERM");
    return exited;
  };
  const server = { url, child, output: () => output, exited, stop };
  for (const deadline = Date.now() + 60_000; !(await fetch(`${url}/api/health`).then((r) => r.ok, () => false)); await new Promise((r) => setTimeout(r, 250))) {
    if (child.exitCode !== null) throw new Error(`the server on ${port} exited: ${output}`);
    if (Date.now() > deadline) {
      await stop(); // not left running to answer the next run on this port
      throw new Error(`the server on ${port} did not start: ${output}`);
    }
  }
  return server;
}

/** One query on `databaseUrl`. */
export async function query<T extends Record<string, unknown>>(databaseUrl: string, text: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<T>(text, params)).rows;
  } finally {
    await client.end();
  }
}
