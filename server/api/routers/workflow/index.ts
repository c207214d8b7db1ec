import { createTRPCRouter, protectedProcedure } from '../../trpc';
import * as h from './workflow.handler';
import * as s from './workflow.schema';
import * as tw from './testWebhook.handler';
import * as n8n from './n8n.handler';

export const workflowRouter = createTRPCRouter({
  list: protectedProcedure.input(s.listInput).query(h.listWorkflows),
  get: protectedProcedure.input(s.byId).query(h.getWorkflow),
  create: protectedProcedure.input(s.createInput).mutation(h.createWorkflow),
  save: protectedProcedure.input(s.saveInput).mutation(h.saveWorkflow),
  rename: protectedProcedure.input(s.renameInput).mutation(h.renameWorkflow),
  delete: protectedProcedure.input(s.byId).mutation(h.deleteWorkflow),
  duplicate: protectedProcedure.input(s.duplicateInput).mutation(h.duplicateWorkflow),
  setActive: protectedProcedure.input(s.setActiveInput).mutation(h.setWorkflowActive),
  activate: protectedProcedure.input(s.byId).mutation(({ ctx, input }) => h.setWorkflowActive({ ctx, input: { id: input.id, active: true } })),
  deactivate: protectedProcedure.input(s.byId).mutation(({ ctx, input }) => h.setWorkflowActive({ ctx, input: { id: input.id, active: false } })),
  versions: protectedProcedure.input(s.byId).query(h.listVersions),
  restore: protectedProcedure.input(s.restoreInput).mutation(h.restoreVersion),
  // Test webhooks (triggers engineer): /webhook-test/<path> runs the draft once while the editor listens.
  listenTestWebhook: protectedProcedure.input(tw.listenTestWebhookInput).mutation(tw.listenTestWebhook),
  stopTestWebhook: protectedProcedure.input(tw.stopTestWebhookInput).mutation(tw.stopTestWebhook),
  // n8n workflow JSON in and out (server/n8n does the mapping).
  previewN8n: protectedProcedure.input(n8n.previewN8nInput).mutation(n8n.previewN8n),
  importN8n: protectedProcedure.input(n8n.importN8nInput).mutation(n8n.importN8n),
  exportN8n: protectedProcedure.input(n8n.exportN8nInput).query(n8n.exportN8nWorkflowJson),
});
