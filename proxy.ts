import { NextResponse, type NextRequest } from "next/server";
import { contentSecurityPolicy, newNonce } from "@/lib/csp";

/**
 * A nonce per request for the content security policy: Next reads it from the request's policy header and puts it
 * on the scripts it writes. Every page is rendered per request (app/layout.tsx), so every page carries it.
 */
export function proxy(request: NextRequest) {
  const policy = contentSecurityPolicy(newNonce(), process.env.NODE_ENV === "development");
  const headers = new Headers(request.headers);
  headers.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", policy);
  return response;
}

// Pages and their server actions only: a proxied request's body is copied in memory (cut at 10 MB), and API
// responses (files, exports) get next.config.ts' fixed policy.
export const config = {
  matcher: [{ source: "/((?!_next/static|_next/image|api/).*)" }],
};
