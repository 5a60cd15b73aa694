-- AlterTable
ALTER TABLE "Project" ADD COLUMN     "longestContributionDays" INTEGER NOT NULL DEFAULT 0;


-- Backfill: the longest span recorded so far in each project.
UPDATE "Project" p SET "longestContributionDays" = s.days
FROM (SELECT "projectId", max(COALESCE("endedOn", "startedOn") - "startedOn") AS days FROM "Contribution" GROUP BY 1) s
WHERE s."projectId" = p.id AND s.days > 0;
