import { notFound } from "next/navigation";
import { db } from "@/lib/server/db";
import { setClock } from "@/lib/server/clock";
import { resetDemoWorld } from "@/prisma/reset";
import { isJobName, runJob } from "@/lib/server/jobs";
import { isValidDay } from "@/lib/domain/calendar-day";
import { failNextNetworkRequests } from "@/lib/server/provisioning";

export const dynamic = "force-dynamic";

/**
 * Test hooks for the end-to-end suite (SPEC §9, *Time*): restore the demo world, move the clock, run a job as of a day,
 * make the simulated mobile network refuse the next request.
 * Compiled only into builds made for the tests (next.config.ts: `*.test-build.ts`); a production build answers 404.
 */
export async function POST(request: Request, { params }: { params: Promise<{ action: string }> }) {
  const { action } = await params;
  if (action === "reset") {
    // Optionally as of an instant: the demo world's dates are laid out relative to the day it is seeded.
    const body = (await request.json().catch(() => ({}))) as { now?: string | null };
    setClock(body.now ? new Date(body.now) : null);
    await resetDemoWorld(db);
    return Response.json({ ok: true });
  }
  if (action === "clock") {
    const body = (await request.json()) as { now?: string | null };
    setClock(body.now ? new Date(body.now) : null);
    return Response.json({ ok: true });
  }
  if (action === "job") {
    const body = (await request.json()) as { name?: string; asOf?: string };
    if (!body.name || !isJobName(body.name) || (body.asOf && !isValidDay(body.asOf))) return Response.json({ ok: false }, { status: 400 });
    return Response.json({ ok: true, count: await runJob(body.name, body.asOf) });
  }
  if (action === "network-failure") {
    failNextNetworkRequests(1);
    return Response.json({ ok: true });
  }
  notFound();
}
