-- DropIndex
DROP INDEX "NodeRun_executionId_status_idx";
