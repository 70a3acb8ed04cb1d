import { headers } from "next/headers";
import { CLIENT_ADDRESS_HEADER, UNKNOWN_ADDRESS } from "@/lib/client-address";

export type RequestInfo = { ip: string; userAgent: string };

/**
 * The client's address as server.ts decided it (lib/client-address.ts: the socket peer, or what trusted proxies
 * say), never X-Forwarded-For itself, which anyone reaching the port could write. Without server.ts (`next dev`) it
 * is unknown.
 */
export async function requestInfo(): Promise<RequestInfo> {
  try {
    const h = await headers();
    return { ip: (h.get(CLIENT_ADDRESS_HEADER) ?? UNKNOWN_ADDRESS).slice(0, 64), userAgent: (h.get("user-agent") ?? "").slice(0, 512) };
  } catch {
    // Outside a request (command-line jobs, tests).
    return { ip: "local", userAgent: "" };
  }
}
