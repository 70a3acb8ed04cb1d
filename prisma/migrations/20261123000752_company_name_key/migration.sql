-- DropIndex
DROP INDEX "Company_name_idx";

-- DropIndex
DROP INDEX "Company_parentId_name_idx";

-- AlterTable (existing rows get the key of lib/domain/search-key.ts for French names)
ALTER TABLE "Company" ADD COLUMN     "nameKey" VARCHAR(200);
UPDATE "Company" SET "nameKey" = btrim(regexp_replace(lower(translate(
  replace(replace(replace(replace("name", 'œ', 'oe'), 'Œ', 'OE'), 'æ', 'ae'), 'Æ', 'AE'),
  'ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝŸàáâãäåçèéêëìíîïñòóôõöùúûüýÿ’‘`´',
  'AAAAAACEEEEIIIINOOOOOUUUUYYaaaaaaceeeeiiiinooooouuuuyy''''''''')), '\s+', ' ', 'g'));
ALTER TABLE "Company" ALTER COLUMN "nameKey" SET NOT NULL;

-- CreateIndex
CREATE INDEX "Company_parentId_nameKey_idx" ON "Company"("parentId", "nameKey");

-- CreateIndex
CREATE INDEX "Company_nameKey_idx" ON "Company"("nameKey");
