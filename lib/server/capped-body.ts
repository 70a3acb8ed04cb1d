import "server-only";
import { CSV_UPLOAD_MAX_BYTES } from "@/lib/domain/csv-import";

/** Auth.js' forms (sign-in, sign-out, session update) are a few hundred bytes. */
export const AUTH_BODY_MAX_BYTES = 16 * 1024;

/** A staff CSV upload: the file (20 Mo at most) and its multipart envelope. */
export const IMPORT_BODY_MAX_BYTES = CSV_UPLOAD_MAX_BYTES + 1024 * 1024;

/** True when the request announces a body longer than `maxBytes` (it is then refused unread). */
export function announcesMoreThan(request: Request, maxBytes: number): boolean {
  const declared = Number(request.headers.get("content-length") ?? "");
  return Number.isFinite(declared) && declared > maxBytes;
}

/**
 * The request's body, read chunk by chunk up to `maxBytes`: null as soon as it announces or brings more, and
 * then nothing beyond that chunk is read (the stream is cancelled). A body-less request gives an empty body.
 */
export async function readCappedBody(request: Request, maxBytes: number): Promise<Uint8Array<ArrayBuffer> | null> {
  if (announcesMoreThan(request, maxBytes)) return null;
  const chunks: Uint8Array[] = [];
  let length = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      length += value.byteLength;
      if (length > maxBytes) {
        await reader.cancel().catch(() => undefined);
        return null;
      }
      chunks.push(value);
    }
  }
  const body = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/**
 * The request's form fields (multipart or URL-encoded), read within `maxBytes` and parsed by the platform's own
 * parser: "too large" beyond the cap, "malformed" when the body is not a form.
 */
export async function readCappedForm(request: Request, maxBytes: number): Promise<FormData | "too large" | "malformed"> {
  const body = await readCappedBody(request, maxBytes);
  if (body === null) return "too large";
  try {
    return await new Response(body, { headers: { "content-type": request.headers.get("content-type") ?? "" } }).formData();
  } catch {
    return "malformed";
  }
}
