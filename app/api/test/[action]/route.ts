import { notFound } from "next/navigation";
import { db } from "@/lib/server/db";
import { setClock } from "@/lib/server/clock";
import { resetDemoWorld } from "@/prisma/reset";

export const dynamic = "force-dynamic";

/**
 * Test hooks for the end-to-end suite (SPEC §9, *Time*): restore the demo world, move the clock.
 * Served only when the server was started with MYOPENIP_TEST_API=1 (the Playwright web server).
 */
export async function POST(request: Request, { params }: { params: Promise<{ action: string }> }) {
  if (process.env.MYOPENIP_TEST_API !== "1") notFound();
  const { action } = await params;
  if (action === "reset") {
    setClock(null);
    await resetDemoWorld(db);
    return Response.json({ ok: true });
  }
  if (action === "clock") {
    const body = (await request.json()) as { now?: string | null };
    setClock(body.now ? new Date(body.now) : null);
    return Response.json({ ok: true });
  }
  notFound();
}
