/**
 * The runtime's public face: what the API, webhooks, schedules and the CLI call to run workflows.
 * Implementation: server/runtime/execution.ts (start, cancel, wait) and server/runtime/step.ts (the step processor).
 */
export { startExecution, cancelExecution, waitForExecution, getExecutionDetail } from './execution';
export type { StartExecutionArgs, ExecutionDetail, NodeRunDetail } from './execution';
