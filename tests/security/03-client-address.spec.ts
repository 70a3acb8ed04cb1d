import { test, expect } from "@playwright/test";
import { DEMO_PASSWORD, freshDemoDatabase, query, startServer, type Server } from "./support";

/**
 * Item 3 of the hardening review: the address recorded for a request (login throttling, the audit, the proof of
 * terms acceptance) is the socket peer; X-Forwarded-For counts only when that peer is one of TRUSTED_PROXIES, and the
 * header server.ts passes the address in cannot be sent by the client. Seen here in LoginAttempt and AuditEvent rows.
 */
const DIRECT_PORT = 3603;
const PROXIED_PORT = 3604;

let databaseUrl: string;
let direct: Server;
let proxied: Server;


test.beforeAll(async () => {
  test.setTimeout(180_000);
  databaseUrl = freshDemoDatabase("myopenip_sec_address");
  [direct, proxied] = await Promise.all([
    startServer({ port: DIRECT_PORT, databaseUrl }),
    startServer({ port: PROXIED_PORT, databaseUrl, env: { TRUSTED_PROXIES: "127.0.0.1/32, 10.0.0.0/8" } }),
  ]);
});

test.afterAll(async () => {
  await Promise.all([direct?.stop(), proxied?.stop()]);
});

/** A login through Auth.js' credentials callback, as the login form's action does, with `headers` added. */
async function login(server: Server, identifier: string, password: string, headers: Record<string, string>) {
  const csrf = await fetch(`${server.url}/api/auth/csrf`);
  const cookie = csrf.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await fetch(`${server.url}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { ...headers, cookie, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrfToken, identifier, password }),
  });
  expect(response.status).toBe(302);
}

async function failedLoginAddress(server: Server, identifier: string, headers: Record<string, string>) {
  await login(server, identifier, "Mauvais#2026", headers);
  const rows = await query<{ ip: string }>(databaseUrl, `SELECT ip FROM "LoginAttempt" WHERE identifier = $1 AND NOT success`, [identifier]);
  expect(rows).toHaveLength(1);
  return rows[0].ip;
}

test("a client reaching the port directly cannot choose its recorded address", async () => {
  const forged = { "x-forwarded-for": "203.0.113.66", "x-real-ip": "203.0.113.68", "x-myopenip-client-ip": "203.0.113.67" };
  expect(await failedLoginAddress(direct, "E-0000009301", forged)).toBe("127.0.0.1");

  await login(direct, "E-0000000004", DEMO_PASSWORD, forged);
  const events = await query<{ ip: string }>(databaseUrl, `SELECT e.ip FROM "AuditEvent" e JOIN "User" u ON u.id = e."actorId" WHERE e.action = 'user.login' AND u.identifier = $1`, ["E-0000000004"]);
  expect(events.map((e) => e.ip)).toEqual(["127.0.0.1"]);
});

test("behind trusted proxies, the right-most X-Forwarded-For entry that is not a proxy is the client", async () => {
  expect(await failedLoginAddress(proxied, "E-0000009302", { "x-forwarded-for": "6.6.6.6, 203.0.113.7" })).toBe("203.0.113.7");
  // A chain of trusted proxies (10.0.0.0/8) is walked; what the client wrote on the left is not believed. Throttling
  // counts an IPv6 client by its /64.
  expect(await failedLoginAddress(proxied, "E-0000009303", { "x-forwarded-for": "6.6.6.6, 2001:DB8::7, 10.1.2.3" })).toBe("2001:db8:0:0::/64");
  expect(await failedLoginAddress(proxied, "E-0000009304", { "x-forwarded-for": "::ffff:203.0.113.8", "x-myopenip-client-ip": "6.6.6.6" })).toBe("203.0.113.8");
  // An entry that is no address ends the walk at the last trusted hop.
  expect(await failedLoginAddress(proxied, "E-0000009305", { "x-forwarded-for": "203.0.113.9, unknown, 10.1.2.3" })).toBe("10.1.2.3");
  expect(await failedLoginAddress(proxied, "E-0000009306", {})).toBe("127.0.0.1");
});
