import { BlockList, isIP } from "node:net";

/**
 * The client's address (issue 32, item 3): the socket peer, or, when that peer is one of TRUSTED_PROXIES, the
 * right-most X-Forwarded-For entry that is not a trusted proxy. server.ts computes it once per request and passes it
 * to the app in CLIENT_ADDRESS_HEADER (lib/server/request-info.ts). No `server-only`: the server's bundle imports it.
 */
export const CLIENT_ADDRESS_HEADER = "x-myopenip-client-ip";

/** What is recorded when no address is known (no socket peer left, or the `next dev` server). */
export const UNKNOWN_ADDRESS = "inconnue";

/** An IP address in one spelling per address (IPv4 for `::ffff:1.2.3.4`, IPv6 lowercase and compressed), or null. */
export function normalizeAddress(raw: string): string | null {
  let text = raw.trim();
  // Some proxies write the client's port: `[2001:db8::1]:443`, `192.0.2.1:5000`.
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(text);
  const withPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/.exec(text);
  if (bracketed) text = bracketed[1];
  else if (withPort) text = withPort[1];
  const version = isIP(text);
  if (version === 4) return text;
  if (version !== 6) return null;
  let canonical: string;
  try {
    canonical = new URL(`http://[${text}]/`).hostname.slice(1, -1);
  } catch {
    return text.toLowerCase(); // a link-local address with its zone (`fe80::1%eth0`)
  }
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(canonical);
  if (!mapped) return canonical;
  const [high, low] = [parseInt(mapped[1], 16), parseInt(mapped[2], 16)];
  return [high >> 8, high & 255, low >> 8, low & 255].join(".");
}

/** The reverse proxies whose X-Forwarded-For is believed. */
export class TrustedProxies {
  private readonly list = new BlockList();
  private size = 0;

  add(address: string, prefix: number) {
    this.list.addSubnet(address, prefix, isIP(address) === 6 ? "ipv6" : "ipv4");
    this.size++;
  }

  has(address: string) {
    const version = isIP(address);
    return this.size > 0 && version !== 0 && this.list.check(address, version === 6 ? "ipv6" : "ipv4");
  }
}

/** TRUSTED_PROXIES: addresses and CIDR networks separated by commas (`10.0.0.0/8, 2001:db8::1`); `invalid` lists the entries that are neither. */
export function parseTrustedProxies(setting: string): { proxies: TrustedProxies; invalid: string[] } {
  const proxies = new TrustedProxies();
  const invalid: string[] = [];
  for (const entry of setting.split(",").map((s) => s.trim()).filter(Boolean)) {
    const network = parseNetwork(entry);
    if (network) proxies.add(network.address, network.prefix);
    else invalid.push(entry);
  }
  return { proxies, invalid };
}

function parseNetwork(entry: string): { address: string; prefix: number } | null {
  const [rawAddress, rawPrefix, ...rest] = entry.split("/");
  if (rest.length > 0 || isIP(rawAddress) === 0 || (rawPrefix !== undefined && !/^\d{1,3}$/.test(rawPrefix))) return null;
  const address = normalizeAddress(rawAddress);
  if (!address) return null;
  const bits = isIP(address) === 6 ? 128 : 32;
  // `::ffff:10.0.0.0/104` is 10.0.0.0/8 once the address is written as IPv4.
  const prefix = rawPrefix === undefined ? bits : Number(rawPrefix) - (isIP(rawAddress) === 6 && bits === 32 ? 96 : 0);
  return prefix >= 0 && prefix <= bits ? { address, prefix } : null;
}

/**
 * The client's address as this server sees it. `peer` is the socket's remote address; X-Forwarded-For is read only
 * from a trusted peer, from the right, each trusted hop naming the one before it. The first entry that is not a
 * trusted proxy is the client; an entry that is no IP address ends the walk at the last trusted hop.
 */
export function clientAddress(peer: string | undefined, forwardedFor: string | string[] | undefined, trusted: TrustedProxies): string {
  let hop = peer === undefined ? null : normalizeAddress(peer);
  if (!hop) return UNKNOWN_ADDRESS;
  if (!trusted.has(hop)) return hop;
  const entries = forwardedFor === undefined ? [] : [forwardedFor].flat().join(",").split(",");
  for (const entry of entries.reverse()) {
    const address = normalizeAddress(entry);
    if (!address) return hop;
    if (!trusted.has(address)) return address;
    hop = address;
  }
  return hop;
}

/** Whom the admission's per-client share counts: the address, or its /64 for IPv6 (one subscriber's usual allocation). */
export function clientKey(address: string): string {
  if (isIP(address.split("%")[0]) !== 6) return address;
  const [head, tail] = address.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill("0"), ...right];
  return `${groups.slice(0, 4).join(":")}::/64`;
}
