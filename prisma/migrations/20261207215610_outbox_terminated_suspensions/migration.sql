-- AlterTable
ALTER TABLE "OutgoingEmail" ADD COLUMN     "claimedAt" TIMESTAMPTZ(3),
ADD COLUMN     "queuedAt" TIMESTAMPTZ(3);


-- A terminated line or trunk keeps no suspension reason (the termination job now ends them).
UPDATE "Suspension" s SET "activeKey" = NULL, "liftedAt" = now()
WHERE s."liftedAt" IS NULL
  AND (EXISTS (SELECT 1 FROM "SimResource" r WHERE r."id" = s."resourceId" AND r."state" = 'RESILIE')
    OR EXISTS (SELECT 1 FROM "Service" v WHERE v."id" = s."serviceId" AND v."state" = 'RESILIE'));
