-- DropIndex
DROP INDEX "ContractedOffer_state_deliveredOn_idx";

-- CreateIndex
CREATE INDEX "ContractedOffer_state_deliveredOn_id_idx" ON "ContractedOffer"("state", "deliveredOn", "id");
