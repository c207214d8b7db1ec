/**
 * The API: one router per domain.
 */
import { createCallerFactory, createTRPCRouter } from './trpc';
import { authRouter } from './routers/auth';
import { workflowRouter } from './routers/workflow';
import { executionRouter } from './routers/execution';
import { nodeRouter } from './routers/node';
import { credentialRouter } from './routers/credential';
import { mcpRouter } from './routers/mcp';

export const appRouter = createTRPCRouter({
  auth: authRouter,
  workflow: workflowRouter,
  execution: executionRouter,
  node: nodeRouter,
  credential: credentialRouter,
  mcp: mcpRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
