-- AlterTable
ALTER TABLE "NodeRun" ADD COLUMN     "workerId" TEXT;
