// Requests to the staff CSV import routes (app/api/imports/…), as the import page's script sends them.

/** A POST of `file` (or a text in its place) from the portal's own page, asking for the form's state as JSON. */
export function uploadRequest(path: string, file: File | string, headers: Record<string, string> = {}): Request {
  const form = new FormData();
  form.set("file", file);
  return new Request(`http://localhost${path}`, { method: "POST", body: form, headers: { "sec-fetch-site": "same-origin", accept: "application/json", ...headers } });
}
