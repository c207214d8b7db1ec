import { createTRPCRouter, protectedProcedure } from '../../trpc';
import * as h from './execution.handler';
import * as s from './execution.schema';

export const executionRouter = createTRPCRouter({
  run: protectedProcedure.input(s.runInput).mutation(h.runExecution),
  chat: protectedProcedure.input(s.chatInput).mutation(h.chatExecution),
  list: protectedProcedure.input(s.listInput).query(h.listExecutions),
  get: protectedProcedure.input(s.byId).query(h.getExecution),
  cancel: protectedProcedure.input(s.byId).mutation(h.cancelExecution),
  retry: protectedProcedure.input(s.byId).mutation(h.retryExecution),
});
