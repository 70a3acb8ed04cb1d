import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Admission } from "@/lib/admission";

/** Enters `n` requests named 0…n−1; `started` lists them as they start, `releases[i]` ends request i. */
function enterMany(admission: Admission, n: number, gone: (i: number) => boolean = () => false) {
  const started: number[] = [];
  const releases: (() => void)[] = [];
  for (let i = 0; i < n; i++) {
    admission.enter(
      (release) => {
        started.push(i);
        releases[i] = release;
      },
      () => gone(i),
    );
  }
  return { started, releases };
}

describe("Admission: a few requests render at once, the others wait their turn", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("starts `max` requests at once and the next ones in arrival order as each ends", () => {
    const admission = new Admission(2, 1000);
    const { started, releases } = enterMany(admission, 5);
    expect(started).toEqual([0, 1]);
    expect(admission.load).toEqual({ running: 2, waiting: 3 });
    releases[1]();
    expect(started).toEqual([0, 1, 2]);
    releases[0]();
    releases[2]();
    expect(started).toEqual([0, 1, 2, 3, 4]);
    releases[3]();
    releases[4]();
    expect(admission.load).toEqual({ running: 0, waiting: 0 });
  });

  it("counts a request once however many times it is released", () => {
    const admission = new Admission(1, 1000);
    const { started, releases } = enterMany(admission, 3);
    releases[0]();
    releases[0]();
    expect(started).toEqual([0, 1]);
    expect(admission.load).toEqual({ running: 1, waiting: 1 });
  });

  it("lets the next one start when a request holds its place longer than the lease", () => {
    const admission = new Admission(1, 1000);
    const { started, releases } = enterMany(admission, 2);
    vi.advanceTimersByTime(999);
    expect(started).toEqual([0]);
    vi.advanceTimersByTime(1);
    expect(started).toEqual([0, 1]);
    // The long request ending later frees nothing more: its place was already given back.
    releases[0]();
    expect(admission.load).toEqual({ running: 1, waiting: 0 });
  });

  it("skips the requests whose client left while they waited", () => {
    const admission = new Admission(1, 1000);
    const { started, releases } = enterMany(admission, 4, (i) => i === 1 || i === 2);
    releases[0]();
    expect(started).toEqual([0, 3]);
    expect(admission.load).toEqual({ running: 1, waiting: 0 });
  });

  it("refuses a limit that is not a positive whole number", () => {
    expect(() => new Admission(0, 1000)).toThrow(/positive integer/);
    expect(() => new Admission(Number.NaN, 1000)).toThrow(/positive integer/);
  });
});
