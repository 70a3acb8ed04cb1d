import "server-only";

/**
 * The SEPA Core mandate form (SPEC §12: "the portal produces the mandate form to sign"), one A4 page drawn with
 * `@cantoo/pdf-lib` in DejaVu Sans like the invoices: the creditor (the operator's name, address and ICS, from its
 * settings, never from the code), the debtor and its account, the RUM, *Paiement récurrent*, the mandate text the
 * EPC rulebook prescribes in its French wording, and the place, date and signature boxes the debtor fills in.
 */
import { PDFDocument, rgb, type PDFFont, type PDFPage, type RGB } from "@cantoo/pdf-lib";
import { fontkit, loadFonts } from "@/lib/server/pdf-fonts";
import { groupedIban } from "@/lib/domain/mandates";

export type MandateFormParty = { name: string; street: string | null; postcode: string | null; city: string | null; country: string };

export type MandateFormDocument = {
  rum: string;
  creditor: MandateFormParty & { creditorId: string };
  debtor: MandateFormParty;
  iban: string;
  bic: string | null;
  /** The billing account the mandate pays (the debtor's reference with the creditor). */
  accountRef: string;
};

export const MANDATE_FORM_TITLE = "Mandat de prélèvement SEPA";

/** The mandate text (EPC rulebook, SEPA Core, French version). */
export function mandateText(creditorName: string): string[] {
  return [
    `En signant ce formulaire de mandat, vous autorisez (A) ${creditorName} à envoyer des instructions à votre banque pour débiter votre compte, et (B) votre banque à débiter votre compte conformément aux instructions de ${creditorName}.`,
    "Vous bénéficiez du droit d'être remboursé par votre banque selon les conditions décrites dans la convention que vous avez passée avec elle. Une demande de remboursement doit être présentée dans les 8 semaines suivant la date de débit de votre compte pour un prélèvement autorisé.",
  ];
}

export const MANDATE_RIGHTS_NOTE = "Note : vos droits concernant le présent mandat sont expliqués dans un document que vous pouvez obtenir auprès de votre banque.";

export function privacyNote(creditorName: string): string {
  return `Les informations contenues dans le présent mandat sont destinées à n'être utilisées par ${creditorName} que pour la gestion de sa relation avec son client. Elles peuvent donner lieu à l'exercice, par ce dernier, de ses droits d'accès, de rectification et d'opposition (règlement (UE) 2016/679 et loi n° 78-17 du 6 janvier 1978).`;
}

function addressLines(party: MandateFormParty): string[] {
  const city = [party.postcode, party.city].filter(Boolean).join(" ");
  return [party.street, city || null, party.country === "FR" ? "France" : party.country].filter((line): line is string => !!line);
}

const PAGE_WIDTH = 595.28; // A4 in points
const PAGE_HEIGHT = 841.89;
const MARGIN = 48;
const RIGHT = PAGE_WIDTH - MARGIN;
const CONTENT_WIDTH = RIGHT - MARGIN;

const INK = rgb(0.1, 0.1, 0.12);
const MUTED = rgb(0.38, 0.4, 0.44);
const ACCENT = rgb(0.05, 0.27, 0.52);
const RULE = rgb(0.62, 0.65, 0.7);
const BAND = rgb(0.92, 0.94, 0.97);

type Style = { font: PDFFont; size: number; color: RGB };

class Page {
  private readonly charset: Map<PDFFont, Set<number>>;
  y = PAGE_HEIGHT - MARGIN;

  constructor(
    readonly page: PDFPage,
    readonly regular: PDFFont,
    readonly bold: PDFFont,
  ) {
    this.charset = new Map([regular, bold].map((font) => [font, new Set(font.getCharacterSet())]));
  }

  style(kind: "body" | "bold" | "small" | "label" | "title" | "heading"): Style {
    switch (kind) {
      case "body":
        return { font: this.regular, size: 9.5, color: INK };
      case "bold":
        return { font: this.bold, size: 9.5, color: INK };
      case "small":
        return { font: this.regular, size: 7.5, color: MUTED };
      case "label":
        return { font: this.regular, size: 8, color: MUTED };
      case "heading":
        return { font: this.bold, size: 11, color: ACCENT };
      case "title":
        return { font: this.bold, size: 20, color: ACCENT };
    }
  }

  /** Text the font can draw: line breaks become spaces, characters without a glyph "?". */
  clean(text: string, font: PDFFont): string {
    const set = this.charset.get(font)!;
    let out = "";
    for (const ch of text.replace(/[\r\n\t]+/g, " ")) out += set.has(ch.codePointAt(0) ?? 0x3f) ? ch : "?";
    return out;
  }

  draw(text: string, x: number, y: number, style: Style): void {
    this.page.drawText(this.clean(text, style.font), { x, y, size: style.size, font: style.font, color: style.color });
  }

  wrap(text: string, style: Style, maxWidth: number): string[] {
    const lines: string[] = [];
    let current = "";
    for (const word of this.clean(text, style.font).split(" ").filter(Boolean)) {
      const candidate = current ? `${current} ${word}` : word;
      if (current && style.font.widthOfTextAtSize(candidate, style.size) > maxWidth) {
        lines.push(current);
        current = word;
      } else current = candidate;
    }
    if (current) lines.push(current);
    return lines;
  }

  /** Wrapped text from the cursor down. */
  paragraph(text: string, style: Style, x = MARGIN, maxWidth = CONTENT_WIDTH, leading = style.size * 1.35): void {
    for (const line of this.wrap(text, style, maxWidth)) {
      this.y -= leading;
      this.draw(line, x, this.y, style);
    }
  }

  box(x: number, yTop: number, width: number, height: number, fill?: RGB): void {
    this.page.drawRectangle({ x, y: yTop - height, width, height, borderColor: RULE, borderWidth: 0.8, color: fill });
  }
}

/** A labelled value in a box: the label small above, the value below (or an empty line to fill in). */
function field(p: Page, label: string, value: string | null, x: number, yTop: number, width: number) {
  p.box(x, yTop, width, 30);
  p.draw(label, x + 6, yTop - 10, p.style("label"));
  if (value) p.draw(value, x + 6, yTop - 23, p.style("bold"));
}

/** One party's section: heading, then its lines of name and address, in a tinted box. */
function party(p: Page, heading: string, lines: [string, string | null][], yTop: number): number {
  const height = 16 + lines.length * 14 + 8;
  p.box(MARGIN, yTop, CONTENT_WIDTH, height, BAND);
  p.draw(heading, MARGIN + 8, yTop - 15, p.style("heading"));
  let y = yTop - 16;
  for (const [label, value] of lines) {
    y -= 14;
    p.draw(label, MARGIN + 8, y, p.style("label"));
    p.draw(value ?? "", MARGIN + 150, y, p.style("body"));
  }
  return yTop - height;
}

/** The one-page PDF of the form. */
export async function renderMandateFormPdf(doc: MandateFormDocument): Promise<Uint8Array> {
  const fonts = await loadFonts();
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(fontkit);
  const regular = await pdf.embedFont(fonts.regular, { subset: true });
  const bold = await pdf.embedFont(fonts.bold, { subset: true });
  // The title and subject carry the RUM: what a reader (or a test) finds without decoding the page.
  pdf.setTitle(`${MANDATE_FORM_TITLE} — RUM ${doc.rum}`);
  pdf.setSubject(`Mandat ${doc.rum} — ${doc.creditor.name}, ICS ${doc.creditor.creditorId} — compte ${doc.accountRef}`);
  pdf.setAuthor(doc.creditor.name);
  pdf.setLanguage("fr-FR");
  const p = new Page(pdf.addPage([PAGE_WIDTH, PAGE_HEIGHT]), regular, bold);

  p.y -= 20;
  p.draw(MANDATE_FORM_TITLE, MARGIN, p.y, p.style("title"));
  p.y -= 30;
  field(p, "Référence unique du mandat (RUM)", doc.rum, MARGIN, p.y, CONTENT_WIDTH * 0.62);
  field(p, "Type de paiement", "☒ Paiement récurrent", MARGIN + CONTENT_WIDTH * 0.62 + 8, p.y, CONTENT_WIDTH * 0.38 - 8);
  p.y -= 38;

  for (const text of mandateText(doc.creditor.name)) {
    p.paragraph(text, p.style("body"));
    p.y -= 4;
  }
  p.y -= 10;

  p.y = party(
    p,
    "Créancier",
    [
      ["Nom", doc.creditor.name],
      ["Adresse", addressLines(doc.creditor).join(", ")],
      ["Identifiant créancier SEPA (ICS)", doc.creditor.creditorId],
    ],
    p.y,
  );
  p.y -= 12;
  p.y = party(
    p,
    "Débiteur",
    [
      ["Nom du titulaire du compte", doc.debtor.name],
      ["Adresse", addressLines(doc.debtor).join(", ") || null],
      ["Référence client", doc.accountRef],
    ],
    p.y,
  );
  p.y -= 12;
  field(p, "IBAN (numéro international du compte bancaire)", groupedIban(doc.iban), MARGIN, p.y, CONTENT_WIDTH * 0.68);
  field(p, "BIC (code de la banque)", doc.bic ?? "", MARGIN + CONTENT_WIDTH * 0.68 + 8, p.y, CONTENT_WIDTH * 0.32 - 8);
  p.y -= 50;

  // What the debtor fills in by hand.
  const third = (CONTENT_WIDTH - 16) / 3;
  field(p, "Fait à", null, MARGIN, p.y, third);
  field(p, "Le (jj/mm/aaaa)", null, MARGIN + third + 8, p.y, third);
  p.box(MARGIN + 2 * (third + 8), p.y, third, 90);
  p.draw("Signature", MARGIN + 2 * (third + 8) + 6, p.y - 10, p.style("label"));
  p.y -= 104;

  p.paragraph(MANDATE_RIGHTS_NOTE, p.style("small"));
  p.y -= 4;
  p.paragraph(`Veuillez retourner ce formulaire signé à ${doc.creditor.name}, ou le déposer sur MyOpenIP (Comptes de facturation, compte ${doc.accountRef}).`, p.style("small"));
  p.y -= 4;
  p.paragraph(privacyNote(doc.creditor.name), p.style("small"));

  return pdf.save();
}
