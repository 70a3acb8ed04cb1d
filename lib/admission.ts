/**
 * What server.ts lets in: a few requests render at once per instance (the others wait their turn in arrival order,
 * in a bounded queue, each for a limited time; one client may have only so many in flight), which requests skip the
 * queue, and the body sizes refused before Next reads anything. Why, with figures: docs/decisions/admission-queue.md.
 * Plain code with no import, used before Next starts.
 */

export type AdmissionLimits = {
  /** Requests rendering at once (RENDER_CONCURRENCY). */
  renders: number;
  /** How long a request keeps its render place at most: a long one (an export streaming, a slow upload) then goes on beside the others. */
  leaseMs: number;
  /** Requests waiting at most (QUEUE_LIMIT). */
  queue: number;
  /** Requests of one client, rendering, waiting or gone on past their lease (QUEUE_PER_CLIENT). */
  perClient: number;
  /** How long a request waits for its turn at most (QUEUE_WAIT_MS). */
  waitMs: number;
};

/** Why a request was turned away (server.ts answers 503 with Retry-After). */
export type Refusal = "queue-full" | "client-busy" | "wait-expired";

type Entry = {
  client: string;
  start: () => void;
  refuse: (why: Refusal) => void;
  phase: "waiting" | "rendering" | "beside" | "ended";
  timer?: ReturnType<typeof setTimeout>;
};

export class Admission {
  private running = 0;
  private readonly waiting = new Set<Entry>();
  private readonly inFlight = new Map<string, number>();

  constructor(readonly limits: AdmissionLimits) {
    for (const [name, value] of Object.entries(limits)) {
      if (!Number.isInteger(value) || value < (name === "queue" ? 0 : 1)) throw new Error(`Admission: ${name} must be a positive integer (${value})`);
    }
  }

  /** Requests rendering now, waiting for their turn, and in flight per client. */
  get load() {
    return { running: this.running, waiting: this.waiting.size, clients: Object.fromEntries(this.inFlight) };
  }

  /**
   * Runs `start` now if a render place is free, else once the requests before it have had theirs; or calls `refuse`,
   * at once when the queue or the client's share is full, or when its wait limit passes. Returns `leave`, to call when
   * the request ends or its client goes away: it gives back whatever it holds (more calls do nothing).
   */
  enter(client: string, start: () => void, refuse: (why: Refusal) => void): () => void {
    const { renders, queue, perClient, waitMs } = this.limits;
    const refused = (why: Refusal) => {
      refuse(why);
      return () => {};
    };
    if ((this.inFlight.get(client) ?? 0) >= perClient) return refused("client-busy");
    if (this.running >= renders && this.waiting.size >= queue) return refused("queue-full");
    const entry: Entry = { client, start, refuse, phase: "waiting" };
    this.count(client, +1);
    if (this.running < renders) this.render(entry);
    else {
      this.waiting.add(entry);
      entry.timer = setTimeout(() => this.expire(entry), waitMs);
    }
    return () => this.leave(entry);
  }

  private render(entry: Entry) {
    entry.phase = "rendering";
    this.running++;
    entry.timer = setTimeout(() => this.endRender(entry), this.limits.leaseMs);
    entry.start();
  }

  /** The render place goes to the next in line; the request itself may go on (its lease ran out). */
  private endRender(entry: Entry) {
    if (entry.phase !== "rendering") return;
    clearTimeout(entry.timer);
    entry.phase = "beside";
    this.running--;
    this.next();
  }

  private leave(entry: Entry) {
    if (entry.phase === "ended") return;
    if (entry.phase === "rendering") this.endRender(entry);
    clearTimeout(entry.timer);
    this.waiting.delete(entry);
    entry.phase = "ended";
    this.count(entry.client, -1);
  }

  private expire(entry: Entry) {
    this.leave(entry);
    entry.refuse("wait-expired");
  }

  private next() {
    while (this.running < this.limits.renders && this.waiting.size > 0) {
      const [first] = this.waiting;
      this.waiting.delete(first);
      clearTimeout(first.timer);
      this.render(first);
    }
  }

  private count(client: string, change: number) {
    const n = (this.inFlight.get(client) ?? 0) + change;
    if (n > 0) this.inFlight.set(client, n);
    else this.inFlight.delete(client);
  }
}

/**
 * Requests that skip the queue: static files and the health check, read only (GET, HEAD). Decided on the path as
 * WHATWG URL parsing normalises it (`..`, `%2e%2e`, `\`), and only when the raw path is already that one and has no
 * escapes: a path that Next might read otherwise waits its turn like any page.
 */
export function skipsQueue(method: string | undefined, rawUrl: string | undefined): boolean {
  if (method !== "GET" && method !== "HEAD") return false;
  const path = plainPath(rawUrl);
  return path === "/api/health" || !!path?.startsWith("/_next/static/");
}

/** The path of `rawUrl` when WHATWG parsing leaves it as it is and it has no escapes; null for anything else. */
function plainPath(rawUrl: string | undefined): string | null {
  if (!rawUrl) return null;
  try {
    const path = new URL(rawUrl, "http://portal.invalid").pathname;
    return rawUrl.split("?")[0] === path && !path.includes("%") ? path : null;
  } catch {
    return null;
  }
}

/** The path of `rawUrl` when WHATWG parsing leaves it as it is, escapes allowed (a RUM may need them); "" otherwise. */
function writtenPath(rawUrl: string | undefined): string {
  try {
    const path = new URL(rawUrl ?? "", "http://portal.invalid").pathname;
    return rawUrl?.split("?")[0] === path ? path : "";
  } catch {
    return "";
  }
}

const KB = 1024;
const MB = 1024 * KB;

/**
 * Largest bodies accepted, by path (the first that matches): the upload routes, which read within their own caps
 * (bank statements 26 MB: 10,000 entries make about 18 MB; CSV files 21 MB; the signed mandate copy 6 MB, its RUM
 * may hold escapes); 1 MB anywhere else.
 */
const BODY_LIMITS: { path: RegExp; bytes: number }[] = [
  { path: /^\/api\/imports\/releves$/, bytes: 26 * MB },
  { path: /^\/api\/imports\//, bytes: 21 * MB },
  { path: /^\/api\/mandats\/[^/]+\/copie-signee$/, bytes: 6 * MB },
];
export const BODY_LIMIT = 1 * MB;
/** Anonymous requests (no session cookie) carry small forms only: login, password links. */
export const ANONYMOUS_BODY_LIMIT = 64 * KB;

/** Auth.js' session cookie, under either name, possibly chunked (`….0`, `….1`). */
const SESSION_COOKIE = /(?:^|;)\s*(?:__Secure-)?authjs\.session-token(?:\.\d+)?=/;

export type BodyRequest = { method?: string; url?: string; headers: { "content-length"?: string; "transfer-encoding"?: string; cookie?: string } };

/**
 * 413 for a body over its limit, 411 for a POST, PUT or PATCH that does not say its length (only signed-in uploads
 * under /api/imports/ may stream), null to let it through. Decided on the headers, before anything is read.
 */
export function bodyRefusal({ method, url, headers }: BodyRequest): 411 | 413 | null {
  const path = writtenPath(url);
  const signedIn = SESSION_COOKIE.test(headers.cookie ?? "");
  const limit = signedIn ? (BODY_LIMITS.find((l) => l.path.test(path))?.bytes ?? BODY_LIMIT) : ANONYMOUS_BODY_LIMIT;
  const declared = headers["content-length"];
  if (declared === undefined) {
    const sendsBody = method === "POST" || method === "PUT" || method === "PATCH" || headers["transfer-encoding"] !== undefined;
    return sendsBody && !(signedIn && path.startsWith("/api/imports/")) ? 411 : null;
  }
  return Number(declared) > limit ? 413 : null;
}
