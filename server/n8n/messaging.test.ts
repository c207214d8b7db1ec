/**
 * n8n's Telegram and Send Email nodes: the corpus workflows that use them now map onto nodes/telegram and
 * nodes/emailSend (Telegram's send-and-wait too: send-and-wait.test.ts), with n8n's credential slots; unchanged nodes export
 * their exact parameters, edited nodes go through the reverse mappers and import back to the same params, and
 * an imported Telegram workflow runs in the in-memory runner against a fake Bot API on 127.0.0.1.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportN8n, importN8nWorkflow } from './index';
import type { GraphNode, WorkflowDocument } from '../engine/types';
import { runWorkflowInMemory } from '../engine/run-memory';
import { registry } from '../../nodes/registry';
import { N8N_CORPUS_DIR } from '../testing/corpus';
import { type N8nDoc, edited, node } from './test-corpus';

const corpusDir = N8N_CORPUS_DIR;
const haveCorpus = existsSync(corpusDir) && existsSync(path.join(corpusDir, '1948_Error_Telegram_Send_Triggered.json'));
const load = (f: string) => JSON.parse(readFileSync(path.join(corpusDir, f), 'utf8')) as N8nDoc;
const TG = 'n8n-nodes-base.telegram';
const MAIL = 'n8n-nodes-base.emailSend';

/** Corpus files holding a node of `type`. */
function filesWith(type: string): string[] {
  return readdirSync(corpusDir).filter((f) => f.endsWith('.json') && readFileSync(path.join(corpusDir, f), 'utf8').includes(`"${type}"`));
}

/** The graph with node `name` marked as edited, so the export goes through the reverse mapper (keeps its credentials). */
function forceReverse(g: WorkflowDocument, name: string): WorkflowDocument {
  return {
    ...g,
    nodes: g.nodes.map((n): GraphNode => {
      if (n.name !== name) return n;
      const n8n = (n.extra?.n8n ?? {}) as Record<string, unknown>;
      return { ...n, extra: { ...n.extra, n8n: { ...n8n, mappedParams: undefined } } };
    }),
  };
}


function n8nDoc(type: string, typeVersion: number, parameters: Record<string, unknown>, credential: string) {
  return {
    name: 'test',
    nodes: [
      { id: 't', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
      { id: 'n', name: 'Node', type, typeVersion, position: [200, 0], parameters, credentials: { [credential]: { id: 'c1', name: 'account' } } },
    ],
    connections: { Start: { main: [[{ node: 'Node', type: 'main', index: 0 }]] } },
  };
}

describe.skipIf(!haveCorpus)('n8n import: Telegram and Send Email in the corpus', () => {
  it('maps every Telegram node (send-and-wait included) and every Send Email node, with n8n\'s credential slots', () => {
    const counts = { telegram: 0, telegramSendAndWait: 0, email: 0 };
    for (const f of [...new Set([...filesWith(TG), ...filesWith(MAIL)])]) {
      const doc = load(f);
      const { report } = importN8nWorkflow(doc);
      for (const n of doc.nodes.filter((x) => x.type === TG || x.type === MAIL)) {
        const r = report.nodes.find((x) => x.name === n.name)!;
        if (n.type === TG && n.parameters.operation === 'sendAndWait') counts.telegramSendAndWait++;
        const weftType = n.type === TG ? 'telegram' : 'emailSend';
        expect(r, `${f}: ${n.name}`).toMatchObject({ status: 'mapped', weftType });
        if (n.type === TG) counts.telegram++;
        else counts.email++;
        const slot = n.type === TG ? 'telegramApi' : 'smtp';
        if (n.credentials) expect(report.credentials.find((c) => c.node === n.name), `${f}: ${n.name}`).toMatchObject({ n8nType: slot, slot });
      }
    }
    expect(counts).toEqual({ telegram: 54, telegramSendAndWait: 1, email: 19 });
  });

  it('maps the Telegram operations the corpus uses onto the node\'s params', () => {
    const error = importN8nWorkflow(load('1948_Error_Telegram_Send_Triggered.json')).graph;
    expect(node(error, 'Telegram').params).toMatchObject({ resource: 'message', operation: 'sendMessage', chatId: "={{ $('Config').item.json.telegramChatId }}", parse_mode: 'HTML', appendAttribution: false });

    const voice = importN8nWorkflow(load('1487_Telegram_Extractfromfile_Automate_Webhook.json')).graph;
    expect(node(voice, 'Telegram1').params).toEqual({ resource: 'file', operation: 'get', fileId: '={{ $json.message.voice.file_id }}' });
    // v1.2 without appendAttribution: n8n appends its line, so the import turns it on.
    expect(node(voice, 'Unsupported Message Type').params).toEqual({ resource: 'message', operation: 'sendMessage', text: "I'm not able to process this message type.", chatId: '={{ $json.message.chat.id }}', appendAttribution: true, disable_web_page_preview: true });

    const chart = importN8nWorkflow(load('0931_Telegram_Splitout_Monitor_Scheduled.json')).graph;
    expect(node(chart, 'Send Chart Image to Group or Private Chat').params).toEqual({ resource: 'message', operation: 'sendPhoto', chatId: '-1001957001324', binaryData: true, fileName: 'chart', message_thread_id: 571 });

    // v1 appends nothing unless told, and leaves link previews to Telegram.
    const shop = node(importN8nWorkflow(load('0085_Shopify_Twitter_Create_Triggered.json')).graph, 'Telegram').params;
    expect(shop).toMatchObject({ chatId: '123456', appendAttribution: false });
    expect(shop.disable_web_page_preview).toBeUndefined();

    const resume = importN8nWorkflow(load('1439_Telegram_Code_Create_Webhook.json')).graph;
    expect(node(resume, 'Send PDF to the user').params).toMatchObject({ operation: 'sendDocument', binaryData: true, fileName: expect.stringContaining('.pdf') });
  });

  it('maps Send Email v1 and v2.1 onto the node\'s params', () => {
    const video = importN8nWorkflow(load('0791_Stopanderror_Splitout_Create_Webhook.json')).graph;
    expect(node(video, 'Send an email for each new video').params).toMatchObject({ fromEmail: 'YouTube <from@email.com>', toEmail: 'My Name <to@email.com>', emailFormat: 'html', appendAttribution: false });
    const payroll = importN8nWorkflow(load('0168_Datetime_GoogleCalendar_Send_Scheduled.json')).graph;
    expect(node(payroll, 'Send email to payroll').params).toEqual({ fromEmail: 'n8n@mydomain.tld', toEmail: 'payroll-team@mydomain.tld', subject: 'Absences from last month', emailFormat: 'text', text: '={{$json["message"]}}', appendAttribution: false });
    const tasks = importN8nWorkflow(load('1418_Schedule_Nocodb_Automation_Scheduled.json')).graph;
    expect(node(tasks, 'Send email to client').params).toMatchObject({ emailFormat: 'text', appendAttribution: true, fromEmail: 'support@example.com' });
    const order = importN8nWorkflow(load('0888_Wait_Code_Send_Webhook.json')).graph;
    expect(node(order, 'Send Email').params).toMatchObject({ emailFormat: 'html', attachments: 'data', appendAttribution: false });
  });

  it('exports unchanged nodes with their exact original parameters', () => {
    for (const f of [...new Set([...filesWith(TG), ...filesWith(MAIL)])]) {
      const doc = load(f);
      const out = exportN8n(importN8nWorkflow(doc).graph).workflow;
      for (const n of doc.nodes.filter((x) => x.type === TG || x.type === MAIL)) {
        const exported = out.nodes.find((x) => x.name === n.name)!;
        expect(exported.type, `${f}: ${n.name}`).toBe(n.type);
        expect(exported.parameters, `${f}: ${n.name}`).toEqual(n.parameters);
      }
    }
  });

  it('exports edited corpus nodes through the reverse mappers and imports them back to the same params', () => {
    const cases: [string, string, Record<string, unknown>][] = [
      ['1948_Error_Telegram_Send_Triggered.json', 'Telegram', { text: 'edited' }],
      ['0931_Telegram_Splitout_Monitor_Scheduled.json', 'Send Chart Image to Group or Private Chat', { caption: 'Chart' }],
      ['1487_Telegram_Extractfromfile_Automate_Webhook.json', 'Telegram1', { download: false }],
      ['1487_Telegram_Extractfromfile_Automate_Webhook.json', 'Unsupported Message Type', { reply_to_message_id: 3 }],
      ['0791_Stopanderror_Splitout_Create_Webhook.json', 'Send an email for each new video', { subject: 'edited' }],
      ['1418_Schedule_Nocodb_Automation_Scheduled.json', 'Send email to client', { ccEmail: 'boss@example.com' }],
      ['0888_Wait_Code_Send_Webhook.json', 'Send Email', { replyTo: 'help@example.com' }],
    ];
    for (const [f, name, patch] of cases) {
      const graph = edited(importN8nWorkflow(load(f)).graph, name, patch);
      const { workflow } = exportN8n(graph);
      const exported = workflow.nodes.find((n) => n.name === name)!;
      expect(exported.typeVersion, `${f}: ${name}`).toBe(exported.type === TG ? 1.2 : 2.1);
      const back = importN8nWorkflow(workflow).graph;
      expect(node(back, name).params, `${f}: ${name}`).toEqual(node(graph, name).params);
      expect(node(back, name).type).toBe(node(graph, name).type);
    }
  });
});

describe('n8n import and export: Telegram and Send Email', () => {
  it('keeps keyboards and the operations the corpus does not use through a round trip', () => {
    const cases: Record<string, unknown>[] = [
      { chatId: '1', text: 'pick', replyMarkup: 'inlineKeyboard', inlineKeyboard: { rows: [{ row: { buttons: [{ text: 'A', additionalFields: { callback_data: 'a' } }] } }] }, additionalFields: { appendAttribution: false, disable_notification: true } },
      { chatId: '1', text: 'see https://x.io', additionalFields: { disable_web_page_preview: false } },
      { operation: 'editMessageText', chatId: '1', messageId: '9', text: 'x', additionalFields: { parse_mode: 'HTML' } },
      { operation: 'deleteMessage', chatId: '1', messageId: '9' },
      { operation: 'sendChatAction', chatId: '1', action: 'record_voice' },
      { operation: 'sendVideo', chatId: '1', file: 'https://v.example/a.mp4', additionalFields: { caption: 'c' } },
      { resource: 'chat', chatId: '@channel' },
      { resource: 'file', fileId: 'F', download: false, additionalFields: { mimeType: 'image/png' } },
    ];
    for (const parameters of cases) {
      const { graph, report } = importN8nWorkflow(n8nDoc(TG, 1.2, parameters, 'telegramApi'));
      expect(report.counts.unsupported, JSON.stringify(parameters)).toBe(0);
      const changed = forceReverse(graph, 'Node');
      const exported = exportN8n(changed).workflow.nodes.find((n) => n.name === 'Node')!;
      expect(exported.parameters, JSON.stringify(parameters)).toEqual({ ...parameters, ...(parameters.resource === undefined || parameters.resource === 'message' ? { additionalFields: parameters.additionalFields ?? {} } : {}) });
      expect(exported.credentials).toEqual({ telegramApi: { id: 'c1', name: 'account' } });
    }
  });

  it('leaves unknown operations unsupported, naming them', () => {
    const other = importN8nWorkflow(n8nDoc(TG, 1.2, { operation: 'sendLocation', chatId: '1' }, 'telegramApi')).report;
    expect(JSON.stringify(other.nodes.find((n) => n.name === 'Node'))).toContain('sendLocation');
  });

  it('uses each Send Email version\'s defaults: v2 text without attribution, v2.1 html with it', () => {
    const v2 = importN8nWorkflow(n8nDoc(MAIL, 2, { fromEmail: 'a@x.io', toEmail: 'b@x.io', subject: 's', text: 't', options: {} }, 'smtp')).graph;
    expect(node(v2, 'Node').params).toEqual({ fromEmail: 'a@x.io', toEmail: 'b@x.io', subject: 's', emailFormat: 'text', text: 't', appendAttribution: false });
    const v21 = importN8nWorkflow(n8nDoc(MAIL, 2.1, { fromEmail: 'a@x.io', toEmail: 'b@x.io', subject: 's', html: '<b>h</b>', options: { senderName: 'X' } }, 'smtp'));
    expect(node(v21.graph, 'Node').params).toEqual({ fromEmail: 'a@x.io', toEmail: 'b@x.io', subject: 's', emailFormat: 'html', html: '<b>h</b>', appendAttribution: true });
    expect(JSON.stringify(v21.report)).toContain('senderName');
  });

  it('exports a Send Email node made in Weft as Send Email 2.1', () => {
    const { graph } = importN8nWorkflow(n8nDoc(MAIL, 1, { fromEmail: 'a@x.io', toEmail: 'b@x.io', subject: 's', text: 't', html: '<p>h</p>', ccEmail: 'c@x.io', attachments: 'data', options: { allowUnauthorizedCerts: true } }, 'smtp'));
    expect(node(graph, 'Node').params).toEqual({ fromEmail: 'a@x.io', toEmail: 'b@x.io', subject: 's', emailFormat: 'both', text: 't', html: '<p>h</p>', ccEmail: 'c@x.io', attachments: 'data', allowUnauthorizedCerts: true, appendAttribution: false });
    const changed = forceReverse(graph, 'Node');
    const exported = exportN8n(changed).workflow.nodes.find((n) => n.name === 'Node')!;
    expect(exported).toMatchObject({ type: MAIL, typeVersion: 2.1, credentials: { smtp: { id: 'c1', name: 'account' } } });
    expect(exported.parameters).toEqual({ fromEmail: 'a@x.io', toEmail: 'b@x.io', subject: 's', emailFormat: 'both', text: 't', html: '<p>h</p>', options: { ccEmail: 'c@x.io', attachments: 'data', allowUnauthorizedCerts: true, appendAttribution: false } });
  });

  it('runs an imported Telegram workflow in the in-memory runner against a fake Bot API', async () => {
    const seen: { path: string; body: Record<string, unknown> }[] = [];
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        const json = JSON.parse(body) as Record<string, unknown>;
        seen.push({ path: req.url ?? '', body: json });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: true, result: { message_id: seen.length, text: json.text } }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const { graph, report } = importN8nWorkflow(n8nDoc(TG, 1.1, { chatId: '42', text: '=Run {{ $runIndex }}', additionalFields: { parse_mode: 'HTML', appendAttribution: false } }, 'telegramApi'));
      expect(report.counts.unsupported).toBe(0);
      const withCredential = { ...graph, nodes: graph.nodes.map((n) => (n.type === 'telegram' ? { ...n, credentials: { telegramApi: { id: 'bot', name: 'Bot' } } } : n)) };
      const result = await runWorkflowInMemory(withCredential, registry, { credentials: { bot: { accessToken: '1:TOKEN', baseUrl } } });
      expect(result.error).toBeUndefined();
      expect(seen).toEqual([{ path: '/bot1:TOKEN/sendMessage', body: { chat_id: '42', text: 'Run 0', parse_mode: 'HTML' } }]);
      expect(result.lastOutput.map((i) => i.json)).toEqual([{ ok: true, result: { message_id: 1, text: 'Run 0' } }]);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
