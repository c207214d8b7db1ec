/**
 * The worker process: runs workflow steps (and schedule ticks) until SIGTERM/SIGINT, then stops taking
 * jobs, lets in-flight steps finish, and closes Redis, then Prisma.
 */
import { startStepWorker } from '../server/runtime/worker';
import { closeRuntimeConnections } from '../server/runtime/shutdown';
import { env } from '../server/env';
import { startOptionalWorkers } from './optional';

async function main() {
  const e = env();
  const steps = await startStepWorker();
  const others = await startOptionalWorkers();
  console.log(`weft worker ${process.pid} ready (concurrency ${e.WEFT_WORKER_CONCURRENCY}, queue prefix ${e.WEFT_QUEUE_PREFIX})`);
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`weft worker ${process.pid}: ${signal}, finishing in-flight steps`);
    const force = setTimeout(() => process.exit(1), 30_000);
    force.unref();
    await Promise.allSettled([steps.close(), ...others.map((o) => o.close())]);
    await closeRuntimeConnections();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
