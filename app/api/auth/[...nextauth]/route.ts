import { NextRequest } from "next/server";
import { handlers } from "@/lib/server/auth";
import { AUTH_BODY_MAX_BYTES, readCappedBody } from "@/lib/server/capped-body";

export const { GET } = handlers;

/** Auth.js reads a POST body whole, whatever its size: it gets one read here within a small cap (413 beyond, unread). */
export async function POST(request: Request) {
  const body = await readCappedBody(request, AUTH_BODY_MAX_BYTES);
  if (body === null) return new Response("Requête trop volumineuse.", { status: 413, headers: { "content-type": "text/plain; charset=utf-8" } });
  return handlers.POST(new NextRequest(request.url, { method: "POST", headers: request.headers, body, signal: request.signal }));
}
