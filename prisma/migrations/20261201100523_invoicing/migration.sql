-- DropIndex
DROP INDEX "Invoice_issuedOn_idx";

-- DropIndex
DROP INDEX "InvoiceLine_invoiceId_idx";

-- AlterTable
ALTER TABLE "BillingAccount" ADD COLUMN     "sepaMandateRef" VARCHAR(35);

-- AlterTable
ALTER TABLE "CreditNote" ADD COLUMN     "issuedAt" TIMESTAMPTZ(3) NOT NULL;

-- AlterTable
ALTER TABLE "Invoice" ADD COLUMN     "creditCarriedCents" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "issuedAt" TIMESTAMPTZ(3) NOT NULL;

-- AlterTable
ALTER TABLE "InvoiceLine" ADD COLUMN     "detail" VARCHAR(300),
ADD COLUMN     "mobileLineId" INTEGER,
ADD COLUMN     "position" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "terminationId" INTEGER;

-- CreateIndex
CREATE INDEX "CreditNote_billingAccountId_appliedToInvoiceId_idx" ON "CreditNote"("billingAccountId", "appliedToInvoiceId");

-- CreateIndex
CREATE INDEX "CreditNote_invoiceId_idx" ON "CreditNote"("invoiceId");

-- CreateIndex
CREATE INDEX "CreditNote_issuedOn_idx" ON "CreditNote"("issuedOn");

-- CreateIndex
CREATE INDEX "Invoice_issuedOn_id_idx" ON "Invoice"("issuedOn", "id");

-- CreateIndex
CREATE INDEX "Invoice_totalTtcCents_id_idx" ON "Invoice"("totalTtcCents", "id");

-- CreateIndex
CREATE INDEX "Invoice_state_issuedOn_idx" ON "Invoice"("state", "issuedOn");

-- CreateIndex
CREATE UNIQUE INDEX "InvoiceLine_terminationId_key" ON "InvoiceLine"("terminationId");

-- CreateIndex
CREATE INDEX "InvoiceLine_invoiceId_position_idx" ON "InvoiceLine"("invoiceId", "position");

-- CreateIndex
CREATE INDEX "InvoiceLine_contractedOfferId_periodStart_idx" ON "InvoiceLine"("contractedOfferId", "periodStart");

-- CreateIndex
CREATE INDEX "InvoiceLine_mobileLineId_periodStart_idx" ON "InvoiceLine"("mobileLineId", "periodStart");

-- CreateIndex
CREATE INDEX "InvoiceLine_endClientId_invoiceId_idx" ON "InvoiceLine"("endClientId", "invoiceId");
