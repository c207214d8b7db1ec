-- CreateTable
CREATE TABLE "VectorMemoryChunk" (
    "id" BIGSERIAL NOT NULL,
    "ownerId" TEXT,
    "memoryKey" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "metadata" JSONB NOT NULL DEFAULT '{}',
    "embedding" DOUBLE PRECISION[],
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "VectorMemoryChunk_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "VectorMemoryChunk_ownerId_memoryKey_idx" ON "VectorMemoryChunk"("ownerId", "memoryKey");

-- AddForeignKey
ALTER TABLE "VectorMemoryChunk" ADD CONSTRAINT "VectorMemoryChunk_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
