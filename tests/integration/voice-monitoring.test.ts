import { beforeAll, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { seedDemoWorld } from "@/prisma/demo-world";
import { servicesInBreach } from "@/lib/server/voice-monitoring";
import { formatDay } from "@/lib/domain/calendar-day";
import { freezeClockAt } from "./support/fixtures";

const AT = process.env.VM_AT ?? "2026-04-23T10:00:00Z";
beforeAll(async () => {
  freezeClockAt(new Date(AT));
  const t = Date.now();
  await seedDemoWorld(db);
  console.log("seed ms", Date.now() - t);
});

it("explore", async () => {
  const services = await db.service.findMany({ where: { type: "TELEPHONIE_IP" }, select: { id: true, ref: true, state: true, companyId: true, contractedOffer: { select: { lineCount: true, offer: { select: { code: true, voiceChannelsPerUnit: true, unlimitedCalls: true } } } } } });
  for (const s of services) {
    const agg = await db.callDaily.aggregate({ where: { serviceId: s.id }, _min: { day: true }, _max: { day: true }, _sum: { calls: true } });
    const peak = await db.callDayPeak.aggregate({ where: { serviceId: s.id }, _max: { peakCalls: true } });
    console.log(s.ref, s.companyId, s.state, s.contractedOffer.offer.code, s.contractedOffer.lineCount, agg._min.day && formatDay(agg._min.day), agg._max.day && formatDay(agg._max.day), agg._sum.calls, peak._max.peakCalls);
  }
  const alerts = await db.voiceAlert.findMany({ include: { service: { select: { ref: true } } }, orderBy: [{ serviceId: "asc" }, { day: "asc" }] });
  for (const a of alerts) console.log(a.service.ref, formatDay(a.day), a.rule, a.value, a.inBreach);
  console.log(JSON.stringify(await servicesInBreach(1), null, 1));
  const mails = await db.outgoingEmail.findMany({ where: { kind: "voice-alert" } });
  for (const m of mails) console.log(m.to, m.subject, "\n", m.text);
  console.log(await db.callRecord.count(), await db.voiceUsageReference.findMany());
  expect(1).toBe(1);
});
