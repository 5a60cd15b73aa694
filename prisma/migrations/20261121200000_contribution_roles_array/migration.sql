-- Roles move onto the contribution as an array: exports read them with the row instead of one
-- index lookup per contribution, and by-role summaries unnest them.

-- AlterTable
ALTER TABLE "Contribution" ADD COLUMN     "roles" "ContributionRole"[];

-- Keep the roles already recorded.
UPDATE "Contribution" c SET "roles" = r.roles
FROM (SELECT "contributionId", array_agg(role ORDER BY role) AS roles FROM "ContributionRoleAssignment" GROUP BY 1) r
WHERE r."contributionId" = c.id;

-- DropForeignKey
ALTER TABLE "ContributionRoleAssignment" DROP CONSTRAINT "ContributionRoleAssignment_contributionId_fkey";

-- DropTable
DROP TABLE "ContributionRoleAssignment";
