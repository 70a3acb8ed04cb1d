// The production server (`npm start`): Next's request handler behind the admission of lib/admission.ts,
// which lets RENDER_CONCURRENCY requests (2 by default) render at once per instance and queues the others
// in arrival order. Static files (/_next/static) skip the queue. It listens on PORT (3000), all interfaces, as `next start`.
import http from "node:http";
import path from "node:path";
import { Admission } from "./lib/admission";
import { readProductionEnv } from "./lib/env";

const settings = readProductionEnv();
if (!settings.ok) {
  console.error(`MyOpenIP ne démarre pas : la configuration est incomplète.\n- ${settings.problems.join("\n- ")}`);
  process.exit(1);
}

// As `next start` does, before React and Next are loaded (they pick their production build from it).
Object.assign(process.env, { NODE_ENV: "production" });
const { default: next } = await import("next");

const { PORT: port, RENDER_CONCURRENCY: concurrency } = settings.env;
const LEASE_MS = 1000;

// Compiled to dist/server.mjs (`npm run build:server`): the project is the folder above.
const app = next({ dev: false, dir: path.join(import.meta.dirname, ".."), port });
const handle = app.getRequestHandler();
const admission = new Admission(concurrency, LEASE_MS);

await app.prepare();
http
  .createServer((req, res) => {
    if (req.url?.startsWith("/_next/static/")) return void handle(req, res);
    admission.enter(
      (release) => {
        res.once("close", release);
        handle(req, res).catch((error: unknown) => {
          console.error("server: request failed", req.method, req.url, error);
          if (!res.headersSent) res.writeHead(500).end();
          else res.destroy();
        });
      },
      () => res.destroyed || req.destroyed,
    );
  })
  .listen(port, () => console.log(`MyOpenIP on http://localhost:${port} (${concurrency} renders at once)`));
