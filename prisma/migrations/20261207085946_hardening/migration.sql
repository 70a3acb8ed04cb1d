-- AlterTable
ALTER TABLE "Contestation" ADD COLUMN     "invoiceStateBefore" "InvoiceState";

-- AlterTable
ALTER TABLE "Termination" ADD COLUMN     "resourceStateBefore" "ResourceState";

-- CreateTable
CREATE TABLE "Session" (
    "id" VARCHAR(32) NOT NULL,
    "userId" INTEGER NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "revokedAt" TIMESTAMPTZ(3),
    "ip" VARCHAR(64) NOT NULL,
    "userAgent" VARCHAR(512) NOT NULL,

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ThrottleGate" (
    "key" VARCHAR(200) NOT NULL,
    "notBefore" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ThrottleGate_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "ResetRequest" (
    "id" BIGSERIAL NOT NULL,
    "identifier" VARCHAR(64) NOT NULL,
    "ip" VARCHAR(64) NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ResetRequest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Session_userId_idx" ON "Session"("userId");

-- CreateIndex
CREATE INDEX "ResetRequest_identifier_at_idx" ON "ResetRequest"("identifier", "at");

-- CreateIndex
CREATE INDEX "ResetRequest_ip_at_idx" ON "ResetRequest"("ip", "at");

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AlterTable
ALTER TABLE "User" DROP COLUMN "sessionVersion";

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "addedByParent" BOOLEAN NOT NULL DEFAULT false;

-- Users a reseller created for its clients before this migration, from the audit of their creation.
UPDATE "User" u SET "addedByParent" = true
FROM "AuditEvent" e
JOIN "User" a ON a."id" = e."actorId"
JOIN "Company" c ON c."id" = a."companyId"
WHERE e."action" = 'user.create' AND e."targetType" = 'User' AND e."targetId" = u."identifier"
  AND a."companyId" <> u."companyId" AND NOT c."isOperator";
