import "server-only";

/**
 * Whether a state-changing request comes from the portal's own pages. A route handler has none of the cross-site
 * request protection of server actions: a browser says where a request comes from in `Sec-Fetch-Site` (which no page
 * can forge) and `Origin` (the portal's address, APP_URL, or the host the request was sent to); `Sec-Fetch-Site`,
 * when sent, decides.
 */
export function isSameOrigin(request: Request, appUrl = process.env.APP_URL): boolean {
  const site = request.headers.get("sec-fetch-site");
  if (site === "same-origin") return true;
  if (site !== null) return false;
  const origin = parsedOrigin(request.headers.get("origin"));
  if (!origin) return false;
  const portal = parsedOrigin(appUrl ?? null);
  return (portal !== null && origin.origin === portal.origin) || origin.host === (request.headers.get("host") ?? new URL(request.url).host);
}

function parsedOrigin(value: string | null): URL | null {
  if (!value || value === "null") return null;
  try {
    return new URL(value);
  } catch {
    return null;
  }
}
