-- CreateEnum
CREATE TYPE "NamingWish" AS ENUM ('FULL', 'INITIALS', 'INSTITUTION');

-- DropIndex
DROP INDEX "Contribution_projectId_startedOn_affiliationId_careerStage__idx";

-- DropIndex
DROP INDEX "Contribution_summary_idx";

-- AlterTable
ALTER TABLE "Person" ADD COLUMN     "addedKey" TEXT,
ADD COLUMN     "email" TEXT,
ADD COLUMN     "familyName" TEXT,
ADD COLUMN     "givenName" TEXT,
ADD COLUMN     "naming" "NamingWish" NOT NULL DEFAULT 'FULL',
ADD COLUMN     "orcid" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "Person_addedKey_key" ON "Person"("addedKey");

-- CreateIndex
CREATE INDEX "Contribution_projectId_startedOn_affiliationId_careerStage__idx" ON "Contribution"("projectId", "startedOn", "affiliationId", "careerStage", "status", "degree", "endedOn");

-- CreateIndex
CREATE INDEX "Contribution_summary_idx" ON "Contribution"("projectId", "startedOn", "status", "degree", "roles", "knowledgeForms", "contributorPersonId", "contributorInstitutionId", "endedOn");

