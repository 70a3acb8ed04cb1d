// The production server (`npm start` runs its bundle, dist/server.mjs): Next's request handler behind the admission of
// lib/admission.ts (RENDER_CONCURRENCY renders at once, a bounded queue with a wait limit and a share per client;
// static files and /api/health skip it), body-size caps before Next reads anything, the client address of
// lib/client-address.ts, and a stop on SIGTERM that finishes what it accepted. Why: docs/decisions/admission-queue.md.
import http from "node:http";
import path from "node:path";
import { Admission, bodyRefusal, skipsQueue } from "./lib/admission";
import { CLIENT_ADDRESS_HEADER, clientAddress, clientKey, normalizeAddress, parseTrustedProxies } from "./lib/client-address";
import { readProductionEnv } from "./lib/env";

const settings = readProductionEnv();
if (!settings.ok) {
  console.error(`MyOpenIP ne démarre pas : la configuration est incomplète.\n- ${settings.problems.join("\n- ")}`);
  process.exit(1);
}

// A build made for the tests has hooks that reset the database: it never serves a public (https) address.
if (process.env.MYOPENIP_TEST_BUILD === "1" && settings.env.APP_URL.startsWith("https:")) {
  console.error("MyOpenIP ne démarre pas : MYOPENIP_TEST_BUILD=1 lance la build de test, jamais pour une adresse https (APP_URL).");
  process.exit(1);
}

// As `next start` does, before React and Next are loaded (they pick their production build from it).
Object.assign(process.env, { NODE_ENV: "production" });
const { default: next } = await import("next");

const { PORT: port, RENDER_CONCURRENCY: renders, QUEUE_LIMIT: queue, QUEUE_PER_CLIENT: perClient, QUEUE_WAIT_MS: waitMs } = settings.env;
const { proxies } = parseTrustedProxies(settings.env.TRUSTED_PROXIES);
const LEASE_MS = 1000;
const RETRY_AFTER_S = 5;
const STOP_DEADLINE_MS = 25_000;

const REFUSALS = {
  411: "Requête refusée : sa longueur doit être indiquée (en-tête Content-Length).",
  413: "Requête refusée : elle est trop volumineuse.",
  503: "Le portail est très sollicité : veuillez réessayer dans quelques secondes.",
};

// Compiled to dist/server.mjs (`npm run build:server`): the project is the folder above.
const app = next({ dev: false, dir: path.join(import.meta.dirname, ".."), port });
const handle = app.getRequestHandler();
const admission = new Admission({ renders, leaseMs: LEASE_MS, queue, perClient, waitMs });
const underWay = new Set<http.ServerResponse>();
let stopping = false;
let forwardingIgnoredLogged = false;

function refuse(req: http.IncomingMessage, res: http.ServerResponse, status: keyof typeof REFUSALS) {
  if (res.headersSent || res.destroyed) return;
  // Closing the connection spares reading a body that is not wanted.
  const sendsBody = (req.headers["content-length"] ?? "0") !== "0" || req.headers["transfer-encoding"] !== undefined;
  res.writeHead(status, {
    "Content-Type": "text/plain; charset=utf-8",
    ...(sendsBody ? { Connection: "close" } : {}),
    ...(status === 503 ? { "Retry-After": String(RETRY_AFTER_S) } : {}),
  });
  res.end(REFUSALS[status]);
}

function render(req: http.IncomingMessage, res: http.ServerResponse) {
  handle(req, res).catch((error: unknown) => {
    console.error("server: request failed", req.method, req.url, error);
    if (!res.headersSent) res.writeHead(500).end();
    else res.destroy();
  });
}

function serve(req: http.IncomingMessage, res: http.ServerResponse) {
  underWay.add(res);
  res.once("close", () => underWay.delete(res));
  if (stopping) res.setHeader("Connection", "close");
  const client = clientAddress(req.socket.remoteAddress, req.headers["x-forwarded-for"], proxies);
  req.headers[CLIENT_ADDRESS_HEADER] = client; // replaces whatever the client sent under that name
  if (!forwardingIgnoredLogged && req.headers["x-forwarded-for"] !== undefined && !proxies.has(normalizeAddress(req.socket.remoteAddress ?? "") ?? "")) {
    forwardingIgnoredLogged = true;
    console.warn(`MyOpenIP: X-Forwarded-For from ${req.socket.remoteAddress}, not in TRUSTED_PROXIES: ignored (said once)`);
  }
  // A response sent before its body arrived (a refusal, a 405): the rest of the body is not waited for.
  res.once("finish", () => {
    if (!req.complete) setTimeout(() => req.socket.destroy(), 1000).unref();
  });
  const tooBig = bodyRefusal(req);
  if (tooBig) return refuse(req, res, tooBig);
  if (skipsQueue(req.method, req.url)) return render(req, res);
  const leave = admission.enter(
    clientKey(client),
    () => render(req, res),
    () => refuse(req, res, 503),
  );
  res.once("close", leave);
}

/** Stops accepting, lets the requests under way and in the queue end, closes idle keep-alive connections, exits. */
function stop(signal: NodeJS.Signals) {
  if (stopping) return;
  stopping = true;
  console.log(`MyOpenIP: ${signal}, stopping after the ${underWay.size} requests under way`);
  for (const res of underWay) if (!res.headersSent) res.setHeader("Connection", "close");
  server.close(() => process.exit(0));
  server.closeIdleConnections();
  setInterval(() => server.closeIdleConnections(), 100).unref();
  setTimeout(() => {
    console.error(`MyOpenIP: stopped ${STOP_DEADLINE_MS / 1000} s after ${signal} with ${underWay.size} requests still under way`);
    process.exit(1);
  }, STOP_DEADLINE_MS).unref();
}

await app.prepare();
// Headers within 20 s, the whole body within 150 s (a 26 MB bank statement at 1.5 Mbit/s), checked every second.
const server = http.createServer({ headersTimeout: 20_000, requestTimeout: 150_000, connectionsCheckingInterval: 1_000 }, serve);
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
server.listen(port, () =>
  console.log(`MyOpenIP on http://localhost:${port} (${renders} renders at once, ${queue} waiting at most, ${perClient} per client, ${waitMs} ms wait at most)`),
);
