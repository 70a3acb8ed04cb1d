import type { Tx } from "@/lib/server/db";
import { now } from "@/lib/server/clock";
import { requestInfo } from "@/lib/server/request-info";
import type { Prisma } from "@/lib/generated/prisma/client";

export type AuditInput = {
  actorId: number | null;
  action: string;
  targetType: string;
  targetId: string | number;
  companyId?: number | null;
  details?: Prisma.InputJsonValue;
};

/** Writes an audit event (who, what, when, from which IP) inside the caller's transaction (SPEC §8). */
export async function audit(tx: Tx, event: AuditInput) {
  const { ip } = await requestInfo();
  await tx.auditEvent.create({
    data: {
      at: now(),
      actorId: event.actorId,
      action: event.action,
      targetType: event.targetType,
      targetId: String(event.targetId),
      companyId: event.companyId ?? null,
      ip,
      details: event.details,
    },
  });
}

/** Several audit events at once (a job issuing a batch of invoices), inside the caller's transaction. */
export async function auditMany(tx: Tx, events: AuditInput[]) {
  if (events.length === 0) return;
  const { ip } = await requestInfo();
  const at = now();
  await tx.auditEvent.createMany({
    data: events.map((e) => ({ at, actorId: e.actorId, action: e.action, targetType: e.targetType, targetId: String(e.targetId), companyId: e.companyId ?? null, ip, details: e.details })),
  });
}
