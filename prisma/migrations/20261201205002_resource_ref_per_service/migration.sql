-- CreateIndex
CREATE INDEX "SimResource_serviceId_ref_idx" ON "SimResource"("serviceId", "ref");
