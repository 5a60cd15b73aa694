-- AlterEnum
ALTER TYPE "NoticeKind" ADD VALUE 'MESSAGE';

-- AlterTable
ALTER TABLE "Notice" ADD COLUMN     "data" JSONB,
ADD COLUMN     "template" TEXT;

-- CreateIndex
CREATE INDEX "Notice_status_kind_createdAt_idx" ON "Notice"("status", "kind", "createdAt");

