/**
 * The rules of the actions on an OpenSIM line (SPEC §4, §10, seed 002): SMS sending limits and the
 * porting date window of *Activer une ressource mobile*. Pure: "now" and "today" are inputs.
 */
import { addDays, compareDays, formatFrenchDate, type CalendarDay } from "@/lib/domain/calendar-day";

export const SMS_MAX_LENGTH = 160;
export const SMS_PER_SECOND = 1;
export const SMS_PER_MINUTE = 10;

export type Check = { ok: true } | { ok: false; message: string };

/**
 * At most 1 SMS per second and 10 per minute per line: `sentAt` are the instants of the line's
 * SMS already sent (any order). Windows are sliding: [now − 1 s, now] and [now − 60 s, now].
 */
export function smsRateCheck(sentAt: Date[], now: Date): Check {
  const ago = (ms: number) => sentAt.filter((at) => at.getTime() > now.getTime() - ms && at.getTime() <= now.getTime()).length;
  if (ago(1000) >= SMS_PER_SECOND) return { ok: false, message: "Un seul SMS par seconde peut être envoyé depuis une ligne : réessayez dans un instant." };
  if (ago(60_000) >= SMS_PER_MINUTE) return { ok: false, message: `Au plus ${SMS_PER_MINUTE} SMS par minute peuvent être envoyés depuis une ligne : réessayez dans une minute.` };
  return { ok: true };
}

export function smsTextCheck(text: string): Check {
  if (text.trim().length === 0) return { ok: false, message: "Saisissez le texte du SMS." };
  if ([...text].length > SMS_MAX_LENGTH) return { ok: false, message: `Le SMS ne doit pas dépasser ${SMS_MAX_LENGTH} caractères.` };
  return { ok: true };
}

export const PORTING_DEFAULT_MAX_DAYS = 10;
export const PORTING_EXTENDED_MAX_DAYS = 59;

/**
 * The porting date of a ported number: from tomorrow, at most 10 days ahead by default, up to 59
 * days when the customer asks for a later date (SPEC §4).
 */
export function portingDateCheck(portingOn: CalendarDay, today: CalendarDay, extended: boolean): Check {
  const latest = addDays(today, extended ? PORTING_EXTENDED_MAX_DAYS : PORTING_DEFAULT_MAX_DAYS);
  if (compareDays(portingOn, today) <= 0) return { ok: false, message: "La date de portabilité doit être postérieure à aujourd'hui." };
  if (compareDays(portingOn, latest) > 0) {
    return {
      ok: false,
      message: extended
        ? `La date de portabilité ne peut pas dépasser ${PORTING_EXTENDED_MAX_DAYS} jours (au plus tard le ${formatFrenchDate(latest)}).`
        : `La date de portabilité ne peut pas dépasser ${PORTING_DEFAULT_MAX_DAYS} jours (au plus tard le ${formatFrenchDate(latest)}) ; cochez « date de portabilité plus lointaine » pour aller jusqu'à ${PORTING_EXTENDED_MAX_DAYS} jours.`,
    };
  }
  return { ok: true };
}
