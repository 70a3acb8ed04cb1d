// Development only: gives a fresh clone an AUTH_SECRET in .env.local (Next loads it), so the README's
// first command needs nothing by hand. Production sets AUTH_SECRET itself.
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, appendFileSync } from "node:fs";

const file = ".env.local";
const content = existsSync(file) ? readFileSync(file, "utf8") : "";
if (!process.env.AUTH_SECRET && !/^AUTH_SECRET=/m.test(content)) {
  appendFileSync(file, `${content && !content.endsWith("\n") ? "\n" : ""}AUTH_SECRET=${randomBytes(32).toString("base64url")}\n`);
  console.log("dev: AUTH_SECRET written to .env.local");
}
