// The text drawn on a PDF's pages (the readable side of a Factur-X invoice), for assertions on what a reader sees.
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, decodePDFRawStream } from "@cantoo/pdf-lib";

/**
 * The text drawn on the pages, one drawn line after another, spaces (no-break ones too) collapsed: a wrapped
 * paragraph reads as one sentence. pdf-lib shows each line with one Tj of glyph ids, mapped back to Unicode by
 * each font's ToUnicode CMap (bfchar entries only).
 */
export async function pageText(pdf: Uint8Array): Promise<string> {
  const document = await PDFDocument.load(pdf, { updateMetadata: false });
  const decode = (stream: unknown) => (stream instanceof PDFRawStream ? new TextDecoder().decode(decodePDFRawStream(stream).decode()) : "");
  const lines: string[] = [];
  for (const page of document.getPages()) {
    const toUnicode = new Map<string, Map<string, string>>();
    for (const [name, ref] of page.node.Resources()?.lookup(PDFName.of("Font"), PDFDict).entries() ?? []) {
      const cmap = decode(document.context.lookup(ref, PDFDict).lookup(PDFName.of("ToUnicode")));
      const glyphs = new Map<string, string>();
      for (const [, glyph, units] of cmap.matchAll(/<([0-9A-F]{4})> <([0-9A-F]+)>/gi)) {
        glyphs.set(glyph.toUpperCase(), String.fromCharCode(...(units.match(/.{4}/g) ?? []).map((u) => parseInt(u, 16))));
      }
      toUnicode.set(name.toString(), glyphs);
    }
    const contents = page.node.Contents();
    const streams = contents instanceof PDFArray ? contents.asArray().map((ref) => document.context.lookup(ref)) : [contents];
    for (const stream of streams) {
      let font: Map<string, string> | undefined;
      for (const [, fontName, hex] of decode(stream).matchAll(/(\/\S+) [\d.]+ Tf|<([0-9A-F]*)> Tj/gi)) {
        if (fontName) font = toUnicode.get(fontName);
        else lines.push((hex.match(/.{4}/g) ?? []).map((glyph) => font?.get(glyph.toUpperCase()) ?? "\uFFFD").join(""));
      }
    }
  }
  return lines.join(" ").replace(/[\s\u00A0\u202F]+/g, " ");
}
