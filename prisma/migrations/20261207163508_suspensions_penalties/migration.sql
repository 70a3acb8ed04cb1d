-- CreateEnum
CREATE TYPE "InvoiceKind" AS ENUM ('FACTURE', 'PENALITES');

-- CreateEnum
CREATE TYPE "SuspensionReason" AS ENUM ('DEMANDE_CLIENT', 'PERTE_VOL', 'SEUIL_ENCOURS', 'IMPAYE');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "InvoiceLineKind" ADD VALUE 'PENALITES_RETARD';
ALTER TYPE "InvoiceLineKind" ADD VALUE 'INDEMNITE_RECOUVREMENT';

-- DropForeignKey
ALTER TABLE "ProvisioningRequest" DROP CONSTRAINT "ProvisioningRequest_resourceId_fkey";

-- DropIndex
DROP INDEX "Invoice_billingAccountId_periodStart_key";

-- AlterTable
ALTER TABLE "Invoice" ADD COLUMN     "kind" "InvoiceKind" NOT NULL DEFAULT 'FACTURE',
ADD COLUMN     "penaltyInvoiceId" INTEGER;

-- AlterTable
ALTER TABLE "ProvisioningRequest" ADD COLUMN     "serviceId" INTEGER,
ALTER COLUMN "resourceId" DROP NOT NULL;

-- CreateTable
CREATE TABLE "PenaltyWaiver" (
    "id" SERIAL NOT NULL,
    "invoiceId" INTEGER NOT NULL,
    "reason" VARCHAR(300) NOT NULL,
    "createdById" INTEGER NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "PenaltyWaiver_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LegalInterestRate" (
    "halfYearStart" DATE NOT NULL,
    "rateBp" INTEGER NOT NULL,
    "updatedById" INTEGER NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "LegalInterestRate_pkey" PRIMARY KEY ("halfYearStart")
);

-- CreateTable
CREATE TABLE "Suspension" (
    "id" SERIAL NOT NULL,
    "resourceId" INTEGER,
    "serviceId" INTEGER,
    "reason" "SuspensionReason" NOT NULL,
    "billingAccountId" INTEGER,
    "activeKey" VARCHAR(40),
    "startedAt" TIMESTAMPTZ(3) NOT NULL,
    "liftedAt" TIMESTAMPTZ(3),
    "actorId" INTEGER,
    "liftedById" INTEGER,

    CONSTRAINT "Suspension_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AccountSuspension" (
    "id" SERIAL NOT NULL,
    "billingAccountId" INTEGER NOT NULL,
    "reason" "SuspensionReason" NOT NULL,
    "openKey" VARCHAR(40),
    "announcedAt" TIMESTAMPTZ(3) NOT NULL,
    "suspendAt" TIMESTAMPTZ(3) NOT NULL,
    "appliedAt" TIMESTAMPTZ(3),
    "liftedAt" TIMESTAMPTZ(3),

    CONSTRAINT "AccountSuspension_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "PenaltyWaiver_invoiceId_key" ON "PenaltyWaiver"("invoiceId");

-- CreateIndex
CREATE UNIQUE INDEX "Suspension_activeKey_key" ON "Suspension"("activeKey");

-- CreateIndex
CREATE INDEX "Suspension_resourceId_liftedAt_idx" ON "Suspension"("resourceId", "liftedAt");

-- CreateIndex
CREATE INDEX "Suspension_serviceId_liftedAt_idx" ON "Suspension"("serviceId", "liftedAt");

-- CreateIndex
CREATE INDEX "Suspension_billingAccountId_reason_liftedAt_idx" ON "Suspension"("billingAccountId", "reason", "liftedAt");

-- CreateIndex
CREATE UNIQUE INDEX "AccountSuspension_openKey_key" ON "AccountSuspension"("openKey");

-- CreateIndex
CREATE INDEX "AccountSuspension_billingAccountId_announcedAt_idx" ON "AccountSuspension"("billingAccountId", "announcedAt");

-- CreateIndex
CREATE INDEX "Invoice_paidOn_idx" ON "Invoice"("paidOn");

-- CreateIndex
CREATE INDEX "Invoice_penaltyInvoiceId_idx" ON "Invoice"("penaltyInvoiceId");

-- CreateIndex
CREATE UNIQUE INDEX "Invoice_billingAccountId_periodStart_kind_key" ON "Invoice"("billingAccountId", "periodStart", "kind");

-- CreateIndex
CREATE INDEX "ProvisioningRequest_serviceId_requestedAt_idx" ON "ProvisioningRequest"("serviceId", "requestedAt");

-- AddForeignKey
ALTER TABLE "ProvisioningRequest" ADD CONSTRAINT "ProvisioningRequest_resourceId_fkey" FOREIGN KEY ("resourceId") REFERENCES "SimResource"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProvisioningRequest" ADD CONSTRAINT "ProvisioningRequest_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Invoice" ADD CONSTRAINT "Invoice_penaltyInvoiceId_fkey" FOREIGN KEY ("penaltyInvoiceId") REFERENCES "Invoice"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PenaltyWaiver" ADD CONSTRAINT "PenaltyWaiver_invoiceId_fkey" FOREIGN KEY ("invoiceId") REFERENCES "Invoice"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Suspension" ADD CONSTRAINT "Suspension_resourceId_fkey" FOREIGN KEY ("resourceId") REFERENCES "SimResource"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Suspension" ADD CONSTRAINT "Suspension_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Suspension" ADD CONSTRAINT "Suspension_billingAccountId_fkey" FOREIGN KEY ("billingAccountId") REFERENCES "BillingAccount"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AccountSuspension" ADD CONSTRAINT "AccountSuspension_billingAccountId_fkey" FOREIGN KEY ("billingAccountId") REFERENCES "BillingAccount"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- A suspension names a SIM line's resource or a SIP trunk, never both.
ALTER TABLE "Suspension" ADD CONSTRAINT "Suspension_one_target" CHECK (("resourceId" IS NULL) <> ("serviceId" IS NULL));

-- The lines suspended so far were suspended by their client.
INSERT INTO "Suspension" ("resourceId", "reason", "activeKey", "startedAt")
SELECT r."id", 'DEMANDE_CLIENT', 'r' || r."id" || ':DEMANDE_CLIENT', COALESCE(
  (SELECT MAX(h."at") FROM "ResourceHistory" h WHERE h."resourceId" = r."id" AND h."action" = 'SUSPENSION'), CURRENT_TIMESTAMP)
FROM "SimResource" r
WHERE r."state" = 'SUSPENDU'
   OR (r."state" = 'RESILIATION_PROGRAMMEE' AND EXISTS (
     SELECT 1 FROM "Termination" t WHERE t."resourceId" = r."id" AND t."state" = 'PROGRAMMEE' AND t."resourceStateBefore" = 'SUSPENDU'));
