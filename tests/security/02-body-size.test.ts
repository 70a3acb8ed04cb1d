// Item 2 of the hardening review (issue 32), body sizes: server actions take forms of at most 1 MB; Auth.js' POST
// handler gets at most 16 KB; the staff CSV uploads (/api/imports/…) and the signed mandate copy
// (/api/mandats/{rum}/copie-signee) are route handlers that check, in this order, the origin, the session, then the
// body within its own cap (21 MB, 6 MB), and never read further than the cap.
import { AsyncLocalStorage } from "node:async_hooks";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/server/db";
import { getActor, type Actor } from "@/lib/server/authz";
import { handlers } from "@/lib/server/auth";
import { POST as uploadUsage } from "@/app/api/imports/consommations/route";
import { POST as uploadCalls } from "@/app/api/imports/appels/route";
import { POST as authPost } from "@/app/api/auth/[...nextauth]/route";
import { openImportSummary, type CsvImportState } from "@/lib/server/csv-upload";
import { POST as uploadSignedCopyRoute } from "@/app/api/mandats/[rum]/copie-signee/route";
import { openSignedCopySummary } from "@/lib/server/signed-copy-upload";
import { USAGE_CSV_HEADER } from "@/lib/domain/usage-csv";
import { CSV_UPLOAD_TOO_BIG } from "@/lib/domain/csv-import";
import nextConfig from "@/next.config";
import { config as proxyConfig } from "@/proxy";
import { actorFor, createStaffActor, insertCompany, insertUser } from "../integration/support/fixtures";
import { uploadRequest } from "../integration/support/uploads";

// The session is answered by hand, and Auth.js is replaced by a handler that echoes what it was given (tests never
// load Auth.js).
vi.mock("@/lib/server/authz", async (importOriginal) => ({ ...(await importOriginal<typeof import("@/lib/server/authz")>()), getActor: vi.fn() }));
vi.mock("@/lib/server/auth", () => ({ handlers: { GET: vi.fn(), POST: vi.fn(async (request: Request) => new Response(await request.text())) } }));

const KB = 1024;
const MB = 1024 * KB;
const CHUNK = 64 * KB;

/** A body that records how much of it was pulled and whether it was cancelled: `bytes` in chunks (endless by default). */
function countingBody(bytes = Infinity) {
  const seen = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      const size = Math.min(CHUNK, bytes - seen.pulled);
      if (size <= 0) return controller.close();
      seen.pulled += size;
      controller.enqueue(new Uint8Array(size).fill(0x61));
    },
    cancel() {
      seen.cancelled = true;
    },
  });
  return { stream, seen };
}

/** What the import page's script sends besides its body. */
const FROM_PORTAL = { "sec-fetch-site": "same-origin", accept: "application/json", "content-type": "multipart/form-data; boundary=x" };

/** A POST whose body is `stream` (a Node `Request` needs `duplex` for that, which the DOM types do not know). */
function streamedPost(path: string, stream: ReadableStream<Uint8Array>, headers: Record<string, string> = FROM_PORTAL): Request {
  return new Request(`http://localhost${path}`, { method: "POST", body: stream, duplex: "half", headers } as RequestInit);
}

const ROUTES = [
  ["/api/imports/consommations", uploadUsage],
  ["/api/imports/appels", uploadCalls],
] as const;

let staff: Actor;
let customer: Actor;
const snapshot = async () => [await db.usageRecord.count(), await db.callRecord.count(), await db.auditEvent.count()];
const csv = [USAGE_CSV_HEADER, "sec-1,0698765001,2026-04-08T08:00:00Z,FRANCE,1000,0"].join("\r\n") + "\r\n";

beforeAll(async () => {
  staff = await createStaffActor("E-0000009201");
  await insertCompany({ id: 44001, name: "Client 44001" });
  customer = await actorFor((await insertUser({ identifier: "E-0000009202", companyId: 44001 })).id);
  await db.mobileLine.create({ data: { msisdn: "0698765001", iccid: "8933150319098765001", activatedOn: new Date("2026-01-01T00:00:00Z") } });
});

describe("the staff CSV upload routes", () => {
  it("answer POST only (Next answers 405 to any other method)", async () => {
    for (const route of [await import("@/app/api/imports/consommations/route"), await import("@/app/api/imports/appels/route")]) {
      expect(Object.keys(route).filter((name) => /^[A-Z]+$/.test(name))).toEqual(["POST"]);
    }
  });

  it("refuse a request that does not come from the portal's pages (403), before the session and the body", async () => {
    vi.mocked(getActor).mockReset().mockResolvedValue(staff);
    const before = await snapshot();
    const { "sec-fetch-site": _, ...withoutFetchSite } = FROM_PORTAL;
    const foreign: Record<string, string>[] = [
      { ...FROM_PORTAL, "sec-fetch-site": "cross-site", origin: "https://attaquant.example" },
      { ...FROM_PORTAL, "sec-fetch-site": "same-site", origin: "https://autre.myopenip.example" },
      // A client that sends no Sec-Fetch-Site: its Origin decides, and no Origin is no proof.
      { ...withoutFetchSite, origin: "https://attaquant.example" },
      { ...withoutFetchSite, origin: "null" },
      withoutFetchSite,
    ];
    for (const [path, post] of ROUTES) {
      for (const headers of foreign) {
        const { stream, seen } = countingBody();
        const response = await post(streamedPost(path, stream, headers));
        expect(response.status, `${path} ${JSON.stringify(headers)}`).toBe(403);
        expect(await response.text()).toBe("Requête refusée : elle ne vient pas du portail.");
        expect(seen.pulled, path).toBeLessThanOrEqual(CHUNK); // the stream's own first pull, never read
      }
    }
    expect(getActor).not.toHaveBeenCalled();
    expect(await snapshot()).toEqual(before);
  });

  it("accept the portal's own origin: Sec-Fetch-Site, or an Origin equal to APP_URL or to the request's host", async () => {
    vi.mocked(getActor).mockReset().mockResolvedValue(customer); // then refused as not staff: the origin passed
    process.env.APP_URL = "https://portail.myopenip.example";
    try {
      const origins: Record<string, string>[] = [{ origin: "https://portail.myopenip.example" }, { origin: "http://localhost", host: "localhost" }];
      for (const headers of origins) {
        const request = uploadRequest("/api/imports/consommations", "x", headers);
        request.headers.delete("sec-fetch-site");
        expect((await uploadUsage(request)).status, JSON.stringify(headers)).toBe(404);
      }
      const elsewhere = uploadRequest("/api/imports/consommations", "x", { origin: "http://portail.myopenip.example" });
      elsewhere.headers.delete("sec-fetch-site");
      expect((await uploadUsage(elsewhere)).status).toBe(403); // http is not the portal's https
    } finally {
      delete process.env.APP_URL;
    }
  });

  it("refuse an anonymous visitor, a user who has not accepted the terms, and whoever is not staff, reading nothing", async () => {
    const before = await snapshot();
    const cases: [Actor | null, number, string | null][] = [
      [null, 303, "/connexion"],
      [{ ...staff, pendingTermsId: 1 }, 303, "/conditions-utilisation"],
      [customer, 404, null],
    ];
    for (const [path, post] of ROUTES) {
      for (const [actor, status, location] of cases) {
        vi.mocked(getActor).mockReset().mockResolvedValue(actor);
        const { stream, seen } = countingBody();
        const response = await post(streamedPost(path, stream));
        expect(response.status, `${path} ${actor?.identifier}`).toBe(status);
        expect(response.headers.get("location")).toBe(location);
        expect(seen.pulled).toBeLessThanOrEqual(CHUNK);
      }
    }
    expect(await snapshot()).toEqual(before);
  });

  it("refuse a body over 21 MB with 413: unread when announced, read no further than the cap when streamed", async () => {
    vi.mocked(getActor).mockReset().mockResolvedValue(staff);
    const before = await snapshot();
    for (const [path, post] of ROUTES) {
      const announced = countingBody();
      const response = await post(streamedPost(path, announced.stream, { ...FROM_PORTAL, "content-length": String(30 * MB) }));
      expect(response.status, path).toBe(413);
      expect(await response.json()).toEqual({ message: "Le formulaire contient des erreurs.", errors: { file: [CSV_UPLOAD_TOO_BIG] } });
      expect(announced.seen.pulled).toBeLessThanOrEqual(CHUNK);

      const streamed = countingBody();
      const chunked = await post(streamedPost(path, streamed.stream));
      expect(chunked.status, path).toBe(413);
      expect(streamed.seen.pulled).toBeGreaterThan(21 * MB);
      expect(streamed.seen.pulled).toBeLessThanOrEqual(21 * MB + 2 * CHUNK);
      expect(streamed.seen.cancelled).toBe(true);

      // A browser without JavaScript gets the message as the page it lands on.
      const plain = await post(streamedPost(path, countingBody().stream, { ...FROM_PORTAL, accept: "text/html", "content-length": String(30 * MB) }));
      expect([plain.status, await plain.text()]).toEqual([413, CSV_UPLOAD_TOO_BIG]);
    }
    expect(await snapshot()).toEqual(before);
  });

  it("are not behind the proxy, which would buffer the whole body and cut it at 10 MB", async () => {
    // Next's matcher, as its server runs it (which first sets up the AsyncLocalStorage its modules expect).
    (globalThis as { AsyncLocalStorage?: unknown }).AsyncLocalStorage ??= AsyncLocalStorage;
    const { unstable_doesMiddlewareMatch } = await import("next/experimental/testing/server");
    for (const [path] of ROUTES) expect(unstable_doesMiddlewareMatch({ config: proxyConfig, url: path }), path).toBe(false);
    expect(unstable_doesMiddlewareMatch({ config: proxyConfig, url: "/admin/consommations" })).toBe(true);
  });

  it("import a small file for staff: the form's state as JSON, or a 303 back to the page that shows it", async () => {
    vi.mocked(getActor).mockReset().mockResolvedValue(staff);
    const upload = () => new File([csv], "securite.csv", { type: "text/csv" });
    const response = await uploadUsage(uploadRequest("/api/imports/consommations", upload()));
    expect(response.status).toBe(200);
    expect((await response.json()) as CsvImportState).toEqual({
      ok: true,
      message: "Import de securite.csv terminé.",
      result: { imported: 1, duplicates: 0, rejectedCount: 0, rejected: [] },
    });
    expect(await db.usageRecord.count({ where: { id: "sec-1" } })).toBe(1);

    const again = await uploadUsage(uploadRequest("/api/imports/consommations", upload(), { accept: "text/html" }));
    expect(again.status).toBe(303);
    const location = new URL(again.headers.get("location")!, "http://localhost");
    expect(location.pathname).toBe("/admin/consommations");
    const sealed = location.searchParams.get("resultat")!;
    expect(openImportSummary("/admin/consommations", sealed)).toMatchObject({ ok: true, result: { imported: 0, duplicates: 1 } });
    // Only what the route sealed, and only on its page: a link cannot make the page show made-up text.
    const [payload, mac] = sealed.split(".");
    const forged = Buffer.from(JSON.stringify({ ok: false, message: "Appelez le 08 99 00 00 00." })).toString("base64url");
    expect(openImportSummary("/admin/consommations", `${forged}.${mac}`)).toEqual({});
    expect(openImportSummary("/admin/appels", sealed)).toEqual({});
    expect(openImportSummary("/admin/consommations", payload)).toEqual({});
  });
});

describe("the signed mandate copy's upload route", () => {
  const RUM = "RUM-SEC44001-000001";
  const ACCOUNT = "SEC44001";
  const PATH = `/api/mandats/${RUM}/copie-signee`;
  const PAGE = `/societes/44001/comptes/${ACCOUNT}`;
  const TOO_BIG = "Le fichier dépasse 5 Mo : enregistrez le scan en résolution plus basse.";
  const PDF = Buffer.from("%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n");
  let otherClient: Actor;

  const post = (request: Request) => uploadSignedCopyRoute(request, { params: Promise.resolve({ rum: RUM }) });
  const stored = () => db.sepaMandate.findUniqueOrThrow({ where: { rum: RUM }, select: { signedCopy: true, signedCopyName: true, signedCopyType: true } });
  const copySnapshot = async () => [JSON.stringify(await stored()), await db.auditEvent.count()];

  beforeAll(async () => {
    const account = await db.billingAccount.create({ data: { ref: ACCOUNT, name: "Client 44001", ownerCompanyId: 44001, paymentMethod: "PRELEVEMENT_SEPA" } });
    await db.sepaMandate.create({ data: { billingAccountId: account.id, rum: RUM, debtorName: "Client 44001", iban: "FR7630006000011234567890189", signedOn: new Date("2026-01-05T00:00:00Z") } });
    await insertCompany({ id: 44002, name: "Client 44002" });
    otherClient = await actorFor((await insertUser({ identifier: "E-0000009203", companyId: 44002 })).id);
  });

  it("answers GET (the download) and POST (the upload) only", async () => {
    const route = await import("@/app/api/mandats/[rum]/copie-signee/route");
    expect(Object.keys(route).filter((name) => /^[A-Z]+$/.test(name)).sort()).toEqual(["GET", "POST"]);
  });

  it("refuses a request that does not come from the portal's pages (403), before the session and the body", async () => {
    vi.mocked(getActor).mockReset().mockResolvedValue(customer);
    const before = await copySnapshot();
    for (const headers of [
      { ...FROM_PORTAL, "sec-fetch-site": "cross-site", origin: "https://attaquant.example" },
      { accept: "application/json", "content-type": FROM_PORTAL["content-type"], origin: "https://attaquant.example" },
    ]) {
      const { stream, seen } = countingBody();
      const response = await post(streamedPost(PATH, stream, headers));
      expect(response.status, JSON.stringify(headers)).toBe(403);
      expect(await response.text()).toBe("Requête refusée : elle ne vient pas du portail.");
      expect(seen.pulled).toBeLessThanOrEqual(CHUNK);
    }
    expect(getActor).not.toHaveBeenCalled();
    expect(await copySnapshot()).toEqual(before);
  });

  it("refuses an anonymous visitor, a user who has not accepted the terms, and whoever does not manage the account, reading nothing", async () => {
    const before = await copySnapshot();
    const cases: [Actor | null, number, string | null][] = [
      [null, 303, "/connexion"],
      [{ ...customer, pendingTermsId: 1 }, 303, "/conditions-utilisation"],
      [otherClient, 404, null],
    ];
    for (const [actor, status, location] of cases) {
      vi.mocked(getActor).mockReset().mockResolvedValue(actor);
      const { stream, seen } = countingBody();
      const response = await post(streamedPost(PATH, stream));
      expect(response.status, actor?.identifier).toBe(status);
      expect(response.headers.get("location")).toBe(location);
      expect(seen.pulled).toBeLessThanOrEqual(CHUNK);
    }
    expect(await copySnapshot()).toEqual(before);
  });

  it("refuses a body over 6 MB with 413: unread when announced, read no further than the cap when streamed", async () => {
    vi.mocked(getActor).mockReset().mockResolvedValue(customer);
    const before = await copySnapshot();
    const announced = countingBody();
    const response = await post(streamedPost(PATH, announced.stream, { ...FROM_PORTAL, "content-length": String(7 * MB) }));
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ message: "Le formulaire contient des erreurs.", errors: { file: [TOO_BIG] } });
    expect(announced.seen.pulled).toBeLessThanOrEqual(CHUNK);

    const streamed = countingBody();
    expect((await post(streamedPost(PATH, streamed.stream))).status).toBe(413);
    expect(streamed.seen.pulled).toBeGreaterThan(6 * MB);
    expect(streamed.seen.pulled).toBeLessThanOrEqual(6 * MB + 2 * CHUNK);
    expect(streamed.seen.cancelled).toBe(true);

    const plain = await post(streamedPost(PATH, countingBody().stream, { ...FROM_PORTAL, accept: "text/html", "content-length": String(7 * MB) }));
    expect([plain.status, await plain.text()]).toEqual([413, TOO_BIG]);
    expect(await copySnapshot()).toEqual(before);
  });

  it("refuses what the form refused, with the same messages, storing nothing", async () => {
    vi.mocked(getActor).mockReset().mockResolvedValue(customer);
    const before = await copySnapshot();
    const overFive = Buffer.concat([PDF, Buffer.alloc(5 * MB)]);
    const cases: [File | string, string][] = [
      ["", "Choisissez le fichier du mandat signé."],
      [new File([], "mandat.pdf"), "Choisissez le fichier du mandat signé."],
      [new File(["<html>pas un PDF</html>"], "mandat.pdf"), "Le fichier doit être un PDF, une image PNG ou une image JPEG."],
      [new File([PDF], "mandat.png"), "Le contenu du fichier (PDF) ne correspond pas à son extension (.png)."],
      [new File([overFive], "mandat.pdf"), TOO_BIG], // within the route's cap, over the file's
    ];
    for (const [file, message] of cases) {
      const response = await post(uploadRequest(PATH, file));
      expect(await response.json(), message).toEqual({ message: "Le formulaire contient des erreurs.", errors: { file: [message] } });
    }
    expect(await copySnapshot()).toEqual(before);
  });

  it("stores a small PDF for the account's administrator: the form's state as JSON, or a 303 back to the account's page", async () => {
    vi.mocked(getActor).mockReset().mockResolvedValue(customer);
    const response = await post(uploadRequest(PATH, new File([PDF], "mandat signé.pdf", { type: "application/pdf" })));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, message: `La copie signée du mandat ${RUM} (mandat signé.pdf) a été enregistrée.` });
    const copy = await stored();
    expect([Buffer.from(copy.signedCopy!).equals(PDF), copy.signedCopyName, copy.signedCopyType]).toEqual([true, "mandat signé.pdf", "application/pdf"]);
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: "mandate.signed-copy", targetId: RUM } });
    expect([event.actorId, event.companyId, event.details]).toEqual([customer.userId, 44001, { account: ACCOUNT, name: "mandat signé.pdf", type: "application/pdf", bytes: PDF.length, replaced: false }]);

    const again = await post(uploadRequest(PATH, new File([PDF], "scan.pdf"), { accept: "text/html" }));
    expect(again.status).toBe(303);
    const location = new URL(again.headers.get("location")!, "http://localhost");
    expect(location.pathname).toBe(PAGE);
    const sealed = location.searchParams.get("resultat")!;
    expect(openSignedCopySummary(44001, ACCOUNT, sealed)).toEqual({ ok: true, message: `La copie signée du mandat ${RUM} (scan.pdf) a été enregistrée.` });
    expect((await stored()).signedCopyName).toBe("scan.pdf");
    // Only on its own account's page, and only what the route sealed.
    expect(openSignedCopySummary(44002, ACCOUNT, sealed)).toEqual({});
    expect(openImportSummary("/admin/consommations", sealed)).toEqual({});
    const forged = Buffer.from(JSON.stringify({ ok: false, message: "Appelez le 08 99 00 00 00." })).toString("base64url");
    expect(openSignedCopySummary(44001, ACCOUNT, `${forged}.${sealed.split(".")[1]}`)).toEqual({});
  });

  it("is not behind the proxy, which would buffer the whole body", async () => {
    (globalThis as { AsyncLocalStorage?: unknown }).AsyncLocalStorage ??= AsyncLocalStorage;
    const { unstable_doesMiddlewareMatch } = await import("next/experimental/testing/server");
    expect(unstable_doesMiddlewareMatch({ config: proxyConfig, url: PATH })).toBe(false);
  });
});

describe("Auth.js' POST handler", () => {
  it("refuses a 17 KB body with 413 before Auth.js reads it, announced or streamed", async () => {
    vi.mocked(handlers.POST).mockClear();
    const announced = await authPost(
      new Request("http://localhost/api/auth/callback/credentials", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", "content-length": String(17 * KB) }, body: "a".repeat(17 * KB) }),
    );
    expect(announced.status).toBe(413);

    const { stream, seen } = countingBody(17 * KB);
    const streamed = await authPost(streamedPost("/api/auth/callback/credentials", stream, { "content-type": "application/x-www-form-urlencoded" }));
    expect(streamed.status).toBe(413);
    expect(seen.pulled).toBe(17 * KB); // one chunk, no more
    expect(seen.cancelled).toBe(true);
    expect(handlers.POST).not.toHaveBeenCalled();
  });

  it("hands a form within the cap to Auth.js unchanged", async () => {
    vi.mocked(handlers.POST).mockClear();
    const form = "identifier=E-0000000001&password=x&csrfToken=" + "t".repeat(100);
    const response = await authPost(new Request("http://localhost/api/auth/callback/credentials", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: form }));
    expect(await response.text()).toBe(form);
    expect(handlers.POST).toHaveBeenCalledTimes(1);
  });
});

describe("server actions", () => {
  it("take at most 1 MB, still enough for the largest form: a terms version of 200,000 characters", () => {
    const limit = nextConfig.experimental?.serverActions?.bodySizeLimit;
    const match = /^(\d+)(kb|mb)$/i.exec(String(limit));
    expect(match, String(limit)).not.toBeNull();
    const bytes = Number(match![1]) * (match![2].toLowerCase() === "mb" ? MB : KB);
    expect(bytes).toBeLessThanOrEqual(MB);
    // At most 3 bytes a character in UTF-8 (a surrogate pair is 2 characters for 4 bytes), plus the form's envelope.
    expect(bytes).toBeGreaterThan(200_000 * 3 + 16 * KB);
  });
});
