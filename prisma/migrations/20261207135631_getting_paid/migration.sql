-- CreateEnum
CREATE TYPE "DebitState" AS ENUM ('AUCUN', 'PROGRAMME', 'REJETE');

-- CreateEnum
CREATE TYPE "PaymentKind" AS ENUM ('PRELEVEMENT', 'VIREMENT', 'CHEQUE', 'REJET');

-- CreateEnum
CREATE TYPE "BankEntryState" AS ENUM ('RAPPROCHEE', 'A_AFFECTER', 'AFFECTEE', 'IGNOREE');

-- AlterTable
ALTER TABLE "BillingAccount" ADD COLUMN     "creditLimitCents" INTEGER;

-- AlterTable
ALTER TABLE "Invoice" ADD COLUMN     "collectionOn" DATE,
ADD COLUMN     "debit" "DebitState" NOT NULL DEFAULT 'AUCUN',
ADD COLUMN     "emailedAt" TIMESTAMPTZ(3),
ADD COLUMN     "paidCents" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "paidOn" DATE;

-- AlterTable
ALTER TABLE "OperatorSettings" ADD COLUMN     "debitReturnFeeCents" INTEGER NOT NULL DEFAULT 1500,
ADD COLUMN     "preNotificationDays" INTEGER NOT NULL DEFAULT 5,
ADD COLUMN     "transferPaymentDays" INTEGER NOT NULL DEFAULT 30;

-- CreateTable
CREATE TABLE "DirectDebitFile" (
    "id" SERIAL NOT NULL,
    "messageId" VARCHAR(35) NOT NULL,
    "collectionOn" DATE NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "count" INTEGER NOT NULL,
    "totalCents" BIGINT NOT NULL,
    "xml" TEXT NOT NULL,

    CONSTRAINT "DirectDebitFile_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DirectDebit" (
    "id" SERIAL NOT NULL,
    "invoiceId" INTEGER NOT NULL,
    "fileId" INTEGER NOT NULL,
    "mandateId" INTEGER NOT NULL,
    "amountCents" BIGINT NOT NULL,
    "sequenceType" VARCHAR(4) NOT NULL,
    "paymentInfoId" VARCHAR(35) NOT NULL,
    "collectionOn" DATE NOT NULL,
    "confirmedOn" DATE,

    CONSTRAINT "DirectDebit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Payment" (
    "id" SERIAL NOT NULL,
    "billingAccountId" INTEGER NOT NULL,
    "invoiceId" INTEGER,
    "kind" "PaymentKind" NOT NULL,
    "amountCents" BIGINT NOT NULL,
    "receivedOn" DATE NOT NULL,
    "reasonCode" VARCHAR(4),
    "reason" VARCHAR(300),
    "reference" VARCHAR(140),
    "bankEntryId" INTEGER,
    "requestKey" VARCHAR(64),
    "actorId" INTEGER,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Payment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BankEntry" (
    "id" SERIAL NOT NULL,
    "key" VARCHAR(120) NOT NULL,
    "messageId" VARCHAR(35) NOT NULL,
    "position" INTEGER NOT NULL,
    "bookedOn" DATE NOT NULL,
    "amountCents" BIGINT NOT NULL,
    "direction" VARCHAR(6) NOT NULL,
    "kind" VARCHAR(12) NOT NULL,
    "label" VARCHAR(500) NOT NULL,
    "unassignedCents" BIGINT NOT NULL DEFAULT 0,
    "state" "BankEntryState" NOT NULL,
    "importedAt" TIMESTAMPTZ(3) NOT NULL,
    "importedById" INTEGER,

    CONSTRAINT "BankEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Reminder" (
    "id" SERIAL NOT NULL,
    "billingAccountId" INTEGER NOT NULL,
    "invoiceId" INTEGER NOT NULL,
    "cause" VARCHAR(40) NOT NULL,
    "sentOn" DATE NOT NULL,
    "suspendOn" DATE NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Reminder_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AccountHold" (
    "id" SERIAL NOT NULL,
    "billingAccountId" INTEGER NOT NULL,
    "reason" VARCHAR(300) NOT NULL,
    "until" DATE NOT NULL,
    "createdById" INTEGER NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "liftedAt" TIMESTAMPTZ(3),

    CONSTRAINT "AccountHold_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PendingCharge" (
    "id" SERIAL NOT NULL,
    "billingAccountId" INTEGER NOT NULL,
    "label" VARCHAR(300) NOT NULL,
    "amountHtCents" INTEGER NOT NULL,
    "sourceKey" VARCHAR(160) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "invoiceId" INTEGER,

    CONSTRAINT "PendingCharge_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "DirectDebitFile_messageId_key" ON "DirectDebitFile"("messageId");

-- CreateIndex
CREATE INDEX "DirectDebitFile_collectionOn_id_idx" ON "DirectDebitFile"("collectionOn", "id");

-- CreateIndex
CREATE UNIQUE INDEX "DirectDebit_invoiceId_key" ON "DirectDebit"("invoiceId");

-- CreateIndex
CREATE INDEX "DirectDebit_fileId_idx" ON "DirectDebit"("fileId");

-- CreateIndex
CREATE INDEX "DirectDebit_paymentInfoId_idx" ON "DirectDebit"("paymentInfoId");

-- CreateIndex
CREATE UNIQUE INDEX "Payment_requestKey_key" ON "Payment"("requestKey");

-- CreateIndex
CREATE INDEX "Payment_invoiceId_idx" ON "Payment"("invoiceId");

-- CreateIndex
CREATE INDEX "Payment_billingAccountId_receivedOn_idx" ON "Payment"("billingAccountId", "receivedOn");

-- CreateIndex
CREATE INDEX "Payment_bankEntryId_idx" ON "Payment"("bankEntryId");

-- CreateIndex
CREATE UNIQUE INDEX "BankEntry_key_key" ON "BankEntry"("key");

-- CreateIndex
CREATE INDEX "BankEntry_state_bookedOn_idx" ON "BankEntry"("state", "bookedOn");

-- CreateIndex
CREATE UNIQUE INDEX "Reminder_cause_key" ON "Reminder"("cause");

-- CreateIndex
CREATE INDEX "Reminder_billingAccountId_sentOn_idx" ON "Reminder"("billingAccountId", "sentOn");

-- CreateIndex
CREATE INDEX "Reminder_invoiceId_idx" ON "Reminder"("invoiceId");

-- CreateIndex
CREATE INDEX "AccountHold_billingAccountId_until_idx" ON "AccountHold"("billingAccountId", "until");

-- CreateIndex
CREATE UNIQUE INDEX "PendingCharge_sourceKey_key" ON "PendingCharge"("sourceKey");

-- CreateIndex
CREATE INDEX "PendingCharge_billingAccountId_invoiceId_idx" ON "PendingCharge"("billingAccountId", "invoiceId");

-- CreateIndex
CREATE INDEX "Invoice_collectionOn_debit_idx" ON "Invoice"("collectionOn", "debit");

-- AddForeignKey
ALTER TABLE "DirectDebit" ADD CONSTRAINT "DirectDebit_invoiceId_fkey" FOREIGN KEY ("invoiceId") REFERENCES "Invoice"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DirectDebit" ADD CONSTRAINT "DirectDebit_fileId_fkey" FOREIGN KEY ("fileId") REFERENCES "DirectDebitFile"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DirectDebit" ADD CONSTRAINT "DirectDebit_mandateId_fkey" FOREIGN KEY ("mandateId") REFERENCES "SepaMandate"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Payment" ADD CONSTRAINT "Payment_billingAccountId_fkey" FOREIGN KEY ("billingAccountId") REFERENCES "BillingAccount"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Payment" ADD CONSTRAINT "Payment_invoiceId_fkey" FOREIGN KEY ("invoiceId") REFERENCES "Invoice"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Payment" ADD CONSTRAINT "Payment_bankEntryId_fkey" FOREIGN KEY ("bankEntryId") REFERENCES "BankEntry"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Reminder" ADD CONSTRAINT "Reminder_billingAccountId_fkey" FOREIGN KEY ("billingAccountId") REFERENCES "BillingAccount"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AccountHold" ADD CONSTRAINT "AccountHold_billingAccountId_fkey" FOREIGN KEY ("billingAccountId") REFERENCES "BillingAccount"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PendingCharge" ADD CONSTRAINT "PendingCharge_billingAccountId_fkey" FOREIGN KEY ("billingAccountId") REFERENCES "BillingAccount"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- The *Payée* invoices, and those paid then contested: paid in full on their due date, by a payment of their kind.
INSERT INTO "Payment" ("billingAccountId", "invoiceId", "kind", "amountCents", "receivedOn", "reference")
SELECT i."billingAccountId", i."id", CASE WHEN i."mandateRef" IS NULL THEN 'VIREMENT'::"PaymentKind" ELSE 'PRELEVEMENT'::"PaymentKind" END,
  i."totalTtcCents", i."dueOn", i."number"
FROM "Invoice" i WHERE i."totalTtcCents" > 0 AND (i."state" = 'PAYEE' OR (i."state" = 'CONTESTEE' AND EXISTS (
  SELECT 1 FROM "Contestation" c WHERE c."invoiceId" = i."id" AND c."state" = 'OUVERTE' AND c."invoiceStateBefore" = 'PAYEE')));
-- A paid invoice under an open contestation was paid too (its state before the contestation says so).
UPDATE "Invoice" i SET "paidCents" = "totalTtcCents", "paidOn" = "dueOn" WHERE i."state" = 'PAYEE' OR (i."state" = 'CONTESTEE' AND EXISTS (
  SELECT 1 FROM "Contestation" c WHERE c."invoiceId" = i."id" AND c."state" = 'OUVERTE' AND c."invoiceStateBefore" = 'PAYEE'));
-- Invoices issued before this version were not emailed by the portal: none is sent now.
UPDATE "Invoice" SET "emailedAt" = "issuedAt";
UPDATE "Invoice" SET "state" = 'EMISE' WHERE "state" = 'PAYEE';
UPDATE "Contestation" SET "invoiceStateBefore" = 'EMISE' WHERE "invoiceStateBefore" = 'PAYEE';

-- AlterEnum: PAYEE leaves the contestation state
CREATE TYPE "InvoiceState_new" AS ENUM ('EMISE', 'CONTESTEE');
ALTER TABLE "public"."Invoice" ALTER COLUMN "state" DROP DEFAULT;
ALTER TABLE "Invoice" ALTER COLUMN "state" TYPE "InvoiceState_new" USING ("state"::text::"InvoiceState_new");
ALTER TABLE "Contestation" ALTER COLUMN "invoiceStateBefore" TYPE "InvoiceState_new" USING ("invoiceStateBefore"::text::"InvoiceState_new");
ALTER TYPE "InvoiceState" RENAME TO "InvoiceState_old";
ALTER TYPE "InvoiceState_new" RENAME TO "InvoiceState";
DROP TYPE "public"."InvoiceState_old";
ALTER TABLE "Invoice" ALTER COLUMN "state" SET DEFAULT 'EMISE';

