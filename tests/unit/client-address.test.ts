import { describe, expect, it } from "vitest";
import { UNKNOWN_ADDRESS, clientAddress, clientKey, normalizeAddress, parseTrustedProxies } from "@/lib/client-address";
import { readProductionEnv } from "@/lib/env";

const trusting = (setting: string) => parseTrustedProxies(setting).proxies;

describe("normalizeAddress: one spelling per address", () => {
  it.each([
    ["203.0.113.7", "203.0.113.7"],
    [" 203.0.113.7 ", "203.0.113.7"],
    ["::ffff:203.0.113.7", "203.0.113.7"],
    ["::FFFF:cb00:7107", "203.0.113.7"],
    ["2001:0DB8:0:0::1", "2001:db8::1"],
    ["[2001:db8::1]:443", "2001:db8::1"],
    ["203.0.113.7:5000", "203.0.113.7"],
    ["::1", "::1"],
  ])("%s → %s", (raw, address) => expect(normalizeAddress(raw)).toBe(address));

  it.each(["", "unknown", "203.0.113", "203.0.113.7.1", "example.org", "2001:db8::1::2", "_hidden"])("%j is no address", (raw) =>
    expect(normalizeAddress(raw)).toBeNull(),
  );
});

describe("parseTrustedProxies: addresses and CIDR networks, IPv4 and IPv6", () => {
  it("trusts what it lists, and nothing when empty", () => {
    const proxies = trusting(" 10.0.0.0/8, 192.0.2.10 ,2001:db8:1::/48, ::ffff:172.16.0.0/108");
    for (const address of ["10.1.2.3", "192.0.2.10", "2001:db8:1:ffff::9", "172.16.5.5"]) expect(proxies.has(address)).toBe(true);
    for (const address of ["11.0.0.1", "192.0.2.11", "2001:db8:2::1", "172.32.0.1", "inconnue"]) expect(proxies.has(address)).toBe(false);
    expect(trusting("").has("127.0.0.1")).toBe(false);
  });

  it("lists the entries that are neither an address nor a network", () => {
    expect(parseTrustedProxies("10.0.0.0/8, proxy.local, 10.0.0.0/33, 2001:db8::/129, 10.0.0.1/8/2, 10.0.0.0/x").invalid).toEqual([
      "proxy.local",
      "10.0.0.0/33",
      "2001:db8::/129",
      "10.0.0.1/8/2",
      "10.0.0.0/x",
    ]);
  });

  it("is checked at start, with a message in French naming the bad entries", () => {
    const base = { AUTH_SECRET: "x".repeat(32), APP_URL: "https://portail.example", SMTP_URL: "smtp://mail.example" };
    const result = readProductionEnv({ ...base, TRUSTED_PROXIES: "10.0.0.0/8, proxy.local" });
    expect(result).toEqual({ ok: false, problems: ["TRUSTED_PROXIES : « proxy.local » : adresse IP ou réseau CIDR attendu (par exemple 10.0.0.5, 10.0.0.0/8, 2001:db8::/32)."] });
    const queue = readProductionEnv({ ...base, QUEUE_LIMIT: "beaucoup", QUEUE_WAIT_MS: "0" });
    expect(queue).toEqual({
      ok: false,
      problems: [
        "QUEUE_LIMIT : un nombre entier de 0 à 10000 est attendu (requêtes en attente au plus).",
        "QUEUE_WAIT_MS : un nombre entier de 100 à 600000 est attendu (attente au plus, en millisecondes).",
      ],
    });
    expect(readProductionEnv(base)).toMatchObject({ ok: true, env: { QUEUE_LIMIT: 256, QUEUE_PER_CLIENT: 32, QUEUE_WAIT_MS: 10_000, TRUSTED_PROXIES: "" } });
  });
});

describe("clientAddress: the socket peer, or what trusted proxies say", () => {
  const none = trusting("");
  const proxies = trusting("127.0.0.1, 10.0.0.0/8, 2001:db8:ffff::/48");

  it("is the peer when the peer is not a trusted proxy, whatever X-Forwarded-For says", () => {
    expect(clientAddress("::ffff:198.51.100.20", "203.0.113.7", none)).toBe("198.51.100.20");
    expect(clientAddress("198.51.100.20", "203.0.113.7", proxies)).toBe("198.51.100.20");
    expect(clientAddress("2001:db8:1::5", undefined, proxies)).toBe("2001:db8:1::5");
  });

  it("takes the right-most entry that is not a trusted proxy", () => {
    expect(clientAddress("::ffff:127.0.0.1", "203.0.113.7", proxies)).toBe("203.0.113.7");
    // The client wrote the left entries itself: only what trusted hops appended counts.
    expect(clientAddress("127.0.0.1", "6.6.6.6, 203.0.113.7, 10.0.0.5", proxies)).toBe("203.0.113.7");
    expect(clientAddress("2001:db8:ffff::1", ["6.6.6.6, 2001:DB8:2::7", "2001:db8:ffff::2"], proxies)).toBe("2001:db8:2::7");
    expect(clientAddress("127.0.0.1", "::ffff:203.0.113.7", proxies)).toBe("203.0.113.7");
  });

  it("stops at an entry that is no address, on the last trusted hop", () => {
    expect(clientAddress("127.0.0.1", "203.0.113.7, unknown, 10.0.0.5", proxies)).toBe("10.0.0.5");
    expect(clientAddress("127.0.0.1", "203.0.113.7,", proxies)).toBe("127.0.0.1");
    expect(clientAddress("127.0.0.1", undefined, proxies)).toBe("127.0.0.1");
    expect(clientAddress("127.0.0.1", "10.0.0.9, 10.0.0.5", proxies)).toBe("10.0.0.9");
  });

  it("is unknown without a peer", () => {
    expect(clientAddress(undefined, "203.0.113.7", proxies)).toBe(UNKNOWN_ADDRESS);
  });
});

describe("clientKey: whom the admission's share per client counts", () => {
  it("is an IPv4 address itself, and an IPv6 address's /64", () => {
    expect(clientKey("203.0.113.7")).toBe("203.0.113.7");
    expect(clientKey("2001:db8:1:2:3:4:5:6")).toBe("2001:db8:1:2::/64");
    expect(clientKey("2001:db8::5")).toBe("2001:db8:0:0::/64");
    expect(clientKey("2001:db8:1:2::9")).toBe(clientKey("2001:db8:1:2:ffff::1"));
    expect(clientKey("::1")).toBe("0:0:0:0::/64");
    expect(clientKey(UNKNOWN_ADDRESS)).toBe(UNKNOWN_ADDRESS);
  });
});
