-- CreateEnum
CREATE TYPE "BillingMode" AS ENUM ('DIRECTE', 'VIA_REVENDEUR');

-- CreateEnum
CREATE TYPE "ContactRole" AS ENUM ('FACTURATION', 'TECHNIQUE', 'ADMINISTRATIF');

-- CreateEnum
CREATE TYPE "PaymentMethod" AS ENUM ('PRELEVEMENT_SEPA', 'VIREMENT');

-- CreateEnum
CREATE TYPE "MandateState" AS ENUM ('ACTIF', 'REVOQUE', 'CADUC');

-- AlterEnum
ALTER TYPE "OrderState" ADD VALUE 'A_VALIDER_REVENDEUR';

-- Invoice: the RUM it was collected under, copied from its account's for the invoices issued so far.
ALTER TABLE "Invoice" ADD COLUMN     "mandateRef" VARCHAR(35);
UPDATE "Invoice" i SET "mandateRef" = a."sepaMandateRef" FROM "BillingAccount" a WHERE a."id" = i."billingAccountId" AND a."sepaMandateRef" IS NOT NULL;

-- BillingAccount: an account that had a RUM pays by direct debit; its mandate (IBAN unknown here) is to be recorded
-- again, and until then it is listed as missing one (SPEC §17).
ALTER TABLE "BillingAccount" ADD COLUMN     "paymentMethod" "PaymentMethod" NOT NULL DEFAULT 'VIREMENT';
UPDATE "BillingAccount" SET "paymentMethod" = 'PRELEVEMENT_SEPA' WHERE "sepaMandateRef" IS NOT NULL;
ALTER TABLE "BillingAccount" DROP COLUMN "sepaMandateRef",
ADD COLUMN     "city" VARCHAR(120),
ADD COLUMN     "country" CHAR(2) NOT NULL DEFAULT 'FR',
ADD COLUMN     "invoiceEmails" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "postcode" VARCHAR(10),
ADD COLUMN     "street" VARCHAR(300);

-- AlterTable
ALTER TABLE "Company" ADD COLUMN     "billingMode" "BillingMode" NOT NULL DEFAULT 'DIRECTE';

-- AlterTable
ALTER TABLE "Order" ADD COLUMN     "approvedAt" TIMESTAMPTZ(3),
ADD COLUMN     "approvedById" INTEGER;

-- AlterTable
ALTER TABLE "Site" ADD COLUMN     "accessNotes" VARCHAR(1000);

-- CreateTable
CREATE TABLE "Contact" (
    "id" SERIAL NOT NULL,
    "companyId" INTEGER NOT NULL,
    "role" "ContactRole" NOT NULL,
    "name" VARCHAR(120) NOT NULL,
    "email" VARCHAR(254) NOT NULL,
    "phone" VARCHAR(30),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Contact_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SepaMandate" (
    "id" SERIAL NOT NULL,
    "billingAccountId" INTEGER NOT NULL,
    "rum" VARCHAR(35) NOT NULL,
    "debtorName" VARCHAR(140) NOT NULL,
    "iban" VARCHAR(34) NOT NULL,
    "bic" VARCHAR(11),
    "signedOn" DATE NOT NULL,
    "state" "MandateState" NOT NULL DEFAULT 'ACTIF',
    "lastCollectionOn" DATE,
    "amendedFromIban" VARCHAR(34),
    "amendedFromBic" VARCHAR(11),
    "revokedAt" TIMESTAMPTZ(3),
    "signedCopy" BYTEA,
    "signedCopyName" VARCHAR(200),
    "signedCopyType" VARCHAR(100),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SepaMandate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SepaMandateAmendment" (
    "id" SERIAL NOT NULL,
    "mandateId" INTEGER NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "actorId" INTEGER,
    "previousDebtorName" VARCHAR(140) NOT NULL,
    "previousIban" VARCHAR(34) NOT NULL,
    "previousBic" VARCHAR(11),
    "debtorName" VARCHAR(140) NOT NULL,
    "iban" VARCHAR(34) NOT NULL,
    "bic" VARCHAR(11),

    CONSTRAINT "SepaMandateAmendment_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Contact_companyId_role_idx" ON "Contact"("companyId", "role");

-- CreateIndex
CREATE UNIQUE INDEX "SepaMandate_rum_key" ON "SepaMandate"("rum");

-- CreateIndex
CREATE INDEX "SepaMandate_billingAccountId_state_idx" ON "SepaMandate"("billingAccountId", "state");

-- CreateIndex
CREATE INDEX "SepaMandateAmendment_mandateId_at_idx" ON "SepaMandateAmendment"("mandateId", "at");

-- AddForeignKey
ALTER TABLE "Contact" ADD CONSTRAINT "Contact_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SepaMandate" ADD CONSTRAINT "SepaMandate_billingAccountId_fkey" FOREIGN KEY ("billingAccountId") REFERENCES "BillingAccount"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SepaMandateAmendment" ADD CONSTRAINT "SepaMandateAmendment_mandateId_fkey" FOREIGN KEY ("mandateId") REFERENCES "SepaMandate"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
