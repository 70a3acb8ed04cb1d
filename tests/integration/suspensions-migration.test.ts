// The suspensions_penalties migration on the rows of the version before it: each line *Suspendu* was suspended by its
// client, and so was a line whose termination is scheduled when it was *Suspendu* before it; the backfill gives each
// of them one active *Demande client* reason, and none to the others. Run as the migration runs it, on a demo world.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { loadActor } from "@/lib/server/authz";
import { loadMigrationsList } from "@/lib/server/schema-engine";
import { setLineSuspended } from "@/lib/server/line-actions";
import { requestLineTermination } from "@/lib/server/line-terminations";
import { seedDemoWorld } from "@/prisma/demo-world";
import { freezeClockAt, realClock } from "./support/fixtures";

beforeAll(async () => {
  freezeClockAt(new Date("2026-04-16T08:00:00Z"));
  await seedDemoWorld(db);
});
afterAll(realClock);

describe("the suspensions_penalties migration", () => {
  it("gives the lines suspended before it a Demande client reason, also when their termination is scheduled", async () => {
    const client = (await loadActor((await db.user.findUniqueOrThrow({ where: { identifier: "E-0000000004" } })).id, null, null))!;
    // A line suspended then given notice, as the previous version left it: RESILIATION_PROGRAMMEE, *Suspendu* before.
    await setLineSuspended(client, "FPC367678", true);
    await requestLineTermination(client, "FPC367678", { requestedOn: "2026-04-16", comment: null });
    // Another one *Suspendu*: a line on the demo's *Disponible* resource FPC367679.
    const line = await db.mobileLine.create({ data: { msisdn: "0699000002", iccid: "8933019000000000027", activatedOn: new Date("2026-04-01T00:00:00Z") } });
    const suspended = await db.simResource.update({ where: { ref: "FPC367679" }, data: { lineId: line.id, state: "SUSPENDU" } });
    await db.suspension.deleteMany();

    const folder = (await loadMigrationsList()).migrationDirectories.find((m) => m.path.endsWith("_suspensions_penalties"))!;
    const sql = await readFile(path.join("prisma", "migrations", folder.path, "migration.sql"), "utf8");
    await db.$executeRawUnsafe(sql.match(/INSERT INTO "Suspension"[^;]+;/)![0]);

    const rows = await db.suspension.findMany({ include: { resource: { select: { ref: true, state: true } } }, orderBy: { id: "asc" } });
    expect(rows.map((r) => [r.resource!.ref, r.resource!.state, r.reason, r.activeKey, r.liftedAt]).sort()).toEqual(
      [
        ["FPC367678", "RESILIATION_PROGRAMMEE", "DEMANDE_CLIENT", `r${rows.find((r) => r.resource!.ref === "FPC367678")!.resourceId}:DEMANDE_CLIENT`, null],
        [suspended.ref, "SUSPENDU", "DEMANDE_CLIENT", `r${suspended.id}:DEMANDE_CLIENT`, null],
      ].sort(),
    );
    // The client's own reactivation then finds its reason.
    expect(await setLineSuspended(client, suspended.ref, false)).toEqual([]);
  });
});
