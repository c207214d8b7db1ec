-- AlterTable
ALTER TABLE "Schedule" ADD COLUMN     "pollState" JSONB;
