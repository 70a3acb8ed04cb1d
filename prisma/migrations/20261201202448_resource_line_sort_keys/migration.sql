-- AlterTable
ALTER TABLE "SimResource" ADD COLUMN     "lineActivatedOn" DATE,
ADD COLUMN     "lineMsisdn" VARCHAR(15),
ADD COLUMN     "lineUserName" VARCHAR(120);

-- CreateIndex
CREATE INDEX "SimResource_serviceId_ref_idx" ON "SimResource"("serviceId", "ref");

-- CreateIndex
CREATE INDEX "SimResource_serviceId_lineMsisdn_ref_idx" ON "SimResource"("serviceId", "lineMsisdn", "ref");

-- CreateIndex
CREATE INDEX "SimResource_serviceId_lineUserName_ref_idx" ON "SimResource"("serviceId", "lineUserName", "ref");

-- CreateIndex
CREATE INDEX "SimResource_serviceId_lineActivatedOn_ref_idx" ON "SimResource"("serviceId", "lineActivatedOn", "ref");

-- The sort keys are the line's: set whenever a resource gets or loses its line (activation, plan change, seeds)...
CREATE FUNCTION "simresource_line_sort_keys"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT l."msisdn", l."userName", l."activatedOn" INTO NEW."lineMsisdn", NEW."lineUserName", NEW."lineActivatedOn"
    FROM "MobileLine" l WHERE l."id" = NEW."lineId";
  IF NOT FOUND THEN
    NEW."lineMsisdn" := NULL;
    NEW."lineUserName" := NULL;
    NEW."lineActivatedOn" := NULL;
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER "SimResource_line_sort_keys" BEFORE INSERT OR UPDATE OF "lineId", "lineMsisdn", "lineUserName", "lineActivatedOn" ON "SimResource"
  FOR EACH ROW EXECUTE FUNCTION "simresource_line_sort_keys"();

-- ...and whenever the line itself changes (the portal does not change these today).
CREATE FUNCTION "mobileline_resource_sort_keys"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "SimResource" SET "lineMsisdn" = NEW."msisdn", "lineUserName" = NEW."userName", "lineActivatedOn" = NEW."activatedOn"
    WHERE "lineId" = NEW."id";
  RETURN NULL;
END $$;

CREATE TRIGGER "MobileLine_resource_sort_keys" AFTER UPDATE OF "msisdn", "userName", "activatedOn" ON "MobileLine"
  FOR EACH ROW EXECUTE FUNCTION "mobileline_resource_sort_keys"();

-- The resources that already have a line.
UPDATE "SimResource" r SET "lineId" = r."lineId" WHERE r."lineId" IS NOT NULL;
