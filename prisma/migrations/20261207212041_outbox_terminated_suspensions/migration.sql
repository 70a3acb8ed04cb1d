-- AlterTable
ALTER TABLE "OutgoingEmail" ADD COLUMN     "claimedAt" TIMESTAMPTZ(3);

-- The emails kept so far were each taken by the process that wrote it: none is queued.
UPDATE "OutgoingEmail" SET "claimedAt" = "createdAt";

-- A terminated line or trunk keeps no suspension reason (the termination job now ends them).
UPDATE "Suspension" s SET "activeKey" = NULL, "liftedAt" = now()
WHERE s."liftedAt" IS NULL
  AND (EXISTS (SELECT 1 FROM "SimResource" r WHERE r."id" = s."resourceId" AND r."state" = 'RESILIE')
    OR EXISTS (SELECT 1 FROM "Service" v WHERE v."id" = s."serviceId" AND v."state" = 'RESILIE'));
