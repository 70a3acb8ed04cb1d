-- CreateEnum
CREATE TYPE "CallCategory" AS ENUM ('FIXE_FRANCE', 'MOBILE_FRANCE', 'INTERNATIONAL', 'SPECIAL', 'ENTRANT');

-- CreateEnum
CREATE TYPE "VoiceRule" AS ENUM ('ASR_BAS', 'DUREE_MOYENNE_COURTE', 'APPEL_TROP_LONG', 'USAGE_EXCESSIF');

-- AlterTable
ALTER TABLE "Offer" ADD COLUMN     "unlimitedCalls" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "voiceChannelsPerUnit" INTEGER;

-- CreateTable
CREATE TABLE "CallRecord" (
    "id" VARCHAR(64) NOT NULL,
    "serviceId" INTEGER NOT NULL,
    "startedAt" TIMESTAMPTZ(0) NOT NULL,
    "category" "CallCategory" NOT NULL,
    "answered" BOOLEAN NOT NULL,
    "durationSeconds" INTEGER NOT NULL,

    CONSTRAINT "CallRecord_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CallDaily" (
    "serviceId" INTEGER NOT NULL,
    "day" DATE NOT NULL,
    "category" "CallCategory" NOT NULL,
    "calls" INTEGER NOT NULL,
    "answered" INTEGER NOT NULL,
    "durationSeconds" BIGINT NOT NULL,
    "longestSeconds" INTEGER NOT NULL,
    "longCalls" INTEGER NOT NULL,

    CONSTRAINT "CallDaily_pkey" PRIMARY KEY ("serviceId","day","category")
);

-- CreateTable
CREATE TABLE "CallDayPeak" (
    "serviceId" INTEGER NOT NULL,
    "day" DATE NOT NULL,
    "peakCalls" INTEGER NOT NULL,

    CONSTRAINT "CallDayPeak_pkey" PRIMARY KEY ("serviceId","day")
);

-- CreateTable
CREATE TABLE "VoiceAlert" (
    "id" SERIAL NOT NULL,
    "serviceId" INTEGER NOT NULL,
    "day" DATE NOT NULL,
    "rule" "VoiceRule" NOT NULL,
    "value" INTEGER NOT NULL,
    "inBreach" BOOLEAN NOT NULL DEFAULT true,
    "detectedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "VoiceAlert_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VoiceUsageReference" (
    "offerId" INTEGER NOT NULL,
    "month" CHAR(7) NOT NULL,
    "secondsPerChannel" INTEGER NOT NULL,
    "sample" INTEGER NOT NULL,
    "computedOn" DATE NOT NULL,

    CONSTRAINT "VoiceUsageReference_pkey" PRIMARY KEY ("offerId","month")
);

-- CreateIndex
CREATE INDEX "CallRecord_serviceId_startedAt_idx" ON "CallRecord"("serviceId", "startedAt");

-- CreateIndex
CREATE INDEX "CallDaily_day_idx" ON "CallDaily"("day");

-- CreateIndex
CREATE INDEX "VoiceAlert_day_inBreach_idx" ON "VoiceAlert"("day", "inBreach");

-- CreateIndex
CREATE UNIQUE INDEX "VoiceAlert_serviceId_day_rule_key" ON "VoiceAlert"("serviceId", "day", "rule");

-- AddForeignKey
ALTER TABLE "CallDaily" ADD CONSTRAINT "CallDaily_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CallDayPeak" ADD CONSTRAINT "CallDayPeak_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VoiceAlert" ADD CONSTRAINT "VoiceAlert_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Reference data: the catalogue's fixed telephony offers (SPEC §9); channels per unit ordered.
UPDATE "Offer" SET "voiceChannelsPerUnit" = 4, "unlimitedCalls" = true WHERE "code" = 'TEL-TRUNK-4';
UPDATE "Offer" SET "voiceChannelsPerUnit" = 1, "unlimitedCalls" = false WHERE "code" = 'TEL-TRUNK-SE';
UPDATE "Offer" SET "voiceChannelsPerUnit" = 1, "unlimitedCalls" = true WHERE "code" = 'TEL-METACENTREX';
