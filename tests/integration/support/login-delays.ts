import { vi } from "vitest";

/**
 * verifyLogin sleeps a growing delay (up to 8 s) when an identifier has many recent failures. This
 * records the delays it asks for and lets them elapse at once, so throttling tests stay fast. Only
 * timers set from lib/server/login.ts are touched (told apart by the caller's stack); every other
 * timer (Prisma, pg, nodemailer, smtp-server) keeps its real duration.
 */
export function recordLoginDelays() {
  const requested: number[] = [];
  const realSetTimeout = globalThis.setTimeout;
  const spy = vi.spyOn(globalThis, "setTimeout").mockImplementation(((handler: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    if (typeof ms === "number" && ms > 0 && /[\\/]lib[\\/]server[\\/]login\.ts/.test(new Error().stack ?? "")) {
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
