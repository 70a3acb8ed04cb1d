-- CreateIndex
CREATE INDEX "Service_companyId_id_idx" ON "Service"("companyId", "id");

-- CreateIndex
CREATE INDEX "Service_name_id_idx" ON "Service"("name", "id");

-- CreateIndex
CREATE INDEX "Service_type_id_idx" ON "Service"("type", "id");

-- CreateIndex
CREATE INDEX "Service_state_id_idx" ON "Service"("state", "id");
