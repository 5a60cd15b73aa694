-- Reflection schedules: numbered per project, digests' zone, reminders; deliveries claimed with a
-- lease; posts to project channels recorded like deliveries.

-- AlterTable (schedules created before this migration are numbered in creation order)
ALTER TABLE "Schedule" ADD COLUMN     "number" INTEGER,
ADD COLUMN     "reminderHours" INTEGER,
ADD COLUMN     "timezone" TEXT NOT NULL DEFAULT 'UTC';
UPDATE "Schedule" s SET "number" = n.number
  FROM (SELECT id, row_number() OVER (PARTITION BY "projectId" ORDER BY "createdAt", id) AS number FROM "Schedule") n
  WHERE n.id = s.id;
ALTER TABLE "Schedule" ALTER COLUMN "number" SET NOT NULL;

-- AlterTable
ALTER TABLE "PromptDelivery" ADD COLUMN     "attempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "claimedAt" TIMESTAMP(3),
ADD COLUMN     "projectId" TEXT;

-- AlterTable
ALTER TABLE "PromptResponse" ADD COLUMN     "projectId" TEXT,
ADD COLUMN     "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- CreateTable
CREATE TABLE "ChannelPost" (
    "id" TEXT NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "scheduleId" TEXT,
    "projectId" TEXT NOT NULL,
    "occurrence" TIMESTAMP(3) NOT NULL,
    "status" "DeliveryStatus" NOT NULL DEFAULT 'PENDING',
    "claimedAt" TIMESTAMP(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "sentAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ChannelPost_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ChannelPost_dedupeKey_key" ON "ChannelPost"("dedupeKey");

-- CreateIndex
CREATE INDEX "ChannelPost_projectId_occurrence_idx" ON "ChannelPost"("projectId", "occurrence");

-- CreateIndex
CREATE UNIQUE INDEX "Schedule_projectId_number_key" ON "Schedule"("projectId", "number");

-- CreateIndex
CREATE INDEX "PromptDelivery_projectId_sentAt_idx" ON "PromptDelivery"("projectId", "sentAt");

-- CreateIndex
CREATE INDEX "PromptResponse_projectId_createdAt_idx" ON "PromptResponse"("projectId", "createdAt");

-- AddForeignKey
ALTER TABLE "PromptDelivery" ADD CONSTRAINT "PromptDelivery_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PromptResponse" ADD CONSTRAINT "PromptResponse_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChannelPost" ADD CONSTRAINT "ChannelPost_scheduleId_fkey" FOREIGN KEY ("scheduleId") REFERENCES "Schedule"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChannelPost" ADD CONSTRAINT "ChannelPost_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

