/**
 * Voice monitoring (issue 9): what the call records of a fixed telephony service say per day and per
 * month, and the checks of the terms on them (seed 003 CGV art. 12.1, CP fixed telephony art. 1 and
 * CP mobile art. 1.1). Pure functions; counts compared as integers so that the boundaries are exact.
 *
 * - ASR (answer-seizure ratio) = answered placed calls ÷ placed calls. Warning when below 50 %
 *   (exactly 50 % is within the rule).
 * - Average duration = total duration of the answered placed calls ÷ their number (the ACD, which
 *   goes with the ASR). Warning when below 40 s (exactly 40 s is within the rule).
 * - Both apply only to days with at least 20 placed calls (exactly 20 counts), so that small customers
 *   are not warned for noise; a day with no call has no ASR and no average.
 * - Each call is limited to 120 minutes: a call longer than that (received or placed) is a warning.
 * - On an unlimited offer, the month's outgoing minutes to fixed and mobile France per channel are
 *   compared with the reference of the offer (the mean over its services of the same measure in the
 *   three calendar months before): a warning when the month, even unfinished, exceeds 3 times it.
 * - The SIP-rate rule of art. 12.1 needs signalling data that call records do not carry: not checked.
 */

export const CALL_CATEGORIES = ["FIXE_FRANCE", "MOBILE_FRANCE", "INTERNATIONAL", "SPECIAL", "ENTRANT"] as const;
export type CallCategory = (typeof CALL_CATEGORIES)[number];
export const PLACED_CATEGORIES = ["FIXE_FRANCE", "MOBILE_FRANCE", "INTERNATIONAL", "SPECIAL"] as const satisfies readonly CallCategory[];
export type Destination = (typeof PLACED_CATEGORIES)[number];
/** The destinations an unlimited offer includes (CP fixed telephony art. 1.1): fixed and mobile France. */
export const UNLIMITED_DESTINATIONS: readonly Destination[] = ["FIXE_FRANCE", "MOBILE_FRANCE"];

export const DESTINATION_LABELS: Record<Destination, string> = {
  FIXE_FRANCE: "Fixes France",
  MOBILE_FRANCE: "Mobiles France",
  INTERNATIONAL: "International",
  SPECIAL: "Numéros spéciaux",
};

export const VOICE_LIMITS = {
  /** ASR below this ratio (answered × 2 < placed) breaks the rule. */
  minAsrPercent: 50,
  minAverageSeconds: 40,
  /** A call longer than this (strictly) breaks the rule. */
  maxCallSeconds: 120 * 60,
  /** The ASR and average-duration checks need at least this many placed calls in the day. */
  minPlacedCalls: 20,
  /** On unlimited offers: the month's usage per channel above this multiple of the reference. */
  fairUseFactor: 3,
  /** The reference averages at least this many service-months; below, no fair-use check. */
  minReferenceSample: 3,
} as const;

export const VOICE_RULES = ["ASR_BAS", "DUREE_MOYENNE_COURTE", "APPEL_TROP_LONG", "USAGE_EXCESSIF"] as const;
export type VoiceRule = (typeof VOICE_RULES)[number];

export const VOICE_RULE_LABELS: Record<VoiceRule, string> = {
  ASR_BAS: "ASR quotidien inférieur à 50 %",
  DUREE_MOYENNE_COURTE: "Durée moyenne des appels inférieure à 40 s",
  APPEL_TROP_LONG: "Appel de plus de 120 minutes",
  USAGE_EXCESSIF: "Usage très supérieur à la moyenne de l'offre illimitée",
};

/** One aggregate row: the calls of a service in one Paris day and category. */
export type CallAggregate = {
  category: CallCategory;
  calls: number;
  answered: number;
  durationSeconds: number;
  longestSeconds: number;
  longCalls: number;
};

/** What a day (or a month) of calls amounts to. */
export type CallTraffic = {
  placed: number;
  placedAnswered: number;
  /** Duration of the answered placed calls. */
  placedSeconds: number;
  received: number;
  receivedAnswered: number;
  receivedSeconds: number;
  longestSeconds: number;
  longCalls: number;
  /** Placed calls, answered calls and their duration by destination type. */
  byDestination: Record<Destination, { calls: number; answered: number; seconds: number }>;
};

export function emptyTraffic(): CallTraffic {
  const byDestination = Object.fromEntries(PLACED_CATEGORIES.map((d) => [d, { calls: 0, answered: 0, seconds: 0 }])) as CallTraffic["byDestination"];
  return { placed: 0, placedAnswered: 0, placedSeconds: 0, received: 0, receivedAnswered: 0, receivedSeconds: 0, longestSeconds: 0, longCalls: 0, byDestination };
}

/** The traffic of a set of aggregate rows (a day's, or a month's). */
export function sumTraffic(rows: Iterable<CallAggregate>): CallTraffic {
  const t = emptyTraffic();
  for (const r of rows) {
    t.longestSeconds = Math.max(t.longestSeconds, r.longestSeconds);
    t.longCalls += r.longCalls;
    if (r.category === "ENTRANT") {
      t.received += r.calls;
      t.receivedAnswered += r.answered;
      t.receivedSeconds += r.durationSeconds;
      continue;
    }
    t.placed += r.calls;
    t.placedAnswered += r.answered;
    t.placedSeconds += r.durationSeconds;
    const d = t.byDestination[r.category];
    d.calls += r.calls;
    d.answered += r.answered;
    d.seconds += r.durationSeconds;
  }
  return t;
}

/** Answered ÷ placed, as a ratio in [0, 1]; null on a day with no placed call. */
export function asr(placed: number, answered: number): number | null {
  return placed === 0 ? null : answered / placed;
}

/** Average duration of the answered calls, in seconds; null when none was answered. */
export function averageSeconds(answered: number, seconds: number): number | null {
  return answered === 0 ? null : seconds / answered;
}

/** Minutes to fixed and mobile France (the unlimited destinations), the fair-use measure's numerator. */
export function unlimitedSeconds(t: CallTraffic): number {
  return UNLIMITED_DESTINATIONS.reduce((sum, d) => sum + t.byDestination[d].seconds, 0);
}

export type Breach = {
  rule: VoiceRule;
  /** The measure, in the rule's unit: ASR per mille, seconds, or percent of the reference. */
  value: number;
};

/** The daily rules (ASR, average duration, long call) broken by one day's traffic. */
export function dayBreaches(t: CallTraffic): Breach[] {
  const breaches: Breach[] = [];
  if (t.placed >= VOICE_LIMITS.minPlacedCalls) {
    if (t.placedAnswered * 100 < t.placed * VOICE_LIMITS.minAsrPercent) {
      breaches.push({ rule: "ASR_BAS", value: Math.floor((t.placedAnswered * 1000) / t.placed) });
    }
    if (t.placedAnswered > 0 && t.placedSeconds < t.placedAnswered * VOICE_LIMITS.minAverageSeconds) {
      breaches.push({ rule: "DUREE_MOYENNE_COURTE", value: Math.floor(t.placedSeconds / t.placedAnswered) });
    }
  }
  if (t.longCalls > 0) breaches.push({ rule: "APPEL_TROP_LONG", value: t.longestSeconds });
  return breaches;
}

/**
 * The fair-use rule on an unlimited offer: `monthSeconds` (the month so far, to fixed and mobile France)
 * over `channels`, against the reference (seconds per channel in a month). Null when within it, when
 * the reference is missing, too thin (fewer than 3 service-months) or zero.
 */
export function fairUseBreach(
  monthSeconds: number,
  channels: number,
  reference: { secondsPerChannel: number; sample: number } | null,
): Breach | null {
  if (!reference || reference.sample < VOICE_LIMITS.minReferenceSample || reference.secondsPerChannel <= 0 || channels <= 0) return null;
  // monthSeconds / channels > factor × reference, in integers.
  if (monthSeconds <= VOICE_LIMITS.fairUseFactor * reference.secondsPerChannel * channels) return null;
  return { rule: "USAGE_EXCESSIF", value: Math.floor((monthSeconds * 100) / (reference.secondsPerChannel * channels)) };
}

/** The reference of an offer: the mean of the service-months' seconds per channel (each service-month counts once). */
export function usageReference(serviceMonths: { seconds: number; channels: number }[]): { secondsPerChannel: number; sample: number } {
  const counted = serviceMonths.filter((m) => m.channels > 0);
  if (counted.length === 0) return { secondsPerChannel: 0, sample: 0 };
  const mean = counted.reduce((sum, m) => sum + m.seconds / m.channels, 0) / counted.length;
  return { secondsPerChannel: Math.round(mean), sample: counted.length };
}

/** A service's channels: the offer's channels per unit times the units of its OC; null = not a monitored voice service. */
export function serviceChannels(channelsPerUnit: number | null, units: number): number | null {
  return channelsPerUnit === null ? null : channelsPerUnit * Math.max(1, units);
}

/**
 * The destination type of a number called (French numbering plan): 01–05 and 09 are fixed France,
 * 06 and 07 mobile France, 08 and short numbers (emergency 15/17/18/112, 10xx, 3xxx, 118xxx) special,
 * any other country international. Accepts national (`0491234567`), +33 / 0033 forms, spaces, dots and
 * dashes; null when it is not a number.
 */
export function destinationOf(raw: string): Destination | null {
  const compact = raw.replace(/[\s.\-()]/g, "");
  if (!/^\+?\d{2,17}$/.test(compact)) return null;
  let number = compact.startsWith("+") ? `00${compact.slice(1)}` : compact;
  if (number.startsWith("0033")) number = `0${number.slice(4)}`;
  if (number.startsWith("00")) return number.length >= 7 ? "INTERNATIONAL" : null;
  if (/^0[1-59]\d{8}$/.test(number)) return "FIXE_FRANCE";
  if (/^0[67]\d{8}$/.test(number)) return "MOBILE_FRANCE";
  if (/^08\d{8}$/.test(number)) return "SPECIAL";
  if (/^(1[0-9]{1,5}|3\d{3})$/.test(number)) return "SPECIAL";
  return null;
}

/** Seconds as French text: `2 min 05 s`, `1 h 02 min`, `38 s`. */
export function formatCallDuration(totalSeconds: number): string {
  const s = Math.round(totalSeconds);
  if (s < 60) return `${s}\u00A0s`;
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const seconds = s % 60;
  if (hours > 0) return `${hours}\u00A0h\u00A0${String(minutes).padStart(2, "0")}\u00A0min`;
  return `${minutes}\u00A0min\u00A0${String(seconds).padStart(2, "0")}\u00A0s`;
}

/** A ratio as a French percentage with one decimal (`48,5 %`), or `—`. */
export function formatRatio(ratio: number | null): string {
  if (ratio === null) return "—";
  return `${(Math.floor(ratio * 1000) / 10).toLocaleString("fr-FR", { minimumFractionDigits: 1, maximumFractionDigits: 1 })}\u00A0%`;
}

/** The measure of a breach as French text (its value is in the rule's unit). */
export function formatBreachValue(rule: VoiceRule, value: number): string {
  if (rule === "ASR_BAS") return `ASR ${formatRatio(value / 1000)}`;
  if (rule === "DUREE_MOYENNE_COURTE") return `durée moyenne ${formatCallDuration(value)}`;
  if (rule === "APPEL_TROP_LONG") return `appel le plus long ${formatCallDuration(value)}`;
  return `${value.toLocaleString("fr-FR")}\u00A0% de la moyenne de l'offre`;
}

/** Staff's list of services in breach, most severe first: more rules broken, then more days, then the latest. */
export function compareSeverity(
  a: { rules: number; days: number; lastDay: string; ref: string },
  b: { rules: number; days: number; lastDay: string; ref: string },
): number {
  return b.rules - a.rules || b.days - a.days || b.lastDay.localeCompare(a.lastDay) || a.ref.localeCompare(b.ref);
}
