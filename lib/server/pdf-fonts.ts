import "server-only";

/**
 * DejaVu Sans for the PDFs the portal draws with `@cantoo/pdf-lib` (invoices and credit notes, the SEPA mandate
 * form): the font files read once per process, and the fontkit that the fork needs. DejaVu is embedded and
 * subset (PDF/A requires embedded fonts: the standard 14 are never used).
 */
import fs from "node:fs";
import path from "node:path";
import type { PDFDocument } from "@cantoo/pdf-lib";
import * as fontkitModule from "@pdf-lib/fontkit";

type FontkitLike = Parameters<PDFDocument["registerFontkit"]>[0];
type PdfLibFontkit = { create(buffer: Uint8Array, postscriptName?: string): { createSubset(): object } };
// The package is UMD (CommonJS in Node, where `default` is module.exports) with an ES build that has
// only a default export (what a bundler picks): take the default when there is one.
const pdfLibFontkit = ((fontkitModule as unknown as { default?: unknown }).default ?? fontkitModule) as PdfLibFontkit;

/**
 * `@pdf-lib/fontkit` for `@cantoo/pdf-lib`. The fork calls `subset.encode()` whenever the subset has
 * an `encode` method (the fontkit v2 API, returning the bytes), else `encodeStream()`. In
 * `@pdf-lib/fontkit` `encode(stream)` exists but is the internal writer that `encodeStream()` drives,
 * and calling it without a stream throws — so the subset is shown to the fork without it.
 */
const parsedFonts = new WeakMap<Uint8Array, ReturnType<PdfLibFontkit["create"]>>();
export const fontkit: FontkitLike = {
  create(buffer: Uint8Array, postscriptName?: string) {
    // The font files are read once per process: parse each once too (a fifth of a rendering), the
    // subsets stay per document.
    const cached = parsedFonts.get(buffer);
    if (cached) return cached;
    const font = pdfLibFontkit.create(buffer, postscriptName);
    parsedFonts.set(buffer, font);
    const createSubset = font.createSubset.bind(font);
    font.createSubset = () => {
      const subset = createSubset();
      return new Proxy(subset, {
        get(target, property) {
          if (property === "encode") return undefined;
          const value: unknown = Reflect.get(target, property, target);
          return typeof value === "function" ? value.bind(target) : value;
        },
      });
    };
    return font;
  },
} as unknown as FontkitLike;

const FONT_DIR = "node_modules/dejavu-fonts-ttf/ttf";
let fontBytes: Promise<{ regular: Uint8Array; bold: Uint8Array }> | undefined;

export function loadFonts(): Promise<{ regular: Uint8Array; bold: Uint8Array }> {
  // Read once per process, from the project root the app runs in (not import.meta.url, which points
  // into the bundle once Next has built this module).
  fontBytes ??= Promise.all([
    fs.promises.readFile(path.join(process.cwd(), FONT_DIR, "DejaVuSans.ttf")),
    fs.promises.readFile(path.join(process.cwd(), FONT_DIR, "DejaVuSans-Bold.ttf")),
  ]).then(([regular, bold]) => ({ regular, bold }));
  fontBytes.catch(() => {
    fontBytes = undefined;
  });
  return fontBytes;
}
