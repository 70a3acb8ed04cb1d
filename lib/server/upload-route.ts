import "server-only";
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { getActor, type Actor } from "@/lib/server/authz";
import { isSameOrigin } from "@/lib/server/same-origin";
import type { FormState } from "@/lib/form-state";

/**
 * What the portal's upload routes share (staff CSV imports, the signed mandate copy): route handlers rather than
 * server actions, so that each streams its body within its own cap. The page's script posts with
 * `Accept: application/json` and gets the form's state; a browser without JavaScript is sent back to the page (303)
 * with the state, sealed, in `?resultat=`.
 */

export const NOT_FROM_PORTAL = "Requête refusée : elle ne vient pas du portail.";

/**
 * Who uploads, checked before the body is read: a request from the portal's own pages (403 otherwise), then a
 * signed-in user (the login page otherwise) who has accepted the terms in force (the terms page otherwise).
 */
export async function uploadingActor(request: Request): Promise<Actor | Response> {
  if (!isSameOrigin(request)) return new Response(NOT_FROM_PORTAL, { status: 403 });
  const actor = await getActor();
  if (!actor) return seeOther("/connexion");
  if (actor.pendingTermsId !== null) return seeOther("/conditions-utilisation");
  return actor;
}

export const notFoundResponse = () => new Response("Introuvable", { status: 404 });

export function seeOther(location: string): Response {
  return new Response(null, { status: 303, headers: { location } });
}

/**
 * The upload's outcome: the form's state as JSON for the page's script; without JavaScript, a body over the cap gets
 * its message as a plain page (the script refuses such a file before sending it), anything else goes back to `page`
 * with `summary` (the state, or what of it fits in a URL) sealed.
 */
export function uploadOutcome(request: Request, page: string, state: FormState, status: number, summary: object = state): Response {
  if (request.headers.get("accept")?.includes("application/json")) return Response.json(state, { status });
  if (status === 413) return new Response(state.errors?.file?.[0] ?? state.message, { status, headers: { "content-type": "text/plain; charset=utf-8" } });
  return seeOther(`${page}?resultat=${sealSummary(page, summary)}`);
}

// Sealed so that no link can make a page show made-up text.
const SUMMARY_KEY = createHmac("sha256", process.env.AUTH_SECRET ?? randomBytes(32)).update("upload-summary").digest();

const mac = (page: string, payload: string) => createHmac("sha256", SUMMARY_KEY).update(`${page}\n${payload}`).digest("base64url");

/** `summary` as a URL-safe value that only `page` opens. */
export function sealSummary(page: string, summary: object): string {
  const payload = Buffer.from(JSON.stringify(summary)).toString("base64url");
  return `${payload}.${mac(page, payload)}`;
}

/** What `sealSummary` sealed for `page`, or an empty object for anything else. */
export function openSummary<T extends object>(page: string, value: string | string[] | undefined): Partial<T> {
  if (typeof value !== "string") return {};
  const [payload, seal = ""] = value.split(".");
  const expected = Buffer.from(mac(page, payload));
  if (Buffer.byteLength(seal) !== expected.length || !timingSafeEqual(Buffer.from(seal), expected)) return {};
  try {
    const opened: unknown = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    return typeof opened === "object" && opened !== null ? (opened as Partial<T>) : {};
  } catch {
    return {};
  }
}
