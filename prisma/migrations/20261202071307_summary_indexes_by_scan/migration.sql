-- DropIndex
DROP INDEX "Contribution_projectId_startedOn_affiliationId_careerStage__idx";

-- DropIndex
DROP INDEX "Contribution_summary_idx";

-- DropIndex
DROP INDEX "Acknowledgement_projectId_createdAt_affiliationId_careerSta_idx";

-- CreateIndex
CREATE INDEX "Contribution_summary_idx" ON "Contribution"("projectId", "startedOn", "status", "degree", "affiliationId", "careerStage", "endedOn", "contributorPersonId", "contributorInstitutionId");

-- CreateIndex
CREATE INDEX "Contribution_lists_idx" ON "Contribution"("projectId", "startedOn", "status", "degree", "roles", "knowledgeForms", "endedOn");

-- CreateIndex
CREATE INDEX "Acknowledgement_summary_idx" ON "Acknowledgement"("projectId", "createdAt", "affiliationId", "careerStage", "toPersonId", "toInstitutionId", "contributionId", "contributionRoles", "contributionKnowledgeForms");

