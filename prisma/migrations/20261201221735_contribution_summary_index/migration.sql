-- CreateIndex
CREATE INDEX "Contribution_summary_idx" ON "Contribution"("projectId", "startedOn", "status", "degree", "roles", "knowledgeForms", "contributorPersonId", "contributorInstitutionId");

