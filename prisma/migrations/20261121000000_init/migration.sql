-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Platform" AS ENUM ('SLACK', 'DISCORD', 'SHELL');

-- CreateEnum
CREATE TYPE "ProjectRole" AS ENUM ('LEAD', 'MENTOR', 'MEMBER');

-- CreateEnum
CREATE TYPE "CareerStage" AS ENUM ('STUDENT', 'PHD_CANDIDATE', 'POSTDOC', 'EARLY_CAREER', 'ESTABLISHED', 'NON_ACADEMIC_PARTNER');

-- CreateEnum
CREATE TYPE "InstitutionKind" AS ENUM ('UNIVERSITY', 'RESEARCH_INSTITUTE', 'NGO', 'COMMUNITY_ORGANISATION', 'GOVERNMENT', 'COMPANY', 'OTHER');

-- CreateEnum
CREATE TYPE "ContributionRole" AS ENUM ('CONCEPTUALIZATION', 'DATA_CURATION', 'FORMAL_ANALYSIS', 'FUNDING_ACQUISITION', 'INVESTIGATION', 'METHODOLOGY', 'PROJECT_ADMINISTRATION', 'RESOURCES', 'SOFTWARE', 'SUPERVISION', 'VALIDATION', 'VISUALIZATION', 'WRITING_ORIGINAL_DRAFT', 'WRITING_REVIEW_EDITING', 'TRANSLATION_INTERPRETATION', 'COMMUNITY_LIAISON', 'FIELD_LOGISTICS', 'MENTORING', 'TEACHING_TRAINING', 'SCIENCE_POLICY_TRANSLATION', 'FIELD_DATA_COLLECTION');

-- CreateEnum
CREATE TYPE "ContributionDegree" AS ENUM ('LEAD', 'EQUAL', 'SUPPORTING');

-- CreateEnum
CREATE TYPE "KnowledgeForm" AS ENUM ('DISCIPLINARY', 'NON_ACADEMIC_EXPERTISE', 'PRACTICAL_ACTION', 'LIVED_EXPERIENCE', 'INDIGENOUS_LOCAL');

-- CreateEnum
CREATE TYPE "ContributionStatus" AS ENUM ('RECORDED', 'CONFIRMED', 'DISPUTED');

-- CreateEnum
CREATE TYPE "AcknowledgementForm" AS ENUM ('AUTHORSHIP', 'NAMED_ACKNOWLEDGEMENT', 'PRESENTING_FINDINGS', 'DATASET_CREDIT', 'INSTITUTIONAL_CREDIT', 'LEADERSHIP_ROLE', 'CAREER_STEP', 'CO_DESIGN', 'TEAM_RECOGNITION');

-- CreateEnum
CREATE TYPE "CapacityCategory" AS ENUM ('ACADEMIC', 'INTERCULTURAL', 'TRANSLATIONAL', 'INSTITUTIONAL');

-- CreateEnum
CREATE TYPE "ScheduleKind" AS ENUM ('REFLECTION', 'CHECKIN', 'DIGEST', 'SURVEY');

-- CreateEnum
CREATE TYPE "DeliveryStatus" AS ENUM ('PENDING', 'SENT', 'ANSWERED', 'SKIPPED', 'FAILED');

-- CreateEnum
CREATE TYPE "Visibility" AS ENUM ('PRIVATE', 'PROJECT', 'ANONYMOUS');

-- CreateEnum
CREATE TYPE "CheckInTopic" AS ENUM ('RESEARCH_SKILLS', 'WRITING', 'METHODS', 'CAREER', 'INTERCULTURAL', 'LANGUAGE', 'WELLBEING', 'OTHER');

-- CreateEnum
CREATE TYPE "ReceiptStatus" AS ENUM ('PENDING', 'DONE');

-- CreateTable
CREATE TABLE "Workspace" (
    "id" TEXT NOT NULL,
    "platform" "Platform" NOT NULL,
    "externalId" TEXT NOT NULL,
    "name" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Workspace_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Person" (
    "id" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "timezone" TEXT,
    "language" TEXT NOT NULL DEFAULT 'en',
    "country" TEXT,
    "careerStage" "CareerStage",
    "institutionId" TEXT,
    "workDays" INTEGER[] DEFAULT ARRAY[1, 2, 3, 4, 5]::INTEGER[],
    "awayUntil" TIMESTAMP(3),
    "quietStart" TEXT,
    "quietEnd" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Person_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PlatformAccount" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "handle" TEXT,
    "dmChannelId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PlatformAccount_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LinkCode" (
    "code" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LinkCode_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "Institution" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "nameKey" TEXT NOT NULL,
    "country" TEXT,
    "rorId" TEXT,
    "kind" "InstitutionKind",
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Institution_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Project" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "language" TEXT NOT NULL DEFAULT 'en',
    "channelId" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "archivedAt" TIMESTAMP(3),

    CONSTRAINT "Project_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Membership" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "role" "ProjectRole" NOT NULL DEFAULT 'MEMBER',
    "joinedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Membership_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Contribution" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "contributorPersonId" TEXT,
    "contributorInstitutionId" TEXT,
    "recordedById" TEXT,
    "description" TEXT NOT NULL,
    "degree" "ContributionDegree" NOT NULL DEFAULT 'EQUAL',
    "knowledgeForms" "KnowledgeForm"[],
    "startedOn" DATE NOT NULL,
    "endedOn" DATE,
    "link" TEXT,
    "status" "ContributionStatus" NOT NULL DEFAULT 'RECORDED',
    "statusComment" TEXT,
    "statusChangedAt" TIMESTAMP(3),
    "idempotencyKey" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Contribution_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ContributionRoleAssignment" (
    "contributionId" TEXT NOT NULL,
    "role" "ContributionRole" NOT NULL,

    CONSTRAINT "ContributionRoleAssignment_pkey" PRIMARY KEY ("contributionId","role")
);

-- CreateTable
CREATE TABLE "Acknowledgement" (
    "id" TEXT NOT NULL,
    "projectId" TEXT,
    "fromPersonId" TEXT,
    "toPersonId" TEXT,
    "toInstitutionId" TEXT,
    "contributionId" TEXT,
    "message" TEXT NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Acknowledgement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AcknowledgementPreference" (
    "personId" TEXT NOT NULL,
    "form" "AcknowledgementForm" NOT NULL,
    "rank" INTEGER NOT NULL,
    "note" TEXT,

    CONSTRAINT "AcknowledgementPreference_pkey" PRIMARY KEY ("personId","form")
);

-- CreateTable
CREATE TABLE "Schedule" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "kind" "ScheduleKind" NOT NULL,
    "cadence" JSONB NOT NULL,
    "localTime" TEXT NOT NULL DEFAULT '09:00',
    "promptSet" TEXT,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Schedule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PromptDelivery" (
    "id" TEXT NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "scheduleId" TEXT,
    "personId" TEXT NOT NULL,
    "promptId" TEXT NOT NULL,
    "language" TEXT NOT NULL,
    "occurrence" TIMESTAMP(3) NOT NULL,
    "status" "DeliveryStatus" NOT NULL DEFAULT 'PENDING',
    "sentAt" TIMESTAMP(3),
    "remindedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PromptDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PromptResponse" (
    "id" TEXT NOT NULL,
    "deliveryId" TEXT,
    "personId" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "visibility" "Visibility" NOT NULL DEFAULT 'PRIVATE',
    "idempotencyKey" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PromptResponse_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MentorshipPair" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "mentorId" TEXT NOT NULL,
    "menteeId" TEXT NOT NULL,
    "cadenceDays" INTEGER NOT NULL DEFAULT 14,
    "goals" TEXT,
    "startsOn" DATE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endsOn" DATE,
    "endedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MentorshipPair_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CheckIn" (
    "id" TEXT NOT NULL,
    "pairId" TEXT NOT NULL,
    "occurredOn" DATE NOT NULL,
    "topics" "CheckInTopic"[],
    "nextSteps" TEXT,
    "mentorNote" TEXT,
    "menteeNote" TEXT,
    "menteeConfirmedAt" TIMESTAMP(3),
    "loggedById" TEXT,
    "idempotencyKey" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CheckIn_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CapacityNeed" (
    "id" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "projectId" TEXT,
    "category" "CapacityCategory" NOT NULL,
    "description" TEXT NOT NULL,
    "priority" INTEGER NOT NULL DEFAULT 2,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolvedAt" TIMESTAMP(3),

    CONSTRAINT "CapacityNeed_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditLog" (
    "id" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "workspaceId" TEXT,
    "actorPersonId" TEXT,
    "action" TEXT NOT NULL,
    "entityType" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "details" JSONB,

    CONSTRAINT "AuditLog_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CommandReceipt" (
    "idempotencyKey" TEXT NOT NULL,
    "status" "ReceiptStatus" NOT NULL DEFAULT 'PENDING',
    "reply" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" TIMESTAMP(3),

    CONSTRAINT "CommandReceipt_pkey" PRIMARY KEY ("idempotencyKey")
);

-- CreateIndex
CREATE UNIQUE INDEX "Workspace_platform_externalId_key" ON "Workspace"("platform", "externalId");

-- CreateIndex
CREATE INDEX "Person_institutionId_idx" ON "Person"("institutionId");

-- CreateIndex
CREATE INDEX "PlatformAccount_personId_idx" ON "PlatformAccount"("personId");

-- CreateIndex
CREATE UNIQUE INDEX "PlatformAccount_workspaceId_externalId_key" ON "PlatformAccount"("workspaceId", "externalId");

-- CreateIndex
CREATE UNIQUE INDEX "Institution_workspaceId_nameKey_key" ON "Institution"("workspaceId", "nameKey");

-- CreateIndex
CREATE UNIQUE INDEX "Project_workspaceId_slug_key" ON "Project"("workspaceId", "slug");

-- CreateIndex
CREATE INDEX "Membership_personId_idx" ON "Membership"("personId");

-- CreateIndex
CREATE UNIQUE INDEX "Membership_projectId_personId_key" ON "Membership"("projectId", "personId");

-- CreateIndex
CREATE UNIQUE INDEX "Contribution_idempotencyKey_key" ON "Contribution"("idempotencyKey");

-- CreateIndex
CREATE INDEX "Contribution_projectId_startedOn_idx" ON "Contribution"("projectId", "startedOn");

-- CreateIndex
CREATE INDEX "Contribution_contributorPersonId_idx" ON "Contribution"("contributorPersonId");

-- CreateIndex
CREATE INDEX "Contribution_contributorInstitutionId_idx" ON "Contribution"("contributorInstitutionId");

-- CreateIndex
CREATE INDEX "ContributionRoleAssignment_role_idx" ON "ContributionRoleAssignment"("role");

-- CreateIndex
CREATE UNIQUE INDEX "Acknowledgement_idempotencyKey_key" ON "Acknowledgement"("idempotencyKey");

-- CreateIndex
CREATE INDEX "Acknowledgement_projectId_createdAt_idx" ON "Acknowledgement"("projectId", "createdAt");

-- CreateIndex
CREATE INDEX "Acknowledgement_toPersonId_idx" ON "Acknowledgement"("toPersonId");

-- CreateIndex
CREATE INDEX "Acknowledgement_toInstitutionId_idx" ON "Acknowledgement"("toInstitutionId");

-- CreateIndex
CREATE INDEX "Schedule_enabled_idx" ON "Schedule"("enabled");

-- CreateIndex
CREATE UNIQUE INDEX "PromptDelivery_dedupeKey_key" ON "PromptDelivery"("dedupeKey");

-- CreateIndex
CREATE INDEX "PromptDelivery_personId_occurrence_idx" ON "PromptDelivery"("personId", "occurrence");

-- CreateIndex
CREATE INDEX "PromptDelivery_scheduleId_occurrence_idx" ON "PromptDelivery"("scheduleId", "occurrence");

-- CreateIndex
CREATE UNIQUE INDEX "PromptResponse_deliveryId_key" ON "PromptResponse"("deliveryId");

-- CreateIndex
CREATE UNIQUE INDEX "PromptResponse_idempotencyKey_key" ON "PromptResponse"("idempotencyKey");

-- CreateIndex
CREATE INDEX "PromptResponse_personId_createdAt_idx" ON "PromptResponse"("personId", "createdAt");

-- CreateIndex
CREATE INDEX "MentorshipPair_mentorId_idx" ON "MentorshipPair"("mentorId");

-- CreateIndex
CREATE INDEX "MentorshipPair_menteeId_idx" ON "MentorshipPair"("menteeId");

-- CreateIndex
CREATE UNIQUE INDEX "MentorshipPair_projectId_mentorId_menteeId_key" ON "MentorshipPair"("projectId", "mentorId", "menteeId");

-- CreateIndex
CREATE UNIQUE INDEX "CheckIn_idempotencyKey_key" ON "CheckIn"("idempotencyKey");

-- CreateIndex
CREATE INDEX "CheckIn_pairId_occurredOn_idx" ON "CheckIn"("pairId", "occurredOn");

-- CreateIndex
CREATE INDEX "CapacityNeed_projectId_category_idx" ON "CapacityNeed"("projectId", "category");

-- CreateIndex
CREATE INDEX "CapacityNeed_personId_idx" ON "CapacityNeed"("personId");

-- CreateIndex
CREATE INDEX "AuditLog_entityType_entityId_idx" ON "AuditLog"("entityType", "entityId");

-- CreateIndex
CREATE INDEX "AuditLog_actorPersonId_at_idx" ON "AuditLog"("actorPersonId", "at");

-- AddForeignKey
ALTER TABLE "Person" ADD CONSTRAINT "Person_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PlatformAccount" ADD CONSTRAINT "PlatformAccount_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PlatformAccount" ADD CONSTRAINT "PlatformAccount_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LinkCode" ADD CONSTRAINT "LinkCode_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Institution" ADD CONSTRAINT "Institution_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Project" ADD CONSTRAINT "Project_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Membership" ADD CONSTRAINT "Membership_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Membership" ADD CONSTRAINT "Membership_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Contribution" ADD CONSTRAINT "Contribution_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Contribution" ADD CONSTRAINT "Contribution_contributorPersonId_fkey" FOREIGN KEY ("contributorPersonId") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Contribution" ADD CONSTRAINT "Contribution_contributorInstitutionId_fkey" FOREIGN KEY ("contributorInstitutionId") REFERENCES "Institution"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Contribution" ADD CONSTRAINT "Contribution_recordedById_fkey" FOREIGN KEY ("recordedById") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContributionRoleAssignment" ADD CONSTRAINT "ContributionRoleAssignment_contributionId_fkey" FOREIGN KEY ("contributionId") REFERENCES "Contribution"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Acknowledgement" ADD CONSTRAINT "Acknowledgement_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Acknowledgement" ADD CONSTRAINT "Acknowledgement_fromPersonId_fkey" FOREIGN KEY ("fromPersonId") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Acknowledgement" ADD CONSTRAINT "Acknowledgement_toPersonId_fkey" FOREIGN KEY ("toPersonId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Acknowledgement" ADD CONSTRAINT "Acknowledgement_toInstitutionId_fkey" FOREIGN KEY ("toInstitutionId") REFERENCES "Institution"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Acknowledgement" ADD CONSTRAINT "Acknowledgement_contributionId_fkey" FOREIGN KEY ("contributionId") REFERENCES "Contribution"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AcknowledgementPreference" ADD CONSTRAINT "AcknowledgementPreference_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Schedule" ADD CONSTRAINT "Schedule_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PromptDelivery" ADD CONSTRAINT "PromptDelivery_scheduleId_fkey" FOREIGN KEY ("scheduleId") REFERENCES "Schedule"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PromptDelivery" ADD CONSTRAINT "PromptDelivery_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PromptResponse" ADD CONSTRAINT "PromptResponse_deliveryId_fkey" FOREIGN KEY ("deliveryId") REFERENCES "PromptDelivery"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PromptResponse" ADD CONSTRAINT "PromptResponse_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MentorshipPair" ADD CONSTRAINT "MentorshipPair_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MentorshipPair" ADD CONSTRAINT "MentorshipPair_mentorId_fkey" FOREIGN KEY ("mentorId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MentorshipPair" ADD CONSTRAINT "MentorshipPair_menteeId_fkey" FOREIGN KEY ("menteeId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CheckIn" ADD CONSTRAINT "CheckIn_pairId_fkey" FOREIGN KEY ("pairId") REFERENCES "MentorshipPair"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CapacityNeed" ADD CONSTRAINT "CapacityNeed_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CapacityNeed" ADD CONSTRAINT "CapacityNeed_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

