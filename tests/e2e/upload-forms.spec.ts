// The staff upload forms (components/upload-form.tsx): a file over the route's cap is refused on the page, with the
// route's own French message, before anything is sent; choosing another file clears the message.
import { test, expect, login, resetWorld } from "./fixtures";
import { CSV_UPLOAD_MAX_BYTES, CSV_UPLOAD_TOO_BIG } from "@/lib/domain/csv-import";
import { STATEMENT_MAX_BYTES, STATEMENT_TOO_BIG } from "@/app/(adv)/admin/paiements/statement-upload";

test.beforeAll(resetWorld);

const FORMS = [
  { page: "/admin/consommations", label: "Fichier CSV des consommations", name: "gros.csv", mimeType: "text/csv", maxBytes: CSV_UPLOAD_MAX_BYTES, tooBig: CSV_UPLOAD_TOO_BIG },
  { page: "/admin/appels", label: "Fichier CSV des appels", name: "gros.csv", mimeType: "text/csv", maxBytes: CSV_UPLOAD_MAX_BYTES, tooBig: CSV_UPLOAD_TOO_BIG },
  { page: "/admin/paiements", label: "Fichier du relevé (camt.053 ou camt.054)", name: "gros.xml", mimeType: "application/xml", maxBytes: STATEMENT_MAX_BYTES, tooBig: STATEMENT_TOO_BIG },
];

test("a file over the cap is refused before it is sent, on each import page", async ({ page }) => {
  const uploads: string[] = [];
  page.on("request", (request) => {
    if (request.method() === "POST" && new URL(request.url()).pathname.startsWith("/api/imports/")) uploads.push(request.url());
  });
  await login(page, "E-0000000001");
  for (const form of FORMS) {
    await page.goto(form.page);
    const input = page.getByLabel(form.label);
    await input.setInputFiles({ name: form.name, mimeType: form.mimeType, buffer: Buffer.alloc(form.maxBytes + 1, 0x20) });
    await page.getByRole("button", { name: "Importer" }).click();
    await expect(page.getByText(form.tooBig)).toBeVisible();
    await expect(input).toHaveAttribute("aria-invalid", "true");
    await input.setInputFiles({ name: "petit.txt", mimeType: "text/plain", buffer: Buffer.from("x") });
    await expect(page.getByText(form.tooBig)).toHaveCount(0);
  }
  expect(uploads).toEqual([]);
});
