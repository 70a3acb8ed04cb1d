-- DropIndex
DROP INDEX "ContractedOffer_deliveredOn_idx";

-- CreateIndex
CREATE INDEX "ContractedOffer_deliveredOn_id_idx" ON "ContractedOffer"("deliveredOn", "id");

-- CreateIndex
CREATE INDEX "ContractedOffer_name_id_idx" ON "ContractedOffer"("name", "id");

-- CreateIndex
CREATE INDEX "ContractedOffer_state_id_idx" ON "ContractedOffer"("state", "id");

-- CreateIndex
CREATE INDEX "ContractedOffer_orderType_id_idx" ON "ContractedOffer"("orderType", "id");

-- CreateIndex
CREATE INDEX "ContractedOffer_endClientId_state_idx" ON "ContractedOffer"("endClientId", "state");
