-- DropIndex
DROP INDEX "Contribution_projectId_startedOn_idx";

-- DropIndex
DROP INDEX "Acknowledgement_projectId_createdAt_idx";

-- AlterTable
ALTER TABLE "Contribution" ADD COLUMN     "affiliationId" TEXT,
ADD COLUMN     "careerStage" "CareerStage",
ADD COLUMN     "number" INTEGER NOT NULL,
ADD COLUMN     "statusById" TEXT;

-- AlterTable
ALTER TABLE "Acknowledgement" ADD COLUMN     "affiliationId" TEXT,
ADD COLUMN     "careerStage" "CareerStage";

-- CreateIndex
CREATE INDEX "Contribution_projectId_startedOn_affiliationId_careerStage__idx" ON "Contribution"("projectId", "startedOn", "affiliationId", "careerStage", "status", "degree");

-- CreateIndex
CREATE UNIQUE INDEX "Contribution_projectId_number_key" ON "Contribution"("projectId", "number");

-- CreateIndex
CREATE INDEX "Acknowledgement_projectId_createdAt_affiliationId_careerSta_idx" ON "Acknowledgement"("projectId", "createdAt", "affiliationId", "careerStage");

-- AddForeignKey
ALTER TABLE "Contribution" ADD CONSTRAINT "Contribution_affiliationId_fkey" FOREIGN KEY ("affiliationId") REFERENCES "Institution"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Acknowledgement" ADD CONSTRAINT "Acknowledgement_affiliationId_fkey" FOREIGN KEY ("affiliationId") REFERENCES "Institution"("id") ON DELETE SET NULL ON UPDATE CASCADE;

