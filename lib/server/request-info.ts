import { headers } from "next/headers";

export type RequestInfo = { ip: string; userAgent: string };

/**
 * The client's address: the right-most entry of X-Forwarded-For, i.e. the one written by the reverse
 * proxy in front of the portal (or by Next itself when there is none). Entries further left come from
 * the client and could be forged, which would defeat login throttling.
 */
export async function requestInfo(): Promise<RequestInfo> {
  try {
    const h = await headers();
    const forwarded = (h.get("x-forwarded-for") ?? "").split(",").map((s) => s.trim()).filter(Boolean);
    const ip = (forwarded.at(-1) ?? h.get("x-real-ip") ?? "inconnue").replace(/^::ffff:/, "").slice(0, 64);
    return { ip, userAgent: (h.get("user-agent") ?? "").slice(0, 512) };
  } catch {
    // Outside a request (command-line jobs, tests).
    return { ip: "local", userAgent: "" };
  }
}
