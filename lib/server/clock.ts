/**
 * The one clock (SPEC §9, *Time*). Rules in lib/domain take "now"/"today" as arguments; everything on
 * the server reads them here, so tests and jobs can run as of any date.
 * - MYOPENIP_NOW (ISO instant) fixes the start instant for a process;
 * - `setClock` moves it at run time (integration tests, and the e2e test API when it is enabled).
 */
import { parisDay } from "@/lib/domain/calendar-day";

const state = globalThis as unknown as { __myopenipClockOffsetMs?: number };

function offsetMs(): number {
  if (state.__myopenipClockOffsetMs === undefined) {
    const fixed = process.env.MYOPENIP_NOW;
    state.__myopenipClockOffsetMs = fixed ? Date.parse(fixed) - Date.now() : 0;
  }
  return state.__myopenipClockOffsetMs;
}

export function now(): Date {
  return new Date(Date.now() + offsetMs());
}

/** Today's calendar day in Europe/Paris (`yyyy-MM-dd`). */
export function today(): string {
  return parisDay(now());
}

/** Makes `now()` return `instant` from this moment on (time keeps running); null goes back to real time. */
export function setClock(instant: Date | null) {
  state.__myopenipClockOffsetMs = instant ? instant.getTime() - Date.now() : 0;
}

/** The clock's current setting, to put back with `restoreClock` (the demo seed walks through past months). */
export function saveClock(): number {
  return offsetMs();
}

export function restoreClock(saved: number) {
  state.__myopenipClockOffsetMs = saved;
}
