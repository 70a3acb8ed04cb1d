// SPEC §12's master data: what its forms check, without a database.
import { describe, expect, it } from "vitest";
import { isFrenchPostcode } from "@/lib/domain/master-data";

describe("isFrenchPostcode", () => {
  it("is exactly 5 digits", () => {
    for (const s of ["13100", "05000", "97400", "20000"]) expect(isFrenchPostcode(s), s).toBe(true);
    for (const s of ["1310", "131000", "13 100", "2A000", "", " 13100", "１３１００"]) expect(isFrenchPostcode(s), s).toBe(false);
  });
});
