-- AlterTable
ALTER TABLE "Execution" ADD COLUMN     "customData" JSONB;
