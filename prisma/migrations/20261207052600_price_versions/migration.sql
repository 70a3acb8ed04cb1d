-- AlterTable
ALTER TABLE "ContractedProductSheet" ADD COLUMN     "followsCatalogue" BOOLEAN NOT NULL DEFAULT true;

-- CreateTable
CREATE TABLE "OfferPrice" (
    "id" SERIAL NOT NULL,
    "offerId" INTEGER NOT NULL,
    "effectiveOn" DATE NOT NULL,
    "monthlyFeeCents" INTEGER NOT NULL,
    "oneOffFeeCents" INTEGER NOT NULL,
    "publishedAt" TIMESTAMPTZ(3) NOT NULL,
    "publishedById" INTEGER,
    "noticeSentAt" TIMESTAMPTZ(3),

    CONSTRAINT "OfferPrice_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "OfferPrice_offerId_effectiveOn_key" ON "OfferPrice"("offerId", "effectiveOn");

-- AddForeignKey
ALTER TABLE "OfferPrice" ADD CONSTRAINT "OfferPrice_offerId_fkey" FOREIGN KEY ("offerId") REFERENCES "Offer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- A sheet whose fee is not its offer's is a negotiated price (SPEC §17); the others follow the catalogue.
UPDATE "ContractedProductSheet" s SET "followsCatalogue" = (s."monthlyFeeCents" = o."monthlyFeeCents") FROM "Offer" o WHERE o."id" = s."offerId";
