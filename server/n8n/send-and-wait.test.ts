/**
 * n8n's "send and wait for response" (Slack message sendAndWait, Telegram, Send Email and Gmail sendAndWait):
 * import onto the nodes' sendAndWait fields (n8n's options -> sendAndWaitOptions, the attribution n8n would
 * append), export through the reverse mappers with n8n's names, and import back to the same params.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportN8n, importN8nWorkflow } from './index';
import type { GraphNode, WorkflowDocument } from '../engine/types';
import { N8N_CORPUS_DIR } from '../testing/corpus';

const SLACK = 'n8n-nodes-base.slack';
const TG = 'n8n-nodes-base.telegram';
const MAIL = 'n8n-nodes-base.emailSend';

function n8nDoc(type: string, typeVersion: number, parameters: Record<string, unknown>, credential: string) {
  return {
    name: 'test',
    nodes: [
      { id: 't', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
      { id: 'n', name: 'Ask', type, typeVersion, position: [200, 0], parameters, credentials: { [credential]: { id: 'c1', name: 'account' } } },
    ],
    connections: { Start: { main: [[{ node: 'Ask', type: 'main', index: 0 }]] } },
  };
}

/** The graph with node Ask marked as edited, so the export goes through the reverse mapper. */
function forceReverse(g: WorkflowDocument): WorkflowDocument {
  return {
    ...g,
    nodes: g.nodes.map((n): GraphNode => {
      if (n.name !== 'Ask') return n;
      const n8n = (n.extra?.n8n ?? {}) as Record<string, unknown>;
      return { ...n, extra: { ...n.extra, n8n: { ...n8n, mappedParams: undefined } } };
    }),
  };
}

function roundTrip(type: string, version: number, parameters: Record<string, unknown>, credential: string) {
  const first = importN8nWorkflow(n8nDoc(type, version, parameters, credential));
  const node = first.graph.nodes.find((n) => n.name === 'Ask')!;
  const exported = exportN8n(forceReverse(first.graph)).workflow.nodes.find((n) => n.name === 'Ask')!;
  const again = importN8nWorkflow({ name: 'again', nodes: [exported], connections: {} } as never).graph.nodes.find((n) => n.name === 'Ask')!;
  return { report: first.report, node, exported, again };
}

describe('n8n import/export: send and wait for response', () => {
  it('Slack 2.2 sendAndWait to a channel: approval options and limitWaitTime carry over; export writes n8n\'s names', () => {
    const parameters = {
      operation: 'sendAndWait', select: 'channel', channelId: { __rl: true, value: 'C0123', mode: 'id' }, message: '=Deploy {{ $json.v }}?',
      approvalOptions: { values: { approvalType: 'double', approveLabel: 'Ship' } },
      options: { limitWaitTime: { values: { limitType: 'afterTimeInterval', resumeAmount: 2, resumeUnit: 'hours' } } },
    };
    const { report, node, exported, again } = roundTrip(SLACK, 2.2, parameters, 'slackApi');
    expect(report.nodes.find((n) => n.name === 'Ask')).toMatchObject({ status: 'mapped', weftType: 'slack' });
    expect(node.params).toEqual({
      resource: 'message', operation: 'sendAndWait', select: 'channel', channelId: 'C0123', message: '=Deploy {{ $json.v }}?', responseType: 'approval',
      approvalOptions: parameters.approvalOptions,
      sendAndWaitOptions: { limitWaitTime: parameters.options.limitWaitTime, appendAttribution: true },
    });
    expect(exported).toMatchObject({ type: SLACK, typeVersion: 2.2 });
    expect(exported.parameters).toEqual({ ...parameters, options: { limitWaitTime: parameters.options.limitWaitTime } });
    expect(again.params).toEqual(node.params);
  });

  it('Slack sendAndWait to a user with a custom form; a JSON-defined form is unsupported, an unknown option warned about', () => {
    const formFields = { values: [{ fieldLabel: 'Budget', fieldType: 'number', requiredField: true }] };
    const parameters = {
      operation: 'sendAndWait', select: 'user', user: { __rl: true, value: 'ada', mode: 'username' }, message: 'Budget?', responseType: 'customForm', formFields,
      options: { messageButtonLabel: 'Fill in', responseFormTitle: 'Budget', appendAttribution: false, responseFormCustomCss: 'x' },
    };
    const { report, node, exported, again } = roundTrip(SLACK, 2.3, parameters, 'slackApi');
    expect(node.params).toMatchObject({ select: 'user', user: '@ada', responseType: 'customForm', formFields, sendAndWaitOptions: { messageButtonLabel: 'Fill in', responseFormTitle: 'Budget', appendAttribution: false } });
    expect(JSON.stringify(report)).toContain('responseFormCustomCss');
    expect(exported.parameters).toEqual({ ...parameters, options: { messageButtonLabel: 'Fill in', responseFormTitle: 'Budget', appendAttribution: false } });
    expect(again.params).toEqual(node.params);
    const json = importN8nWorkflow(n8nDoc(SLACK, 2.2, { operation: 'sendAndWait', channelId: 'C1', responseType: 'customForm', defineForm: 'json', jsonOutput: '[]' }, 'slackApi')).report;
    expect(json.nodes.find((n) => n.name === 'Ask')).toMatchObject({ status: 'unsupported' });
    expect(JSON.stringify(json)).toContain('defineForm: json');
  });

  it('Telegram sendAndWait (free text) and Send Email sendAndWait (approval) import and export with n8n\'s names', () => {
    const tg = roundTrip(TG, 1.2, { operation: 'sendAndWait', chatId: '={{ $json.chat }}', message: 'Why?', responseType: 'freeText', options: {} }, 'telegramApi');
    expect(tg.node.params).toEqual({ resource: 'message', operation: 'sendAndWait', chatId: '={{ $json.chat }}', message: 'Why?', responseType: 'freeText', sendAndWaitOptions: { appendAttribution: true } });
    expect(tg.exported.parameters).toEqual({ operation: 'sendAndWait', chatId: '={{ $json.chat }}', message: 'Why?', responseType: 'freeText', options: {} });
    expect(tg.again.params).toEqual(tg.node.params);

    const mailParams = { operation: 'sendAndWait', fromEmail: 'bot@x.io', toEmail: 'boss@x.io', subject: 'Leave?', message: 'Approve?', options: { appendAttribution: false } };
    const mail = roundTrip(MAIL, 2.1, mailParams, 'smtp');
    expect(mail.node.params).toEqual({ operation: 'sendAndWait', fromEmail: 'bot@x.io', toEmail: 'boss@x.io', subject: 'Leave?', message: 'Approve?', responseType: 'approval', sendAndWaitOptions: { appendAttribution: false } });
    expect(mail.exported).toMatchObject({ type: MAIL, typeVersion: 2.1, parameters: mailParams });
    expect(mail.again.params).toEqual(mail.node.params);
  });

  it('Gmail 2.1 sendAndWait (as corpus workflow 1936: free text) imports with sendTo and subject and exports back', () => {
    const parameters = { operation: 'sendAndWait', sendTo: 'info@x.io', subject: '=[Approval] {{ $json.subject }}', message: '=<h3>MESSAGE</h3>', responseType: 'freeText', options: {} };
    const gmail = roundTrip('n8n-nodes-base.gmail', 2.1, parameters, 'gmailOAuth2');
    expect(gmail.node.params).toEqual({
      authentication: 'oAuth2', resource: 'message', operation: 'sendAndWait', sendTo: 'info@x.io', subject: '=[Approval] {{ $json.subject }}', message: '=<h3>MESSAGE</h3>',
      responseType: 'freeText', sendAndWaitOptions: { appendAttribution: true },
    });
    expect(gmail.exported.parameters).toEqual(parameters);
    expect(gmail.again.params).toEqual(gmail.node.params);
  });

  const corpusFile = path.join(N8N_CORPUS_DIR, '1595_Telegram_Schedule_Update_Webhook.json');
  it.skipIf(!existsSync(corpusFile))('corpus workflow 1595: its Telegram sendAndWait maps (approval by default, n8n\'s attribution on)', () => {
    const doc = JSON.parse(readFileSync(corpusFile, 'utf8')) as { nodes: { name: string; type: string; parameters: Record<string, unknown> }[] };
    const n8nNode = doc.nodes.find((n) => n.type === TG && n.parameters.operation === 'sendAndWait')!;
    const { graph, report } = importN8nWorkflow(doc);
    expect(report.nodes.find((n) => n.name === n8nNode.name)).toMatchObject({ status: 'mapped', weftType: 'telegram' });
    expect(graph.nodes.find((n) => n.name === n8nNode.name)!.params).toEqual({
      resource: 'message', operation: 'sendAndWait', chatId: n8nNode.parameters.chatId, message: n8nNode.parameters.message, responseType: 'approval', sendAndWaitOptions: { appendAttribution: true },
    });
  });
});
