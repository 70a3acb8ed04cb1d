import { describe, expect, it } from "vitest";
import { searchKey } from "@/lib/domain/search-key";

describe("searchKey", () => {
  it("removes accents and case", () => {
    expect(searchKey("Cabinet Médical des Oliviers")).toBe("cabinet medical des oliviers");
    expect(searchKey("ÉLECTRICITÉ Générale Œuvre")).toBe("electricite generale oeuvre");
  });
  it("orders names as a French reader expects", () => {
    const names = ["Cabinet Médical des Oliviers", "Cabinet d'Avocats Mercier", "Cabinet Comptable Roux", "cabinet Zèbre", "Cabinet Été"];
    const sorted = [...names].sort((a, b) => (searchKey(a) < searchKey(b) ? -1 : 1));
    expect(sorted).toEqual(["Cabinet Comptable Roux", "Cabinet d'Avocats Mercier", "Cabinet Été", "Cabinet Médical des Oliviers", "cabinet Zèbre"]);
  });
  it("unifies apostrophes and spaces", () => {
    expect(searchKey("  L’Atelier   du  Port ")).toBe("l'atelier du port");
  });
});
