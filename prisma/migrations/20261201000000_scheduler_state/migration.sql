-- CreateTable
CREATE TABLE "SchedulerState" (
    "name" TEXT NOT NULL,
    "lastTickAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SchedulerState_pkey" PRIMARY KEY ("name")
);
