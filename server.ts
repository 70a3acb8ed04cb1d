// The production server (`npm start`): Next's request handler behind the admission of lib/admission.ts,
// which lets RENDER_CONCURRENCY requests (2 by default) render at once per instance and queues the others
// in arrival order. Static files (/_next/static) skip the queue. It listens on PORT (3000), all interfaces, as `next start`.
import http from "node:http";
import { Admission } from "./lib/admission";

// As `next start` does, before React and Next are loaded (they pick their production build from it).
Object.assign(process.env, { NODE_ENV: "production" });
const { default: next } = await import("next");

const port = Number(process.env.PORT ?? 3000);
const concurrency = Number(process.env.RENDER_CONCURRENCY ?? 2);
const LEASE_MS = 1000;

const app = next({ dev: false, dir: import.meta.dirname, port });
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
