import { vi } from "vitest";

/**
 * verifyLogin sleeps a growing delay (up to 8 s) when an identifier has many recent failures. This
 * records the delays it asks for and lets them elapse at once, so throttling tests stay fast. Only
 * the timer of login.ts's `throttleDelay` is touched (told apart by the stack); every other
 * timer (Prisma, pg, nodemailer, smtp-server) keeps its real duration.
 */
/** True when the timer is the throttling delay of lib/server/login.ts (`throttleDelay`). */
function calledFromLoginModule(): boolean {
  return /\bthrottleDelay\b/.test(new Error().stack ?? "");
}

export function recordLoginDelays() {
  const requested: number[] = [];
  const realSetTimeout = globalThis.setTimeout;
  const spy = vi.spyOn(globalThis, "setTimeout").mockImplementation(((handler: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    if (typeof ms === "number" && ms > 0 && calledFromLoginModule()) {
      requested.push(ms);
      return realSetTimeout(handler, 0, ...args);
    }
    return realSetTimeout(handler, ms, ...args);
  }) as typeof setTimeout);
  return {
    requested,
    clear: () => requested.splice(0, requested.length),
    restore: () => spy.mockRestore(),
  };
}
