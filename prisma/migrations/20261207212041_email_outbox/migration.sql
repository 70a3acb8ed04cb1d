-- AlterTable
ALTER TABLE "OutgoingEmail" ADD COLUMN     "claimedAt" TIMESTAMPTZ(3);

-- The emails kept so far were each taken by the process that wrote it: none is queued.
UPDATE "OutgoingEmail" SET "claimedAt" = "createdAt";
