// The rules of the actions on an OpenSIM line (SPEC §4): SMS limits (1 per second, 10 per minute,
// sliding windows; 160 characters) and the porting date window (10 days, 59 on request).
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { portingDateCheck, smsRateCheck, smsTextCheck } from "@/lib/domain/mobile-line";
import { addDays } from "@/lib/domain/calendar-day";

const NOW = new Date("2026-04-20T10:00:00.000Z");
const ago = (ms: number) => new Date(NOW.getTime() - ms);

describe("smsRateCheck", () => {
  it("allows the first SMS of a line", () => {
    expect(smsRateCheck([], NOW)).toEqual({ ok: true });
  });

  it("allows 1 SMS per second, on a sliding window", () => {
    expect(smsRateCheck([ago(0)], NOW)).toMatchObject({ ok: false, message: expect.stringMatching(/Un seul SMS par seconde/) });
    expect(smsRateCheck([ago(999)], NOW)).toMatchObject({ ok: false });
    expect(smsRateCheck([ago(1000)], NOW)).toEqual({ ok: true });
    expect(smsRateCheck([ago(1001)], NOW)).toEqual({ ok: true });
  });

  it("allows 10 SMS per minute, on a sliding window", () => {
    const nine = Array.from({ length: 9 }, (_, i) => ago(2000 + i * 5000));
    expect(smsRateCheck(nine, NOW)).toEqual({ ok: true });
    const ten = [...nine, ago(59_999)];
    expect(smsRateCheck(ten, NOW)).toMatchObject({ ok: false, message: expect.stringMatching(/Au plus 10 SMS par minute/) });
    // The oldest leaves the window exactly 60 s after it was sent.
    expect(smsRateCheck([...nine, ago(60_000)], NOW)).toEqual({ ok: true });
    expect(smsRateCheck([...nine, ago(600_000)], NOW)).toEqual({ ok: true });
  });

  it("does not count SMS dated after now, whatever their order", () => {
    expect(smsRateCheck([new Date(NOW.getTime() + 500)], NOW)).toEqual({ ok: true });
    const shuffled = [ago(59_999), ...Array.from({ length: 9 }, (_, i) => ago(2000 + i * 5000))].reverse();
    expect(smsRateCheck(shuffled, NOW)).toMatchObject({ ok: false });
  });

  it("never lets more than 1 per second nor 10 per minute through (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 300_000 }), { maxLength: 60 }), (attempts) => {
        const sent: Date[] = [];
        for (const t of [...attempts].sort((a, b) => a - b)) {
          const at = new Date(NOW.getTime() + t);
          if (smsRateCheck(sent, at).ok) sent.push(at);
        }
        for (const s of sent) {
          const within = (ms: number) => sent.filter((x) => x.getTime() > s.getTime() - ms && x.getTime() <= s.getTime()).length;
          expect(within(1000)).toBeLessThanOrEqual(1);
          expect(within(60_000)).toBeLessThanOrEqual(10);
        }
      }),
    );
  });
});

describe("smsTextCheck", () => {
  it("takes up to 160 characters, accents counting as one", () => {
    expect(smsTextCheck("é".repeat(160))).toEqual({ ok: true });
    expect(smsTextCheck("à".repeat(159) + "ç")).toEqual({ ok: true });
    expect(smsTextCheck("é".repeat(161))).toMatchObject({ ok: false, message: "Le SMS ne doit pas dépasser 160 caractères." });
    expect(smsTextCheck("a".repeat(161))).toMatchObject({ ok: false });
    // A decomposed accent (e + U+0301) is two characters.
    expect(smsTextCheck("e\u0301".repeat(80))).toEqual({ ok: true });
    expect(smsTextCheck("e\u0301".repeat(81))).toMatchObject({ ok: false });
  });

  it("refuses an empty text", () => {
    expect(smsTextCheck("")).toMatchObject({ ok: false, message: "Saisissez le texte du SMS." });
    expect(smsTextCheck("   \n")).toMatchObject({ ok: false });
  });
});

describe("portingDateCheck", () => {
  const today = "2026-04-20";
  const day = (n: number) => addDays(today, n);

  it("refuses today and the past, takes tomorrow", () => {
    expect(portingDateCheck(today, today, false)).toMatchObject({ ok: false, message: "La date de portabilité doit être postérieure à aujourd'hui." });
    expect(portingDateCheck(day(-1), today, true)).toMatchObject({ ok: false });
    expect(portingDateCheck(day(1), today, false)).toEqual({ ok: true });
  });

  it("takes up to 10 days ahead by default", () => {
    expect(portingDateCheck(day(10), today, false)).toEqual({ ok: true });
    const refused = portingDateCheck(day(11), today, false);
    expect(refused).toMatchObject({ ok: false });
    expect(refused.ok === false && refused.message).toBe(
      "La date de portabilité ne peut pas dépasser 10 jours (au plus tard le 30/04/2026) ; cochez « date de portabilité plus lointaine » pour aller jusqu'à 59 jours.",
    );
  });

  it("takes up to 59 days ahead on request, not 60", () => {
    expect(portingDateCheck(day(11), today, true)).toEqual({ ok: true });
    expect(portingDateCheck(day(59), today, true)).toEqual({ ok: true });
    const refused = portingDateCheck(day(60), today, true);
    expect(refused.ok === false && refused.message).toBe("La date de portabilité ne peut pas dépasser 59 jours (au plus tard le 18/06/2026).");
  });

  it("counts calendar days across month ends and leap days", () => {
    expect(portingDateCheck("2028-03-10", "2028-02-29", false)).toEqual({ ok: true });
    expect(portingDateCheck("2028-03-11", "2028-02-29", false)).toMatchObject({ ok: false });
  });
});
