-- AlterTable
ALTER TABLE "Acknowledgement" ADD COLUMN     "contributionKnowledgeForms" "KnowledgeForm"[],
ADD COLUMN     "contributionRoles" "ContributionRole"[];


-- Backfill: the thanked contribution's roles and forms of knowledge (they never change once recorded).
UPDATE "Acknowledgement" a SET "contributionRoles" = c."roles", "contributionKnowledgeForms" = c."knowledgeForms"
FROM "Contribution" c WHERE c."id" = a."contributionId";
