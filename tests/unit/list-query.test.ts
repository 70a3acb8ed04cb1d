import { describe, expect, it } from "vitest";
import { COUNT_CAP, COUNT_TAKE, PAGE_SIZE, resultSummary } from "@/lib/list-query";

/** The thousands separator of fr-FR, whichever space the runtime uses. */
const group = (10_000).toLocaleString("fr-FR").charAt(2);
const nbsp = (s: string) => s.replace(/10 000/g, `10${group}000`);

describe("resultSummary: what a list says of its capped count", () => {
  it("counts exactly up to the cap", () => {
    expect(resultSummary(0, 1)).toEqual({ label: "Aucun résultat", pages: 1 });
    expect(resultSummary(1, 1)).toEqual({ label: "1 résultat (1–1)", pages: 1 });
    expect(resultSummary(26, 1)).toEqual({ label: "26 résultats (1–26)", pages: 1 });
    expect(resultSummary(120, 3)).toEqual({ label: "120 résultats (101–120)", pages: 3 });
    expect(resultSummary(COUNT_CAP, 200)).toEqual({ label: nbsp(`10 000 résultats (9951–10000)`), pages: COUNT_CAP / PAGE_SIZE });
  });

  it("says 'plus de 10 000' past the cap and offers the first 200 pages", () => {
    expect(COUNT_TAKE).toBe(COUNT_CAP + 1);
    expect(resultSummary(COUNT_TAKE, 1)).toEqual({ label: nbsp("Plus de 10 000 résultats (1–50)"), pages: 200 });
    expect(resultSummary(COUNT_TAKE, 200).pages).toBe(200);
  });

  it("gives no range for a page past the end", () => {
    expect(resultSummary(10, 3)).toEqual({ label: "10 résultats", pages: 1 });
  });
});
