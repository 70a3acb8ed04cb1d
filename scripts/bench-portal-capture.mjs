// Preloaded into the production server (server.ts) by scripts/bench-portal.ts for its capture phase only
// (NODE_OPTIONS="--import ./scripts/bench-portal-capture.mjs", BENCH_PORTAL_CAPTURE=<file>): appends every
// statement the portal sends through node-postgres, with its parameters and its time, to <file> as one JSON
// line. Prisma's PostgreSQL adapter (and so lib/server/db) goes through pg.Client#query, pooled or in a
// transaction, so this sees all the SQL a page render sends. Without BENCH_PORTAL_CAPTURE it does nothing.
import fs from "node:fs";
import process from "node:process";
import { Buffer } from "node:buffer";
import { createRequire } from "node:module";

const file = process.env.BENCH_PORTAL_CAPTURE;
if (file) {
  // The CommonJS pg that Next's server loads too (an external package): one module, one Client class.
  const pg = createRequire(import.meta.url)("pg");
  const original = pg.Client.prototype.query;
  let seq = 0;
  /** JSON for the values Prisma's adapter passes: strings, numbers, null, arrays, Buffers, Dates, bigints. */
  const encode = (v) => {
    if (v === null || v === undefined) return null;
    if (Buffer.isBuffer(v)) return { $buf: v.toString("base64") };
    if (v instanceof Date) return { $date: v.toISOString() };
    if (typeof v === "bigint") return { $bigint: v.toString() };
    if (Array.isArray(v)) return v.map(encode);
    return v;
  };
  pg.Client.prototype.query = function (config, values, callback) {
    const text = typeof config === "string" ? config : config && config.text;
    // A Submittable (pg.Query, cursors) or anything without text: not Prisma's; passed through.
    if (typeof text !== "string") return original.apply(this, arguments);
    const params = config && typeof config === "object" && Array.isArray(config.values) ? config.values : Array.isArray(values) ? values : [];
    const id = ++seq;
    const started = process.hrtime.bigint();
    const startedAt = Date.now();
    const write = (error) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      try {
        fs.appendFileSync(file, JSON.stringify({ id, at: startedAt, ms, text, name: (config && config.name) || undefined, values: encode(params), rowMode: config && config.rowMode, error: error ? String(error.message || error) : undefined }) + "\n");
      } catch {
        // The capture must never break the portal.
      }
    };
    const cb = typeof values === "function" ? values : callback;
    if (typeof cb === "function") {
      const wrapped = (error, result) => {
        write(error);
        cb(error, result);
      };
      return typeof values === "function" ? original.call(this, config, wrapped) : original.call(this, config, values, wrapped);
    }
    const result = original.apply(this, arguments);
    if (result && typeof result.then === "function") result.then(() => write(null), (error) => write(error));
    return result;
  };
}
