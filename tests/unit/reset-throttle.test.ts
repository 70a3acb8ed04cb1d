import { describe, expect, it } from "vitest";
import { resetRequestAllowed } from "@/lib/domain/reset-throttle";

describe("resetRequestAllowed (SPEC §2, issue 32 item 7)", () => {
  it("allows 3 requests per identifier in the hour, not a 4th", () => {
    expect([1, 2, 3, 4, 50].map((identifier) => resetRequestAllowed({ identifier, ip: 1 }))).toEqual([true, true, true, false, false]);
  });

  it("allows 10 requests per address in the hour, on any identifiers, not an 11th", () => {
    expect([1, 10, 11, 500].map((ip) => resetRequestAllowed({ identifier: 1, ip }))).toEqual([true, true, false, false]);
  });
});
