-- AlterTable
ALTER TABLE "Order" ADD COLUMN     "effectiveOn" DATE,
ADD COLUMN     "serviceId" INTEGER;

-- CreateIndex
CREATE INDEX "Order_serviceId_idx" ON "Order"("serviceId");

-- AddForeignKey
ALTER TABLE "Order" ADD CONSTRAINT "Order_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service"("id") ON DELETE SET NULL ON UPDATE CASCADE;
