-- Company: the legal address in fields (SPEC §12) and the VAT number, derived from the SIRET for existing companies.
ALTER TABLE "Company" RENAME COLUMN "address" TO "street";
ALTER TABLE "Company"
ADD COLUMN     "city" VARCHAR(120),
ADD COLUMN     "country" CHAR(2) NOT NULL DEFAULT 'FR',
ADD COLUMN     "postcode" VARCHAR(10),
ADD COLUMN     "vatNumber" VARCHAR(20);
UPDATE "Company" SET "vatNumber" = 'FR' || lpad(((12 + 3 * (substr("siret", 1, 9)::bigint % 97)) % 97)::text, 2, '0') || substr("siret", 1, 9);

-- Offer: GTR (SPEC §14); the fibre accesses have it.
ALTER TABLE "Offer" ADD COLUMN     "gtr" BOOLEAN NOT NULL DEFAULT false;
UPDATE "Offer" SET "gtr" = true WHERE "family" = 'IP_ACCESS_FIBRE';

-- CreateTable
CREATE TABLE "OperatorSettings" (
    "companyId" INTEGER NOT NULL,
    "legalMentions" VARCHAR(300) NOT NULL,
    "creditorId" VARCHAR(35) NOT NULL,
    "iban" VARCHAR(34) NOT NULL,
    "bic" VARCHAR(11),
    "customerServiceEmail" VARCHAR(254) NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OperatorSettings_pkey" PRIMARY KEY ("companyId")
);

-- AddForeignKey
ALTER TABLE "OperatorSettings" ADD CONSTRAINT "OperatorSettings_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- An installation made before setup existed keeps the seller data its invoices printed until now.
UPDATE "Company" SET "street" = '37-39 rue de Neuilly', "postcode" = '92110', "city" = 'Clichy' WHERE "isOperator" AND "street" IS NULL;
INSERT INTO "OperatorSettings" ("companyId", "legalMentions", "creditorId", "iban", "bic", "customerServiceEmail")
SELECT "id", 'S.A.S. au capital de 50 000 € — RCS Nanterre', 'FR97ZZZ482585', 'FR7630006000011234567890189', 'AGRIFRPPXXX', 'serviceclients@openip.fr'
FROM "Company" WHERE "isOperator" ORDER BY "id" LIMIT 1;
