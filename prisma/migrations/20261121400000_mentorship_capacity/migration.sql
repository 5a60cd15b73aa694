-- CreateEnum
CREATE TYPE "NoticeKind" AS ENUM ('CHECKIN_REMINDER', 'OVERDUE_MENTOR', 'OVERDUE_LEAD', 'SURVEY', 'SURVEY_REMINDER');

-- AlterTable: pairs made before this migration keep their cadence in days (as every N weeks on
-- their start weekday) and are numbered in creation order.
ALTER TABLE "MentorshipPair" ADD COLUMN "cadence" JSONB,
ADD COLUMN     "createdById" TEXT,
ADD COLUMN     "localTime" TEXT NOT NULL DEFAULT '10:00',
ADD COLUMN     "number" INTEGER,
ADD COLUMN     "snoozedUntil" TIMESTAMP(3);
UPDATE "MentorshipPair" p SET
  "cadence" = jsonb_build_object('type', 'every-n-weeks', 'weeks', GREATEST(1, round(p."cadenceDays" / 7.0))::int,
    'weekdays', jsonb_build_array(extract(isodow FROM p."startsOn")::int), 'anchor', to_char(p."startsOn", 'YYYY-MM-DD')),
  "number" = n.number
FROM (SELECT id, row_number() OVER (PARTITION BY "projectId" ORDER BY "createdAt", id) AS number FROM "MentorshipPair") n
WHERE n.id = p.id;
ALTER TABLE "MentorshipPair" ALTER COLUMN "cadence" SET NOT NULL, ALTER COLUMN "number" SET NOT NULL, DROP COLUMN "cadenceDays";

-- AlterTable
ALTER TABLE "CapacityNeed" ADD COLUMN     "idempotencyKey" TEXT;

-- CreateTable
CREATE TABLE "Strength" (
    "id" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "category" "CapacityCategory" NOT NULL,
    "description" TEXT NOT NULL,
    "idempotencyKey" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Strength_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Notice" (
    "id" TEXT NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "kind" "NoticeKind" NOT NULL,
    "scheduleId" TEXT,
    "projectId" TEXT NOT NULL,
    "pairId" TEXT,
    "personId" TEXT NOT NULL,
    "occurrence" TIMESTAMP(3) NOT NULL,
    "status" "DeliveryStatus" NOT NULL DEFAULT 'PENDING',
    "claimedAt" TIMESTAMP(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "sentAt" TIMESTAMP(3),
    "reason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Notice_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Strength_idempotencyKey_key" ON "Strength"("idempotencyKey");

-- CreateIndex
CREATE INDEX "Strength_personId_idx" ON "Strength"("personId");

-- CreateIndex
CREATE UNIQUE INDEX "Notice_dedupeKey_key" ON "Notice"("dedupeKey");

-- CreateIndex
CREATE INDEX "Notice_pairId_occurrence_idx" ON "Notice"("pairId", "occurrence");

-- CreateIndex
CREATE INDEX "Notice_scheduleId_personId_idx" ON "Notice"("scheduleId", "personId");

-- CreateIndex
CREATE INDEX "Notice_personId_kind_idx" ON "Notice"("personId", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "MentorshipPair_projectId_number_key" ON "MentorshipPair"("projectId", "number");

-- CreateIndex
CREATE UNIQUE INDEX "CapacityNeed_idempotencyKey_key" ON "CapacityNeed"("idempotencyKey");

-- AddForeignKey
ALTER TABLE "Strength" ADD CONSTRAINT "Strength_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Notice" ADD CONSTRAINT "Notice_scheduleId_fkey" FOREIGN KEY ("scheduleId") REFERENCES "Schedule"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Notice" ADD CONSTRAINT "Notice_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Notice" ADD CONSTRAINT "Notice_pairId_fkey" FOREIGN KEY ("pairId") REFERENCES "MentorshipPair"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Notice" ADD CONSTRAINT "Notice_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

