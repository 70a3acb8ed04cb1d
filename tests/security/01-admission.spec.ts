import http from "node:http";
import { test, expect } from "@playwright/test";
import { freshDemoDatabase, startServer, type Server } from "./support";

/**
 * Item 1 of the hardening review (and the server's body caps of item 2), on real sockets: the request queue of
 * server.ts is bounded in total, per client and in time, /api/health and static files skip it but a path that only
 * looks static does not, bodies are capped before Next reads them, and SIGTERM lets what was accepted finish.
 *
 * A request "holding the render place" is a POST whose body has not arrived: with RENDER_CONCURRENCY=1 it keeps the
 * only place for its lease (1 s), so whatever comes during that second waits or is refused.
 */
const PORT = 3601;
const SIGTERM_PORT = 3602;
const LIMITS = { RENDER_CONCURRENCY: "1", QUEUE_LIMIT: "3", QUEUE_PER_CLIENT: "2", QUEUE_WAIT_MS: "1500" };
// The tests pose as several clients through X-Forwarded-For, believed from this proxy only (item 3).
const AS_PROXY = { TRUSTED_PROXIES: "127.0.0.1/32" };
const BUSY = "Le portail est très sollicité : veuillez réessayer dans quelques secondes.";

type Answer = { status: number; headers: http.IncomingHttpHeaders; text: string; ms: number };

/** A request on its own connection, the path sent as written (fetch would resolve `..`); the body, if any, sent later with `finish`. */
function send(base: string, path: string, options: { method?: string; headers?: Record<string, string>; body?: string; bodyLater?: string } = {}) {
  const started = Date.now();
  const request = http.request(`${base}${path}`, { method: options.method ?? "GET", agent: false, headers: options.headers });
  const answer = new Promise<Answer>((resolve, reject) => {
    request.on("response", (response) => {
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (text += chunk));
      response.on("end", () => resolve({ status: response.statusCode!, headers: response.headers, text, ms: Date.now() - started }));
    });
    request.on("error", reject);
  });
  answer.catch(() => {}); // awaited by the tests that care
  if (options.body !== undefined) request.end(options.body);
  else request.flushHeaders();
  return { answer, finish: () => request.end(options.bodyLater ?? ""), abort: () => request.destroy() };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const from = (client: string) => ({ "x-forwarded-for": client });

/** An Auth.js CSRF token and its cookie: POST /api/auth/session with them answers 200 once its body has arrived. */
async function csrf(base: string) {
  const response = await fetch(`${base}/api/auth/csrf`);
  const cookie = response.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return { cookie, body: `csrfToken=${encodeURIComponent(csrfToken)}` };
}

type Csrf = Awaited<ReturnType<typeof csrf>>;

/** A POST that holds the render place for its lease: its body is promised and sent only with `finish`. */
async function holdRenderPlace(base: string, token: Csrf, client?: string) {
  const headers = { ...(client ? from(client) : {}), cookie: token.cookie, "content-type": "application/x-www-form-urlencoded", "content-length": String(token.body.length) };
  const held = send(base, "/api/auth/session", { method: "POST", headers, bodyLater: token.body });
  await pause(100); // arrived and admitted before what the test sends next
  return held;
}


let databaseUrl: string;
let server: Server;
let token: Csrf; // fetched beforehand: fetching it while the place is held would wait in the queue

test.beforeAll(async () => {
  test.setTimeout(180_000);
  databaseUrl = freshDemoDatabase("myopenip_sec_admission");
  server = await startServer({ port: PORT, databaseUrl, env: { ...LIMITS, ...AS_PROXY } });
  await fetch(`${server.url}/connexion`); // the first render of a page is slower: not during the timed tests
  token = await csrf(server.url);
});

test.afterAll(async () => {
  await server?.stop();
});

test("a full queue refuses at once with 503 and Retry-After; the health check and static files still answer, a path that only looks static waits its turn", async () => {
  const page = await (await fetch(`${server.url}/connexion`)).text();
  const script = /<script[^>]+src="(\/_next\/static\/[^"?]+\.js)"/.exec(page)?.[1];
  expect(script).toBeTruthy();

  const held = await holdRenderPlace(server.url, token, "198.51.100.1");
  const waiting = [];
  for (const n of [2, 3, 4]) {
    waiting.push(send(server.url, "/connexion", { headers: from(`198.51.100.${n}`) }));
    await pause(30);
  }
  // The place is held and three requests wait (QUEUE_LIMIT): within the lease, everything else is decided at once.
  const refused = await send(server.url, "/connexion", { headers: from("198.51.100.5") }).answer;
  expect(refused).toMatchObject({ status: 503, text: BUSY });
  expect(refused.headers["retry-after"]).toBe("5");
  expect((await send(server.url, "/api/health").answer).status).toBe(200);
  expect((await send(server.url, script!).answer).status).toBe(200);
  for (const path of ["/_next/static/../connexion", "/_next/static/%2e%2e/connexion", "/_next/static/..%2fconnexion"]) {
    expect((await send(server.url, path, { headers: from("198.51.100.6") }).answer).status, path).toBe(503);
  }
  expect((await send(server.url, script!, { method: "POST", headers: { ...from("198.51.100.7"), "content-length": "0" }, body: "" }).answer).status).toBe(503);

  // A client that gives up frees its place in the queue at once.
  waiting.pop()!.abort();
  await pause(50);
  const replacement = send(server.url, "/connexion", { headers: from("198.51.100.8") });

  // Once the render place is free, the queue moves: every request still waiting is served.
  held.finish();
  expect((await held.answer).status).toBe(200);
  for (const request of [...waiting, replacement]) expect((await request.answer).status).toBe(200);
});

test("one client has at most QUEUE_PER_CLIENT requests in flight, past their lease included; other clients still get in", async () => {
  const client = "203.0.113.9";
  const first = await holdRenderPlace(server.url, token, client);
  const second = await holdRenderPlace(server.url, token, client); // waits, then holds the place after the first one's lease
  const refused = await send(server.url, "/connexion", { headers: from(client) }).answer;
  expect(refused).toMatchObject({ status: 503, text: BUSY });
  expect(refused.headers["retry-after"]).toBe("5");

  // Both leases are over: the place is free, but both bodies still trickle in and still count for their client.
  await pause(2000);
  expect((await send(server.url, "/connexion", { headers: from(client) }).answer).status).toBe(503);
  expect((await send(server.url, "/connexion", { headers: from("203.0.113.10") }).answer).status).toBe(200);

  first.finish();
  second.finish();
  expect((await first.answer).status).toBe(200);
  expect((await second.answer).status).toBe(200);
  expect((await send(server.url, "/connexion", { headers: from(client) }).answer).status).toBe(200);
});

test("a request that waits longer than QUEUE_WAIT_MS gets 503 with Retry-After", async () => {
  const first = await holdRenderPlace(server.url, token, "198.51.100.21");
  const second = await holdRenderPlace(server.url, token, "198.51.100.22"); // renders from 1 s to 2 s
  const late = await send(server.url, "/connexion", { headers: from("198.51.100.23") }).answer;
  expect(late).toMatchObject({ status: 503, text: BUSY });
  expect(late.headers["retry-after"]).toBe("5");
  expect(late.ms).toBeGreaterThanOrEqual(1400); // refused when its wait ran out, not on arrival
  first.finish();
  second.finish();
  expect((await first.answer).status).toBe(200);
  expect((await second.answer).status).toBe(200);
});

test("bodies are capped before Next reads them: 411 without a length, 413 over 64 KB anonymous or 1 MB signed in", async () => {
  const chunked = await send(server.url, "/connexion", { method: "POST", headers: { "transfer-encoding": "chunked" }, body: "identifier=x" }).answer;
  expect(chunked).toMatchObject({ status: 411, text: "Requête refusée : sa longueur doit être indiquée (en-tête Content-Length)." });

  // The headers are enough: the refusal comes before any of the body is sent.
  const tooBig = "Requête refusée : elle est trop volumineuse.";
  const anonymous = send(server.url, "/connexion", { method: "POST", headers: { "content-length": String(64 * 1024 + 1) } });
  expect(await anonymous.answer).toMatchObject({ status: 413, text: tooBig });
  const signedIn = send(server.url, "/connexion", { method: "POST", headers: { cookie: "authjs.session-token=x", "content-length": String(1024 * 1024 + 1) } });
  expect(await signedIn.answer).toMatchObject({ status: 413, text: tooBig });

  // Under its limit a signed-in body goes through to Next, which answers the page (the cookie, forged, signs no one in).
  const body = `a=${"x".repeat(100 * 1024)}`;
  const headers = { "content-type": "application/x-www-form-urlencoded", "content-length": String(body.length) };
  const accepted = await send(server.url, "/connexion", { method: "POST", headers: { ...headers, cookie: "authjs.session-token=x" }, body }).answer;
  expect(accepted.status).toBe(200);
  expect(accepted.text).toContain("<title>Connexion");
  expect((await send(server.url, "/connexion", { method: "POST", headers, bodyLater: body }).answer).status).toBe(413); // the same, signed out
});

test("SIGTERM: no new connection, the request under way and the one waiting finish, then the process exits 0", async () => {
  const stopping = await startServer({ port: SIGTERM_PORT, databaseUrl, env: { RENDER_CONCURRENCY: "1" } });
  await fetch(`${stopping.url}/connexion`);
  const underWay = await holdRenderPlace(stopping.url, await csrf(stopping.url));
  const waiting = send(stopping.url, "/connexion");
  await pause(100);

  stopping.child.kill("SIGTERM");
  await pause(300);
  expect(await fetch(`${stopping.url}/api/health`).then(() => "answered", (error: Error) => (error.cause as { code?: string })?.code)).toBe("ECONNREFUSED");
  expect(stopping.child.exitCode).toBeNull();

  underWay.finish(); // its body arrives after the signal
  const finished = await underWay.answer;
  expect(finished).toMatchObject({ status: 200, text: "null" });
  expect(finished.headers.connection).toBe("close");
  expect((await waiting.answer).status).toBe(200);
  expect(await stopping.exited).toEqual({ code: 0, signal: null });
});
