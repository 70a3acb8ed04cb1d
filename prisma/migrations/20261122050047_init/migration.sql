-- CreateEnum
CREATE TYPE "Universe" AS ENUM ('CLIENT', 'REVENDEUR', 'OPERATEUR');

-- CreateEnum
CREATE TYPE "LegalForm" AS ENUM ('SARL', 'SAS', 'SASU', 'SA', 'EURL', 'EI', 'ASSOCIATION', 'AUTRES');

-- CreateEnum
CREATE TYPE "UserRole" AS ENUM ('ADMINISTRATEUR', 'UTILISATEUR');

-- CreateEnum
CREATE TYPE "StaffRole" AS ENUM ('ADV', 'SUPPORT');

-- CreateEnum
CREATE TYPE "TokenPurpose" AS ENUM ('PASSWORD_INIT', 'PASSWORD_RESET', 'EMAIL_CHANGE');

-- CreateEnum
CREATE TYPE "ServiceFamily" AS ENUM ('IP_ACCESS_FIBRE', 'IP_ACCESS_COPPER', 'IP_ACCESS_CELLULAR', 'IP_TELEPHONY', 'OPENSIM', 'OPTION');

-- CreateEnum
CREATE TYPE "PlanCategory" AS ENUM ('DATA_ONLY', 'VOIX_DATA_COMPTEUR', 'DATA_DATA_AU_GO');

-- CreateEnum
CREATE TYPE "OverageMode" AS ENUM ('BLOCKED', 'THROTTLED', 'METERED');

-- CreateEnum
CREATE TYPE "OrderType" AS ENUM ('CREATION', 'MODIFICATION', 'PORTABILITE', 'RESILIATION');

-- CreateEnum
CREATE TYPE "OrderState" AS ENUM ('SOUMISE', 'VALIDEE', 'EN_COURS_DE_LIVRAISON', 'LIVREE', 'REFUSEE');

-- CreateEnum
CREATE TYPE "OcState" AS ENUM ('EN_COURS_DE_LIVRAISON', 'LIVREE', 'RESILIATION_PROGRAMMEE', 'RESILIEE');

-- CreateEnum
CREATE TYPE "TerminationState" AS ENUM ('PROGRAMMEE', 'ANNULEE', 'APPLIQUEE');

-- CreateEnum
CREATE TYPE "ServiceType" AS ENUM ('ACCES_IP', 'TELEPHONIE_IP', 'OPENSIM', 'OPTION');

-- CreateEnum
CREATE TYPE "ServiceState" AS ENUM ('EN_COURS_DE_LIVRAISON', 'EN_SERVICE', 'RESILIATION_PROGRAMMEE', 'RESILIE');

-- CreateEnum
CREATE TYPE "ResourceState" AS ENUM ('DISPONIBLE', 'ACTIF', 'SUSPENDU', 'RESILIATION_PROGRAMMEE', 'RESILIE');

-- CreateEnum
CREATE TYPE "ProvisioningStatus" AS ENUM ('EN_ATTENTE', 'REUSSIE', 'ECHOUEE');

-- CreateEnum
CREATE TYPE "UsageZone" AS ENUM ('FRANCE', 'EUROPE', 'INTERNATIONAL');

-- CreateEnum
CREATE TYPE "InvoiceState" AS ENUM ('EMISE', 'PAYEE', 'CONTESTEE');

-- CreateEnum
CREATE TYPE "InvoiceLineKind" AS ENUM ('ABONNEMENT', 'CONSOMMATION', 'REGULARISATION', 'FRAIS_UNIQUES', 'RESILIATION');

-- CreateEnum
CREATE TYPE "ContestationState" AS ENUM ('OUVERTE', 'ACCEPTEE', 'ACCEPTEE_PARTIELLEMENT', 'REJETEE');

-- CreateTable
CREATE TABLE "Company" (
    "id" INTEGER NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "legalForm" "LegalForm" NOT NULL,
    "siret" CHAR(14) NOT NULL,
    "createdOn" DATE NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "universes" "Universe"[],
    "isOperator" BOOLEAN NOT NULL DEFAULT false,
    "parentId" INTEGER,
    "address" VARCHAR(300),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Company_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "User" (
    "id" SERIAL NOT NULL,
    "identifier" VARCHAR(12) NOT NULL,
    "companyId" INTEGER NOT NULL,
    "name" VARCHAR(120) NOT NULL,
    "email" VARCHAR(254) NOT NULL,
    "phone" VARCHAR(30),
    "passwordHash" TEXT,
    "role" "UserRole" NOT NULL DEFAULT 'UTILISATEUR',
    "staffRole" "StaffRole",
    "active" BOOLEAN NOT NULL DEFAULT true,
    "sessionVersion" INTEGER NOT NULL DEFAULT 0,
    "pendingEmail" VARCHAR(254),
    "lastLoginAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UserToken" (
    "id" SERIAL NOT NULL,
    "userId" INTEGER NOT NULL,
    "purpose" "TokenPurpose" NOT NULL,
    "tokenHash" CHAR(64) NOT NULL,
    "sentAt" TIMESTAMPTZ(3) NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "usedAt" TIMESTAMPTZ(3),
    "supersededAt" TIMESTAMPTZ(3),
    "newEmail" VARCHAR(254),

    CONSTRAINT "UserToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TermsVersion" (
    "id" SERIAL NOT NULL,
    "label" VARCHAR(60) NOT NULL,
    "effectiveAt" TIMESTAMPTZ(3) NOT NULL,
    "body" TEXT NOT NULL,
    "publishedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "publishedById" INTEGER,

    CONSTRAINT "TermsVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TermsAcceptance" (
    "id" SERIAL NOT NULL,
    "userId" INTEGER NOT NULL,
    "termsVersionId" INTEGER NOT NULL,
    "acceptedAt" TIMESTAMPTZ(3) NOT NULL,
    "ip" VARCHAR(64) NOT NULL,
    "userAgent" VARCHAR(512) NOT NULL,

    CONSTRAINT "TermsAcceptance_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LoginAttempt" (
    "id" BIGSERIAL NOT NULL,
    "identifier" VARCHAR(64) NOT NULL,
    "ip" VARCHAR(64) NOT NULL,
    "success" BOOLEAN NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "LoginAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "actorId" INTEGER,
    "companyId" INTEGER,
    "action" VARCHAR(80) NOT NULL,
    "targetType" VARCHAR(40) NOT NULL,
    "targetId" VARCHAR(40) NOT NULL,
    "ip" VARCHAR(64),
    "details" JSONB,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OutgoingEmail" (
    "id" SERIAL NOT NULL,
    "to" VARCHAR(254) NOT NULL,
    "subject" VARCHAR(200) NOT NULL,
    "text" TEXT NOT NULL,
    "kind" VARCHAR(60) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "sentAt" TIMESTAMPTZ(3),
    "error" TEXT,

    CONSTRAINT "OutgoingEmail_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Counter" (
    "name" VARCHAR(40) NOT NULL,
    "value" INTEGER NOT NULL,

    CONSTRAINT "Counter_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "BillingAccount" (
    "id" SERIAL NOT NULL,
    "ref" VARCHAR(20) NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "ownerCompanyId" INTEGER NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BillingAccount_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Site" (
    "id" SERIAL NOT NULL,
    "companyId" INTEGER NOT NULL,
    "name" VARCHAR(120) NOT NULL,
    "address" VARCHAR(300),
    "postcode" VARCHAR(10),
    "city" VARCHAR(120),

    CONSTRAINT "Site_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Offer" (
    "id" SERIAL NOT NULL,
    "code" VARCHAR(40) NOT NULL,
    "name" VARCHAR(120) NOT NULL,
    "family" "ServiceFamily" NOT NULL,
    "planCategory" "PlanCategory",
    "monthlyFeeCents" INTEGER NOT NULL,
    "oneOffFeeCents" INTEGER NOT NULL DEFAULT 0,
    "commitmentMonths" INTEGER NOT NULL,
    "renewalMonths" INTEGER NOT NULL,
    "noticeMonths" INTEGER NOT NULL DEFAULT 1,
    "terminationFeePerLineCents" INTEGER,
    "dataAllowanceBytes" BIGINT,
    "overageMode" "OverageMode",
    "meteredPricePerMibCentiCents" INTEGER,
    "capCents" INTEGER,
    "roamingCapCents" INTEGER,
    "optionOfFamily" "ServiceFamily",
    "active" BOOLEAN NOT NULL DEFAULT true,

    CONSTRAINT "Offer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Order" (
    "id" SERIAL NOT NULL,
    "ref" VARCHAR(20) NOT NULL,
    "type" "OrderType" NOT NULL,
    "state" "OrderState" NOT NULL DEFAULT 'SOUMISE',
    "endClientId" INTEGER NOT NULL,
    "orderedByCompanyId" INTEGER NOT NULL,
    "placedById" INTEGER NOT NULL,
    "billingAccountId" INTEGER NOT NULL,
    "siteId" INTEGER,
    "wishedOn" DATE,
    "pilotId" INTEGER,
    "submittedAt" TIMESTAMPTZ(3) NOT NULL,
    "validatedAt" TIMESTAMPTZ(3),
    "inDeliveryAt" TIMESTAMPTZ(3),
    "deliveredAt" TIMESTAMPTZ(3),
    "deliveredOn" DATE,
    "refusedAt" TIMESTAMPTZ(3),
    "refusalReason" VARCHAR(1000),
    "comment" VARCHAR(1000),

    CONSTRAINT "Order_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OrderLine" (
    "id" SERIAL NOT NULL,
    "orderId" INTEGER NOT NULL,
    "offerId" INTEGER NOT NULL,
    "quantity" INTEGER NOT NULL,
    "monthlyFeeCents" INTEGER NOT NULL,
    "oneOffFeeCents" INTEGER NOT NULL,
    "portingNumber" VARCHAR(20),
    "portingRio" CHAR(12),
    "portingOn" DATE,

    CONSTRAINT "OrderLine_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ContractedOffer" (
    "id" SERIAL NOT NULL,
    "ref" VARCHAR(20) NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "offerId" INTEGER NOT NULL,
    "endClientId" INTEGER NOT NULL,
    "billingAccountId" INTEGER NOT NULL,
    "siteId" INTEGER,
    "orderId" INTEGER,
    "orderType" "OrderType" NOT NULL,
    "state" "OcState" NOT NULL,
    "pilotId" INTEGER,
    "deliveredOn" DATE,
    "activationOn" DATE,
    "monthlyFeeCents" INTEGER NOT NULL,
    "commitmentMonths" INTEGER NOT NULL,
    "renewalMonths" INTEGER NOT NULL,
    "noticeMonths" INTEGER NOT NULL,
    "terminationFeePerLineCents" INTEGER,
    "lineCount" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ContractedOffer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ContractedProductSheet" (
    "id" SERIAL NOT NULL,
    "ref" VARCHAR(20) NOT NULL,
    "contractedOfferId" INTEGER NOT NULL,
    "offerId" INTEGER NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "quantity" INTEGER NOT NULL DEFAULT 1,
    "monthlyFeeCents" INTEGER NOT NULL,

    CONSTRAINT "ContractedProductSheet_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Termination" (
    "id" SERIAL NOT NULL,
    "contractedOfferId" INTEGER NOT NULL,
    "resourceId" INTEGER,
    "state" "TerminationState" NOT NULL DEFAULT 'PROGRAMMEE',
    "requestedOn" DATE NOT NULL,
    "noticeMonths" INTEGER NOT NULL,
    "effectiveOn" DATE NOT NULL,
    "earlyTerminationCents" INTEGER NOT NULL DEFAULT 0,
    "comment" VARCHAR(2000),
    "requestedById" INTEGER NOT NULL,
    "requestedAt" TIMESTAMPTZ(3) NOT NULL,
    "cancelledById" INTEGER,
    "cancelledAt" TIMESTAMPTZ(3),
    "appliedAt" TIMESTAMPTZ(3),

    CONSTRAINT "Termination_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Service" (
    "id" SERIAL NOT NULL,
    "ref" VARCHAR(20) NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "type" "ServiceType" NOT NULL,
    "state" "ServiceState" NOT NULL,
    "companyId" INTEGER NOT NULL,
    "contractedOfferId" INTEGER NOT NULL,
    "siteId" INTEGER,

    CONSTRAINT "Service_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SimResource" (
    "id" SERIAL NOT NULL,
    "ref" VARCHAR(20) NOT NULL,
    "serviceId" INTEGER NOT NULL,
    "productSheetId" INTEGER NOT NULL,
    "offerId" INTEGER NOT NULL,
    "state" "ResourceState" NOT NULL DEFAULT 'DISPONIBLE',
    "lineId" INTEGER,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SimResource_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MobileLine" (
    "id" SERIAL NOT NULL,
    "msisdn" VARCHAR(15) NOT NULL,
    "iccid" VARCHAR(20) NOT NULL,
    "rio" CHAR(12),
    "userName" VARCHAR(120),
    "mobileProfile" VARCHAR(60),
    "network" VARCHAR(60),
    "activatedOn" DATE NOT NULL,
    "portingOn" DATE,

    CONSTRAINT "MobileLine_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LinePlanSegment" (
    "id" SERIAL NOT NULL,
    "lineId" INTEGER NOT NULL,
    "resourceId" INTEGER NOT NULL,
    "offerId" INTEGER NOT NULL,
    "startOn" DATE NOT NULL,
    "endOn" DATE,

    CONSTRAINT "LinePlanSegment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ResourceHistory" (
    "id" SERIAL NOT NULL,
    "resourceId" INTEGER NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "action" VARCHAR(60) NOT NULL,
    "actorId" INTEGER,
    "details" JSONB,

    CONSTRAINT "ResourceHistory_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProvisioningRequest" (
    "id" SERIAL NOT NULL,
    "resourceId" INTEGER NOT NULL,
    "action" VARCHAR(40) NOT NULL,
    "payload" JSONB,
    "status" "ProvisioningStatus" NOT NULL DEFAULT 'EN_ATTENTE',
    "error" TEXT,
    "requestedAt" TIMESTAMPTZ(3) NOT NULL,
    "completedAt" TIMESTAMPTZ(3),
    "actorId" INTEGER,

    CONSTRAINT "ProvisioningRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UsageRecord" (
    "id" VARCHAR(64) NOT NULL,
    "msisdn" VARCHAR(15) NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "zone" "UsageZone" NOT NULL,
    "bytes" BIGINT NOT NULL,
    "amountCents" INTEGER NOT NULL DEFAULT 0,
    "importedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "UsageRecord_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UsageDaily" (
    "lineId" INTEGER NOT NULL,
    "day" DATE NOT NULL,
    "zone" "UsageZone" NOT NULL,
    "bytes" BIGINT NOT NULL,
    "amountCents" INTEGER NOT NULL,

    CONSTRAINT "UsageDaily_pkey" PRIMARY KEY ("lineId","day","zone")
);

-- CreateTable
CREATE TABLE "UsageAlert" (
    "id" SERIAL NOT NULL,
    "lineId" INTEGER NOT NULL,
    "month" CHAR(7) NOT NULL,
    "kind" VARCHAR(30) NOT NULL,
    "percent" INTEGER NOT NULL,
    "sentAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "UsageAlert_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SmsMessage" (
    "id" SERIAL NOT NULL,
    "lineId" INTEGER NOT NULL,
    "to" VARCHAR(15) NOT NULL,
    "text" VARCHAR(160) NOT NULL,
    "sentAt" TIMESTAMPTZ(3) NOT NULL,
    "actorId" INTEGER,

    CONSTRAINT "SmsMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Invoice" (
    "id" SERIAL NOT NULL,
    "number" VARCHAR(20) NOT NULL,
    "billingAccountId" INTEGER NOT NULL,
    "issuedOn" DATE NOT NULL,
    "dueOn" DATE NOT NULL,
    "periodStart" DATE NOT NULL,
    "periodEnd" DATE NOT NULL,
    "totalHtCents" BIGINT NOT NULL,
    "vatCents" BIGINT NOT NULL,
    "totalTtcCents" BIGINT NOT NULL,
    "creditAppliedCents" BIGINT NOT NULL DEFAULT 0,
    "state" "InvoiceState" NOT NULL DEFAULT 'EMISE',
    "pdf" BYTEA,

    CONSTRAINT "Invoice_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InvoiceLine" (
    "id" SERIAL NOT NULL,
    "invoiceId" INTEGER NOT NULL,
    "kind" "InvoiceLineKind" NOT NULL,
    "label" VARCHAR(300) NOT NULL,
    "contractedOfferId" INTEGER,
    "endClientId" INTEGER,
    "siteId" INTEGER,
    "periodStart" DATE,
    "periodEnd" DATE,
    "quantity" INTEGER NOT NULL DEFAULT 1,
    "amountHtCents" INTEGER NOT NULL,
    "vatRateBp" INTEGER NOT NULL DEFAULT 2000,

    CONSTRAINT "InvoiceLine_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CreditNote" (
    "id" SERIAL NOT NULL,
    "number" VARCHAR(20) NOT NULL,
    "billingAccountId" INTEGER NOT NULL,
    "invoiceId" INTEGER NOT NULL,
    "issuedOn" DATE NOT NULL,
    "amountHtCents" BIGINT NOT NULL,
    "vatCents" BIGINT NOT NULL,
    "totalTtcCents" BIGINT NOT NULL,
    "reason" VARCHAR(1000) NOT NULL,
    "contestationId" INTEGER,
    "appliedToInvoiceId" INTEGER,
    "pdf" BYTEA,

    CONSTRAINT "CreditNote_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Contestation" (
    "id" SERIAL NOT NULL,
    "invoiceId" INTEGER NOT NULL,
    "companyId" INTEGER NOT NULL,
    "requestedById" INTEGER NOT NULL,
    "reason" VARCHAR(2000) NOT NULL,
    "state" "ContestationState" NOT NULL DEFAULT 'OUVERTE',
    "requestedAt" TIMESTAMPTZ(3) NOT NULL,
    "decidedById" INTEGER,
    "decidedAt" TIMESTAMPTZ(3),
    "decisionReason" VARCHAR(2000),
    "acceptedAmountCents" INTEGER,

    CONSTRAINT "Contestation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Company_siret_key" ON "Company"("siret");

-- CreateIndex
CREATE INDEX "Company_parentId_name_idx" ON "Company"("parentId", "name");

-- CreateIndex
CREATE INDEX "Company_parentId_createdOn_idx" ON "Company"("parentId", "createdOn");

-- CreateIndex
CREATE INDEX "Company_parentId_legalForm_idx" ON "Company"("parentId", "legalForm");

-- CreateIndex
CREATE INDEX "Company_parentId_active_idx" ON "Company"("parentId", "active");

-- CreateIndex
CREATE INDEX "Company_name_idx" ON "Company"("name");

-- CreateIndex
CREATE UNIQUE INDEX "User_identifier_key" ON "User"("identifier");

-- CreateIndex
CREATE INDEX "User_companyId_idx" ON "User"("companyId");

-- CreateIndex
CREATE INDEX "User_email_idx" ON "User"("email");

-- CreateIndex
CREATE UNIQUE INDEX "UserToken_tokenHash_key" ON "UserToken"("tokenHash");

-- CreateIndex
CREATE INDEX "UserToken_userId_purpose_idx" ON "UserToken"("userId", "purpose");

-- CreateIndex
CREATE UNIQUE INDEX "TermsVersion_label_key" ON "TermsVersion"("label");

-- CreateIndex
CREATE INDEX "TermsVersion_effectiveAt_idx" ON "TermsVersion"("effectiveAt");

-- CreateIndex
CREATE UNIQUE INDEX "TermsAcceptance_userId_termsVersionId_key" ON "TermsAcceptance"("userId", "termsVersionId");

-- CreateIndex
CREATE INDEX "LoginAttempt_identifier_ip_at_idx" ON "LoginAttempt"("identifier", "ip", "at");

-- CreateIndex
CREATE INDEX "LoginAttempt_ip_at_idx" ON "LoginAttempt"("ip", "at");

-- CreateIndex
CREATE INDEX "LoginAttempt_identifier_at_idx" ON "LoginAttempt"("identifier", "at");

-- CreateIndex
CREATE INDEX "AuditEvent_at_idx" ON "AuditEvent"("at");

-- CreateIndex
CREATE INDEX "AuditEvent_actorId_at_idx" ON "AuditEvent"("actorId", "at");

-- CreateIndex
CREATE INDEX "AuditEvent_companyId_at_idx" ON "AuditEvent"("companyId", "at");

-- CreateIndex
CREATE INDEX "AuditEvent_action_at_idx" ON "AuditEvent"("action", "at");

-- CreateIndex
CREATE INDEX "OutgoingEmail_createdAt_idx" ON "OutgoingEmail"("createdAt");

-- CreateIndex
CREATE INDEX "OutgoingEmail_to_idx" ON "OutgoingEmail"("to");

-- CreateIndex
CREATE UNIQUE INDEX "BillingAccount_ref_key" ON "BillingAccount"("ref");

-- CreateIndex
CREATE INDEX "BillingAccount_ownerCompanyId_idx" ON "BillingAccount"("ownerCompanyId");

-- CreateIndex
CREATE INDEX "Site_companyId_idx" ON "Site"("companyId");

-- CreateIndex
CREATE UNIQUE INDEX "Offer_code_key" ON "Offer"("code");

-- CreateIndex
CREATE INDEX "Offer_family_idx" ON "Offer"("family");

-- CreateIndex
CREATE UNIQUE INDEX "Order_ref_key" ON "Order"("ref");

-- CreateIndex
CREATE INDEX "Order_state_submittedAt_idx" ON "Order"("state", "submittedAt");

-- CreateIndex
CREATE INDEX "Order_pilotId_state_idx" ON "Order"("pilotId", "state");

-- CreateIndex
CREATE INDEX "Order_endClientId_submittedAt_idx" ON "Order"("endClientId", "submittedAt");

-- CreateIndex
CREATE INDEX "Order_orderedByCompanyId_submittedAt_idx" ON "Order"("orderedByCompanyId", "submittedAt");

-- CreateIndex
CREATE INDEX "OrderLine_orderId_idx" ON "OrderLine"("orderId");

-- CreateIndex
CREATE UNIQUE INDEX "ContractedOffer_ref_key" ON "ContractedOffer"("ref");

-- CreateIndex
CREATE INDEX "ContractedOffer_endClientId_deliveredOn_idx" ON "ContractedOffer"("endClientId", "deliveredOn");

-- CreateIndex
CREATE INDEX "ContractedOffer_billingAccountId_deliveredOn_idx" ON "ContractedOffer"("billingAccountId", "deliveredOn");

-- CreateIndex
CREATE INDEX "ContractedOffer_state_deliveredOn_idx" ON "ContractedOffer"("state", "deliveredOn");

-- CreateIndex
CREATE INDEX "ContractedOffer_deliveredOn_idx" ON "ContractedOffer"("deliveredOn");

-- CreateIndex
CREATE INDEX "ContractedOffer_pilotId_idx" ON "ContractedOffer"("pilotId");

-- CreateIndex
CREATE INDEX "ContractedOffer_siteId_idx" ON "ContractedOffer"("siteId");

-- CreateIndex
CREATE UNIQUE INDEX "ContractedProductSheet_ref_key" ON "ContractedProductSheet"("ref");

-- CreateIndex
CREATE INDEX "ContractedProductSheet_contractedOfferId_idx" ON "ContractedProductSheet"("contractedOfferId");

-- CreateIndex
CREATE INDEX "Termination_state_effectiveOn_idx" ON "Termination"("state", "effectiveOn");

-- CreateIndex
CREATE INDEX "Termination_contractedOfferId_idx" ON "Termination"("contractedOfferId");

-- CreateIndex
CREATE INDEX "Termination_resourceId_idx" ON "Termination"("resourceId");

-- CreateIndex
CREATE UNIQUE INDEX "Service_ref_key" ON "Service"("ref");

-- CreateIndex
CREATE INDEX "Service_companyId_type_idx" ON "Service"("companyId", "type");

-- CreateIndex
CREATE INDEX "Service_contractedOfferId_idx" ON "Service"("contractedOfferId");

-- CreateIndex
CREATE UNIQUE INDEX "SimResource_ref_key" ON "SimResource"("ref");

-- CreateIndex
CREATE UNIQUE INDEX "SimResource_lineId_key" ON "SimResource"("lineId");

-- CreateIndex
CREATE INDEX "SimResource_serviceId_state_idx" ON "SimResource"("serviceId", "state");

-- CreateIndex
CREATE INDEX "SimResource_productSheetId_idx" ON "SimResource"("productSheetId");

-- CreateIndex
CREATE INDEX "SimResource_offerId_state_idx" ON "SimResource"("offerId", "state");

-- CreateIndex
CREATE UNIQUE INDEX "MobileLine_msisdn_key" ON "MobileLine"("msisdn");

-- CreateIndex
CREATE UNIQUE INDEX "MobileLine_iccid_key" ON "MobileLine"("iccid");

-- CreateIndex
CREATE INDEX "MobileLine_activatedOn_idx" ON "MobileLine"("activatedOn");

-- CreateIndex
CREATE INDEX "LinePlanSegment_lineId_startOn_idx" ON "LinePlanSegment"("lineId", "startOn");

-- CreateIndex
CREATE INDEX "ResourceHistory_resourceId_at_idx" ON "ResourceHistory"("resourceId", "at");

-- CreateIndex
CREATE INDEX "ProvisioningRequest_resourceId_requestedAt_idx" ON "ProvisioningRequest"("resourceId", "requestedAt");

-- CreateIndex
CREATE INDEX "UsageRecord_msisdn_at_idx" ON "UsageRecord"("msisdn", "at");

-- CreateIndex
CREATE INDEX "UsageDaily_day_idx" ON "UsageDaily"("day");

-- CreateIndex
CREATE UNIQUE INDEX "UsageAlert_lineId_month_kind_percent_key" ON "UsageAlert"("lineId", "month", "kind", "percent");

-- CreateIndex
CREATE INDEX "SmsMessage_lineId_sentAt_idx" ON "SmsMessage"("lineId", "sentAt");

-- CreateIndex
CREATE UNIQUE INDEX "Invoice_number_key" ON "Invoice"("number");

-- CreateIndex
CREATE INDEX "Invoice_billingAccountId_issuedOn_idx" ON "Invoice"("billingAccountId", "issuedOn");

-- CreateIndex
CREATE INDEX "Invoice_issuedOn_idx" ON "Invoice"("issuedOn");

-- CreateIndex
CREATE UNIQUE INDEX "Invoice_billingAccountId_periodStart_key" ON "Invoice"("billingAccountId", "periodStart");

-- CreateIndex
CREATE INDEX "InvoiceLine_invoiceId_idx" ON "InvoiceLine"("invoiceId");

-- CreateIndex
CREATE UNIQUE INDEX "CreditNote_number_key" ON "CreditNote"("number");

-- CreateIndex
CREATE UNIQUE INDEX "CreditNote_contestationId_key" ON "CreditNote"("contestationId");

-- CreateIndex
CREATE INDEX "CreditNote_billingAccountId_issuedOn_idx" ON "CreditNote"("billingAccountId", "issuedOn");

-- CreateIndex
CREATE INDEX "Contestation_invoiceId_idx" ON "Contestation"("invoiceId");

-- CreateIndex
CREATE INDEX "Contestation_state_requestedAt_idx" ON "Contestation"("state", "requestedAt");

-- AddForeignKey
ALTER TABLE "Company" ADD CONSTRAINT "Company_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Company"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "User" ADD CONSTRAINT "User_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UserToken" ADD CONSTRAINT "UserToken_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TermsVersion" ADD CONSTRAINT "TermsVersion_publishedById_fkey" FOREIGN KEY ("publishedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TermsAcceptance" ADD CONSTRAINT "TermsAcceptance_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TermsAcceptance" ADD CONSTRAINT "TermsAcceptance_termsVersionId_fkey" FOREIGN KEY ("termsVersionId") REFERENCES "TermsVersion"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BillingAccount" ADD CONSTRAINT "BillingAccount_ownerCompanyId_fkey" FOREIGN KEY ("ownerCompanyId") REFERENCES "Company"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Site" ADD CONSTRAINT "Site_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Order" ADD CONSTRAINT "Order_endClientId_fkey" FOREIGN KEY ("endClientId") REFERENCES "Company"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Order" ADD CONSTRAINT "Order_orderedByCompanyId_fkey" FOREIGN KEY ("orderedByCompanyId") REFERENCES "Company"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Order" ADD CONSTRAINT "Order_placedById_fkey" FOREIGN KEY ("placedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Order" ADD CONSTRAINT "Order_billingAccountId_fkey" FOREIGN KEY ("billingAccountId") REFERENCES "BillingAccount"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Order" ADD CONSTRAINT "Order_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Order" ADD CONSTRAINT "Order_pilotId_fkey" FOREIGN KEY ("pilotId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrderLine" ADD CONSTRAINT "OrderLine_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrderLine" ADD CONSTRAINT "OrderLine_offerId_fkey" FOREIGN KEY ("offerId") REFERENCES "Offer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContractedOffer" ADD CONSTRAINT "ContractedOffer_offerId_fkey" FOREIGN KEY ("offerId") REFERENCES "Offer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContractedOffer" ADD CONSTRAINT "ContractedOffer_endClientId_fkey" FOREIGN KEY ("endClientId") REFERENCES "Company"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContractedOffer" ADD CONSTRAINT "ContractedOffer_billingAccountId_fkey" FOREIGN KEY ("billingAccountId") REFERENCES "BillingAccount"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContractedOffer" ADD CONSTRAINT "ContractedOffer_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContractedOffer" ADD CONSTRAINT "ContractedOffer_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContractedOffer" ADD CONSTRAINT "ContractedOffer_pilotId_fkey" FOREIGN KEY ("pilotId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContractedProductSheet" ADD CONSTRAINT "ContractedProductSheet_contractedOfferId_fkey" FOREIGN KEY ("contractedOfferId") REFERENCES "ContractedOffer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContractedProductSheet" ADD CONSTRAINT "ContractedProductSheet_offerId_fkey" FOREIGN KEY ("offerId") REFERENCES "Offer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Termination" ADD CONSTRAINT "Termination_contractedOfferId_fkey" FOREIGN KEY ("contractedOfferId") REFERENCES "ContractedOffer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Termination" ADD CONSTRAINT "Termination_resourceId_fkey" FOREIGN KEY ("resourceId") REFERENCES "SimResource"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Termination" ADD CONSTRAINT "Termination_requestedById_fkey" FOREIGN KEY ("requestedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Termination" ADD CONSTRAINT "Termination_cancelledById_fkey" FOREIGN KEY ("cancelledById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Service" ADD CONSTRAINT "Service_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Service" ADD CONSTRAINT "Service_contractedOfferId_fkey" FOREIGN KEY ("contractedOfferId") REFERENCES "ContractedOffer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Service" ADD CONSTRAINT "Service_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SimResource" ADD CONSTRAINT "SimResource_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SimResource" ADD CONSTRAINT "SimResource_productSheetId_fkey" FOREIGN KEY ("productSheetId") REFERENCES "ContractedProductSheet"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SimResource" ADD CONSTRAINT "SimResource_offerId_fkey" FOREIGN KEY ("offerId") REFERENCES "Offer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SimResource" ADD CONSTRAINT "SimResource_lineId_fkey" FOREIGN KEY ("lineId") REFERENCES "MobileLine"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LinePlanSegment" ADD CONSTRAINT "LinePlanSegment_lineId_fkey" FOREIGN KEY ("lineId") REFERENCES "MobileLine"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LinePlanSegment" ADD CONSTRAINT "LinePlanSegment_resourceId_fkey" FOREIGN KEY ("resourceId") REFERENCES "SimResource"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LinePlanSegment" ADD CONSTRAINT "LinePlanSegment_offerId_fkey" FOREIGN KEY ("offerId") REFERENCES "Offer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ResourceHistory" ADD CONSTRAINT "ResourceHistory_resourceId_fkey" FOREIGN KEY ("resourceId") REFERENCES "SimResource"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProvisioningRequest" ADD CONSTRAINT "ProvisioningRequest_resourceId_fkey" FOREIGN KEY ("resourceId") REFERENCES "SimResource"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UsageDaily" ADD CONSTRAINT "UsageDaily_lineId_fkey" FOREIGN KEY ("lineId") REFERENCES "MobileLine"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UsageAlert" ADD CONSTRAINT "UsageAlert_lineId_fkey" FOREIGN KEY ("lineId") REFERENCES "MobileLine"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SmsMessage" ADD CONSTRAINT "SmsMessage_lineId_fkey" FOREIGN KEY ("lineId") REFERENCES "MobileLine"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Invoice" ADD CONSTRAINT "Invoice_billingAccountId_fkey" FOREIGN KEY ("billingAccountId") REFERENCES "BillingAccount"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InvoiceLine" ADD CONSTRAINT "InvoiceLine_invoiceId_fkey" FOREIGN KEY ("invoiceId") REFERENCES "Invoice"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InvoiceLine" ADD CONSTRAINT "InvoiceLine_contractedOfferId_fkey" FOREIGN KEY ("contractedOfferId") REFERENCES "ContractedOffer"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InvoiceLine" ADD CONSTRAINT "InvoiceLine_endClientId_fkey" FOREIGN KEY ("endClientId") REFERENCES "Company"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InvoiceLine" ADD CONSTRAINT "InvoiceLine_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CreditNote" ADD CONSTRAINT "CreditNote_billingAccountId_fkey" FOREIGN KEY ("billingAccountId") REFERENCES "BillingAccount"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CreditNote" ADD CONSTRAINT "CreditNote_invoiceId_fkey" FOREIGN KEY ("invoiceId") REFERENCES "Invoice"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CreditNote" ADD CONSTRAINT "CreditNote_contestationId_fkey" FOREIGN KEY ("contestationId") REFERENCES "Contestation"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CreditNote" ADD CONSTRAINT "CreditNote_appliedToInvoiceId_fkey" FOREIGN KEY ("appliedToInvoiceId") REFERENCES "Invoice"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Contestation" ADD CONSTRAINT "Contestation_invoiceId_fkey" FOREIGN KEY ("invoiceId") REFERENCES "Invoice"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Contestation" ADD CONSTRAINT "Contestation_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
