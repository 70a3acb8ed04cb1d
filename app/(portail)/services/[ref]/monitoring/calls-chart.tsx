"use client";

import { DailyBarChart, type DailyBar } from "@/components/daily-bar-chart";

const CALL_SERIES = [
  { label: "Émis décrochés", color: "#14285a" },
  { label: "Émis non décrochés", color: "#d2232a" },
  { label: "Reçus", color: "#f2b705" },
];

/**
 * The voice monitoring's calls per day (issue 9), rendered from data like line-usage.tsx: `bars` holds,
 * for each day, the placed calls answered, the placed calls not answered and the calls received.
 */
export function CallsChart({ bars, title }: { bars: DailyBar[]; title: string }) {
  return <DailyBarChart bars={bars} series={CALL_SERIES} formatMax={(max) => `${max.toLocaleString("fr-FR")} appels`} title={title} />;
}
