import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ANONYMOUS_BODY_LIMIT, Admission, BODY_LIMIT, bodyRefusal, skipsQueue, type AdmissionLimits, type Refusal } from "@/lib/admission";

const LIMITS: AdmissionLimits = { renders: 2, leaseMs: 1000, queue: 100, perClient: 100, waitMs: 10_000 };

/** Enters `n` requests named 0…n−1 (from `client(i)`); `started` and `refused` list them as it happens, `leaves[i]` ends request i. */
function enterMany(admission: Admission, n: number, client: (i: number) => string = () => "192.0.2.1") {
  const started: number[] = [];
  const refused: [number, Refusal][] = [];
  const leaves: (() => void)[] = [];
  for (let i = 0; i < n; i++) {
    leaves[i] = admission.enter(
      client(i),
      () => started.push(i),
      (why) => refused.push([i, why]),
    );
  }
  return { started, refused, leaves };
}

describe("Admission: a few requests render at once, the others wait their turn", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("starts `renders` requests at once and the next ones in arrival order as each ends", () => {
    const admission = new Admission(LIMITS);
    const { started, leaves } = enterMany(admission, 5);
    expect(started).toEqual([0, 1]);
    expect(admission.load).toMatchObject({ running: 2, waiting: 3 });
    leaves[1]();
    expect(started).toEqual([0, 1, 2]);
    leaves[0]();
    leaves[2]();
    expect(started).toEqual([0, 1, 2, 3, 4]);
    leaves[3]();
    leaves[4]();
    expect(admission.load).toEqual({ running: 0, waiting: 0, clients: {} });
  });

  it("counts a request once however many times it leaves", () => {
    const admission = new Admission({ ...LIMITS, renders: 1 });
    const { started, leaves } = enterMany(admission, 3);
    leaves[0]();
    leaves[0]();
    expect(started).toEqual([0, 1]);
    expect(admission.load).toEqual({ running: 1, waiting: 1, clients: { "192.0.2.1": 2 } });
  });

  it("lets the next one start when a request holds its place longer than the lease", () => {
    const admission = new Admission({ ...LIMITS, renders: 1 });
    const { started, leaves } = enterMany(admission, 2);
    vi.advanceTimersByTime(999);
    expect(started).toEqual([0]);
    vi.advanceTimersByTime(1);
    expect(started).toEqual([0, 1]);
    // The long request ending later frees no render place: its place was already given back.
    leaves[0]();
    expect(admission.load).toEqual({ running: 1, waiting: 0, clients: { "192.0.2.1": 1 } });
  });

  it("forgets the requests whose client left while they waited", () => {
    const admission = new Admission({ ...LIMITS, renders: 1 });
    const { started, refused, leaves } = enterMany(admission, 4);
    leaves[1]();
    leaves[2]();
    expect(admission.load).toMatchObject({ running: 1, waiting: 1 });
    leaves[0]();
    expect(started).toEqual([0, 3]);
    vi.advanceTimersByTime(60_000);
    expect(refused).toEqual([]);
  });

  it("refuses a request at once when the queue is full, and takes one again when a place is free", () => {
    const admission = new Admission({ ...LIMITS, renders: 1, queue: 2 });
    const { started, refused, leaves } = enterMany(admission, 4, (i) => `192.0.2.${i}`);
    expect(started).toEqual([0]);
    expect(refused).toEqual([[3, "queue-full"]]);
    expect(admission.load).toMatchObject({ running: 1, waiting: 2 });
    leaves[0]();
    const late = enterMany(admission, 1);
    expect(late.refused).toEqual([]);
    expect(admission.load).toMatchObject({ running: 1, waiting: 2 });
  });

  it("refuses a client's request beyond its share, counting its requests rendering, waiting and past their lease", () => {
    const admission = new Admission({ ...LIMITS, renders: 1, perClient: 2 });
    const { started, refused, leaves } = enterMany(admission, 3, () => "2001:db8::/64");
    expect(started).toEqual([0]);
    expect(refused).toEqual([[2, "client-busy"]]);
    const other = enterMany(admission, 1, () => "198.51.100.7");
    expect(other.refused).toEqual([]);
    vi.advanceTimersByTime(1000); // request 0 goes on past its lease: still the client's
    expect(started).toEqual([0, 1]);
    expect(enterMany(admission, 1, () => "2001:db8::/64").refused).toEqual([[0, "client-busy"]]);
    leaves[0]();
    expect(enterMany(admission, 1, () => "2001:db8::/64").refused).toEqual([]);
  });

  it("refuses a request that waited longer than the wait limit; one admitted in time renders", () => {
    const admission = new Admission({ ...LIMITS, renders: 1, leaseMs: 60_000, waitMs: 5000 });
    const { started, refused, leaves } = enterMany(admission, 2);
    vi.advanceTimersByTime(800);
    const third = admission.enter("192.0.2.1", () => started.push(2), (why) => refused.push([2, why]));
    vi.advanceTimersByTime(2200);
    leaves[0]();
    expect(started).toEqual([0, 1]);
    vi.advanceTimersByTime(2799);
    expect(refused).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(refused).toEqual([[2, "wait-expired"]]);
    expect(admission.load).toEqual({ running: 1, waiting: 0, clients: { "192.0.2.1": 1 } });
    third(); // leaving after the refusal changes nothing
    leaves[1]();
    expect(admission.load).toEqual({ running: 0, waiting: 0, clients: {} });
    expect(started).toEqual([0, 1]);
  });

  it("refuses limits that are not positive whole numbers (a queue may be empty)", () => {
    expect(() => new Admission({ ...LIMITS, renders: 0 })).toThrow(/renders must be a positive integer/);
    expect(() => new Admission({ ...LIMITS, waitMs: Number.NaN })).toThrow(/waitMs/);
    expect(() => new Admission({ ...LIMITS, queue: 0 })).not.toThrow();
  });
});

describe("skipsQueue: only static files and the health check, read only, on the normalised path", () => {
  it.each([
    ["GET", "/_next/static/chunks/app.js"],
    ["HEAD", "/_next/static/css/app.css?v=1"],
    ["GET", "/api/health"],
  ])("%s %s skips the queue", (method, url) => expect(skipsQueue(method, url)).toBe(true));

  it.each([
    ["GET", "/_next/static/../connexion"],
    ["GET", "/_next/static/%2e%2e/connexion"],
    ["GET", "/_next/static/..%2fconnexion"],
    ["GET", "/_next/static/..\\connexion"],
    ["GET", "/api/auth/../../_next/static/x.js"],
    ["GET", "//_next/static/x.js"],
    ["GET", "/api/health/"],
    ["GET", "/connexion"],
    ["POST", "/_next/static/chunks/app.js"],
    ["POST", "/api/health"],
    ["GET", undefined],
  ])("%s %s waits its turn", (method, url) => expect(skipsQueue(method, url)).toBe(false));
});

describe("bodyRefusal: body sizes refused before anything is read", () => {
  const SESSION = "theme=1; authjs.session-token=abc";
  const post = (url: string, headers: Record<string, string>) => bodyRefusal({ method: "POST", url, headers });

  it("lets ordinary requests through", () => {
    expect(bodyRefusal({ method: "GET", url: "/connexion", headers: {} })).toBeNull();
    expect(post("/connexion", { "content-length": "900" })).toBeNull();
    expect(post("/clients", { "content-length": String(BODY_LIMIT), cookie: SESSION })).toBeNull();
  });

  it("asks a POST, PUT or PATCH for its length (411), except a signed-in upload under /api/imports/", () => {
    expect(post("/connexion", {})).toBe(411);
    expect(bodyRefusal({ method: "PUT", url: "/clients", headers: { cookie: SESSION } })).toBe(411);
    expect(bodyRefusal({ method: "GET", url: "/clients", headers: { "transfer-encoding": "chunked" } })).toBe(411);
    expect(post("/api/imports/usage", { "transfer-encoding": "chunked", cookie: SESSION })).toBeNull();
    expect(post("/api/imports/usage", { "transfer-encoding": "chunked" })).toBe(411);
  });

  it("caps anonymous bodies at 64 KB, signed-in ones at 1 MB, uploads at their own size (413)", () => {
    expect(post("/connexion", { "content-length": String(ANONYMOUS_BODY_LIMIT + 1) })).toBe(413);
    expect(post("/api/imports/usage", { "content-length": String(ANONYMOUS_BODY_LIMIT + 1) })).toBe(413);
    expect(post("/clients", { "content-length": String(BODY_LIMIT + 1), cookie: SESSION })).toBe(413);
    expect(post("/api/imports/usage", { "content-length": String(21 * 1024 * 1024), cookie: SESSION })).toBeNull();
    expect(post("/api/imports/usage", { "content-length": String(21 * 1024 * 1024 + 1), cookie: SESSION })).toBe(413);
    expect(post("/api/imports/releves", { "content-length": String(26 * 1024 * 1024), cookie: SESSION })).toBeNull();
    expect(post("/api/imports/releves", { "content-length": String(26 * 1024 * 1024 + 1), cookie: SESSION })).toBe(413);
    expect(post("/api/mandats/RUM-44660-0001/copie-signee", { "content-length": String(6 * 1024 * 1024), cookie: SESSION })).toBeNull();
    expect(post("/api/mandats/OLD%20RUM%2F12/copie-signee", { "content-length": String(6 * 1024 * 1024), cookie: SESSION })).toBeNull();
    expect(post("/api/mandats/RUM-44660-0001/copie-signee", { "content-length": String(6 * 1024 * 1024 + 1), cookie: SESSION })).toBe(413);
    expect(post("/societes/44660/comptes/CF-1", { "content-length": String(BODY_LIMIT + 1), cookie: SESSION })).toBe(413);
    // The larger limits hold only on the path as written: `..` gets the ordinary one.
    expect(post("/x/../api/imports/usage", { "content-length": String(2 * 1024 * 1024), cookie: SESSION })).toBe(413);
    expect(post("/api/mandats/%2e%2e/copie-signee", { "content-length": String(2 * 1024 * 1024), cookie: SESSION })).toBe(413);
  });

  it("recognises the session cookie under its secure name and in chunks", () => {
    const big = String(ANONYMOUS_BODY_LIMIT + 1);
    expect(post("/clients", { "content-length": big, cookie: "__Secure-authjs.session-token=abc" })).toBeNull();
    expect(post("/clients", { "content-length": big, cookie: "a=b;authjs.session-token.0=abc; authjs.session-token.1=def" })).toBeNull();
    expect(post("/clients", { "content-length": big, cookie: "xauthjs.session-token=abc; authjs.csrf-token=x" })).toBe(413);
  });
});
