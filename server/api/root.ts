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
import { n8nRouter } from './routers/n8n';

export const appRouter = createTRPCRouter({
  auth: authRouter,
  workflow: workflowRouter,
  execution: executionRouter,
  node: nodeRouter,
  credential: credentialRouter,
  mcp: mcpRouter,
  n8n: n8nRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
