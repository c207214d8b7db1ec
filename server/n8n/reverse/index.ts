/** Weft node type -> reverse mapper (Weft params -> n8n node). `unsupported` is handled by export.ts. */
import type { ReverseMapper } from './types';
import * as core from './core';
import * as data from './data';
import * as io from './io';
import * as ai from './ai';
import { vectorStore } from './vectorStores';
import * as files from './files';
import * as content from './content';
import { redis } from './redis';
import { slack } from './slack';
import { notion } from './notion';
import * as forms from './forms';
import { airtable } from './airtable';
import { googleSheets } from './googleSheets';
import { summarize } from './summarize';
import { rssFeedRead } from './rss';
import * as polls from './pollTriggers';
import { gmail } from './gmail';
import { googleDrive } from './googleDrive';
import * as messaging from './messaging';
import { mattermost } from './mattermost';
import { todoist } from './todoist';
import { github } from './github';
import { microsoftOutlook } from './microsoftOutlook';
import { googleCalendar } from './googleCalendar';
import { hubspot } from './hubspot';
import { googleDocs } from './googleDocs';
import { whatsApp } from './whatsApp';

export const reverseMappers: Record<string, ReverseMapper> = {
  manualTrigger: core.manualTrigger,
  transform: core.transform,
  condition: core.condition,
  filter: core.filter,
  switch: core.switchNode,
  merge: core.merge,
  noOp: core.noOp,
  code: core.code,
  httpRequest: io.httpRequest,
  webhook: io.webhook,
  chatTrigger: io.chatTrigger,
  respondToWebhook: io.respondToWebhook,
  formTrigger: forms.formTrigger,
  form: forms.form,
  scheduleTrigger: io.scheduleTrigger,
  wait: data.wait,
  executionData: data.executionData,
  loop: data.loop,
  limit: data.limit,
  sort: data.sort,
  splitOut: data.splitOut,
  aggregate: data.aggregate,
  summarize,
  rssFeedRead,
  rssFeedReadTrigger: polls.rssFeedReadTrigger,
  telegramTrigger: polls.telegramTrigger,
  gmailTrigger: polls.gmailTrigger,
  googleSheetsTrigger: polls.googleSheetsTrigger,
  removeDuplicates: data.removeDuplicates,
  stopAndError: data.stopAndError,
  dateTime: data.dateTime,
  extractFromFile: files.extractFromFile,
  convertToFile: files.convertToFile,
  readWriteFile: files.readWriteFile,
  html: content.html,
  markdown: content.markdown,
  crypto: content.crypto,
  executeWorkflow: data.executeWorkflow,
  executeWorkflowTrigger: data.executeWorkflowTrigger,
  agent: ai.agent,
  mcpTrigger: ai.mcpTrigger,
  mcpTool: ai.mcpTool,
  textClassifier: ai.textClassifier,
  openAi: ai.openAi,
  vectorStore,
  redis,
  slack,
  notion,
  airtable,
  googleSheets,
  gmail,
  googleDrive,
  telegram: messaging.telegram,
  emailSend: messaging.emailSend,
  mattermost,
  todoist,
  github,
  microsoftOutlook,
  googleCalendar,
  hubspot,
  googleDocs,
  whatsApp,
};

export type { ReverseMapper, ReverseMapping, SubNodeOut } from './types';
