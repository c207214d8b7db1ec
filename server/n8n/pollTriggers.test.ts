/**
 * n8n import and export of the polling triggers: every Telegram and Gmail Trigger in the corpus maps (filters and
 * credential slot kept, the polling said in a warning), an RSS Feed Trigger keeps its feed and poll times, and
 * both export back to n8n's parameters.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportN8n, importN8nWorkflow } from './index';
import { N8N_CORPUS_DIR } from '../testing/corpus';

const TG = 'n8n-nodes-base.telegramTrigger';
type N8nDoc = { nodes: { name: string; type: string; typeVersion: number; parameters: Record<string, unknown>; credentials?: unknown }[] };
const haveCorpus = existsSync(N8N_CORPUS_DIR);
const load = (f: string) => JSON.parse(readFileSync(path.join(N8N_CORPUS_DIR, f), 'utf8')) as N8nDoc;

const wf = (node: Record<string, unknown>) => ({
  nodes: [{ id: '1', name: 'Trigger', position: [0, 0], ...node }, { id: '2', name: 'Next', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [200, 0], parameters: {} }],
  connections: { Trigger: { main: [[{ node: 'Next', type: 'main', index: 0 }]] } },
});

describe.skipIf(!haveCorpus)('polling triggers in the corpus', () => {
  it('maps every Telegram Trigger, with its telegramApi credential', () => {
    let count = 0;
    for (const f of readdirSync(N8N_CORPUS_DIR).filter((x) => x.endsWith('.json'))) {
      const text = readFileSync(path.join(N8N_CORPUS_DIR, f), 'utf8');
      if (!text.includes(TG)) continue;
      const doc = load(f);
      const { report, graph } = importN8nWorkflow(doc);
      for (const n of doc.nodes.filter((x) => x.type === TG)) {
        count++;
        expect(report.nodes.find((x) => x.name === n.name), `${f}: ${n.name}`).toMatchObject({ status: 'mapped', weftType: 'telegramTrigger' });
        const mapped = graph.nodes.find((x) => x.name === n.name)!;
        expect(mapped.params.updates).toEqual(n.parameters.updates);
        if (n.credentials && typeof n.credentials === 'object') expect(report.credentials.find((c) => c.node === n.name), `${f}: ${n.name}`).toMatchObject({ slot: 'telegramApi' });
      }
    }
    expect(count).toBe(14);
  });

  it('maps every Gmail Trigger, filters and options kept', () => {
    let count = 0;
    for (const f of readdirSync(N8N_CORPUS_DIR).filter((x) => x.endsWith('.json'))) {
      if (!readFileSync(path.join(N8N_CORPUS_DIR, f), 'utf8').includes('n8n-nodes-base.gmailTrigger')) continue;
      const doc = load(f);
      const { report, graph } = importN8nWorkflow(doc);
      for (const n of doc.nodes.filter((x) => x.type === 'n8n-nodes-base.gmailTrigger')) {
        count++;
        expect(report.nodes.find((x) => x.name === n.name), `${f}: ${n.name}`).toMatchObject({ status: 'mapped', weftType: 'gmailTrigger' });
        const mapped = graph.nodes.find((x) => x.name === n.name)!;
        expect(mapped.params.filters, `${f}: ${n.name}`).toEqual(n.parameters.filters ?? {});
        expect(mapped.params.pollTimes, `${f}: ${n.name}`).toEqual(n.parameters.pollTimes);
      }
    }
    expect(count).toBe(9);
  });

  it('maps the Google Sheets Triggers on rowAdded (9); the one on another event stays unsupported', () => {
    const status: string[] = [];
    for (const f of readdirSync(N8N_CORPUS_DIR).filter((x) => x.endsWith('.json'))) {
      if (!readFileSync(path.join(N8N_CORPUS_DIR, f), 'utf8').includes('n8n-nodes-base.googleSheetsTrigger')) continue;
      const doc = load(f);
      const { report, graph } = importN8nWorkflow(doc);
      for (const n of doc.nodes.filter((x) => x.type === 'n8n-nodes-base.googleSheetsTrigger')) {
        const r = report.nodes.find((x) => x.name === n.name)!;
        status.push(r.status);
        if (n.parameters.event !== 'rowAdded') {
          expect(r, `${f}: ${n.name}`).toMatchObject({ status: 'unsupported', reason: expect.stringMatching(/event "anyUpdate" is not supported/) });
          continue;
        }
        expect(r, `${f}: ${n.name}`).toMatchObject({ status: 'mapped', weftType: 'googleSheetsTrigger' });
        const mapped = graph.nodes.find((x) => x.name === n.name)!;
        expect(mapped.params, `${f}: ${n.name}`).toMatchObject({ sheetBy: 'id', sheetName: expect.stringMatching(/^\d+$/), event: 'rowAdded' });
      }
    }
    expect(status.filter((x) => x === 'mapped')).toHaveLength(9);
  });
});

describe('polling triggers: import and export', () => {
  it('Telegram Trigger: updates, chat filter and download kept; the polling warned; exported back', () => {
    const { graph, report } = importN8nWorkflow(
      wf({ type: TG, typeVersion: 1.2, webhookId: 'w1', parameters: { updates: ['message', 'callback_query'], additionalFields: { chatIds: '6865163996', download: true, imageSize: 'medium', bogus: 1 } }, credentials: { telegramApi: { id: 'c1', name: 'Bot' } } }),
    );
    const t = graph.nodes.find((n) => n.name === 'Trigger')!;
    expect(t).toMatchObject({ type: 'telegramTrigger', typeVersion: 1.2, params: { updates: ['message', 'callback_query'], chatIds: '6865163996', download: true, imageSize: 'medium' } });
    expect(report.credentials).toEqual([expect.objectContaining({ node: 'Trigger', n8nType: 'telegramApi', slot: 'telegramApi' })]);
    expect(report.warnings.join('\n')).toMatch(/polls Telegram's getUpdates/);
    expect(report.warnings.join('\n')).toMatch(/option "bogus" is not supported/);
    const out = exportN8n(graph).workflow.nodes.find((n) => n.name === 'Trigger')!;
    expect(out).toMatchObject({ type: TG, typeVersion: 1.2, parameters: { updates: ['message', 'callback_query'], additionalFields: { chatIds: '6865163996', download: true, imageSize: 'medium' } } });
  });

  it('RSS Feed Trigger: feed URL and poll times kept; exported back', () => {
    const pollTimes = { item: [{ mode: 'everyX', value: 15, unit: 'minutes' }] };
    const { graph, report } = importN8nWorkflow(wf({ type: 'n8n-nodes-base.rssFeedReadTrigger', typeVersion: 1, parameters: { pollTimes, feedUrl: 'https://example.com/feed.xml' } }));
    expect(report.nodes.find((n) => n.name === 'Trigger')).toMatchObject({ status: 'mapped', weftType: 'rssFeedReadTrigger' });
    const t = graph.nodes.find((n) => n.name === 'Trigger')!;
    expect(t.params).toEqual({ feedUrl: 'https://example.com/feed.xml', pollTimes });
    const out = exportN8n(graph).workflow.nodes.find((n) => n.name === 'Trigger')!;
    expect(out).toMatchObject({ type: 'n8n-nodes-base.rssFeedReadTrigger', typeVersion: 1, parameters: { feedUrl: 'https://example.com/feed.xml', pollTimes } });
  });

  it('Gmail Trigger: filters, simple and poll times kept; exported back', () => {
    const parameters = { pollTimes: { item: [{ mode: 'everyHour', minute: 30 }] }, simple: false, filters: { readStatus: 'unread', sender: 'a@b.c' }, options: { downloadAttachments: true, dataPropertyAttachmentsPrefixName: 'att_' } };
    const { graph, report } = importN8nWorkflow(wf({ type: 'n8n-nodes-base.gmailTrigger', typeVersion: 1.2, parameters, credentials: { gmailOAuth2: { id: 'g', name: 'Gmail' } } }));
    expect(report.nodes.find((n) => n.name === 'Trigger')).toMatchObject({ status: 'mapped', weftType: 'gmailTrigger' });
    expect(report.credentials).toEqual([expect.objectContaining({ slot: 'gmailOAuth2' })]);
    const t = graph.nodes.find((n) => n.name === 'Trigger')!;
    expect(t.params).toMatchObject({ authentication: 'oAuth2', ...parameters });
    const out = exportN8n(graph).workflow.nodes.find((n) => n.name === 'Trigger')!;
    expect(out).toMatchObject({ type: 'n8n-nodes-base.gmailTrigger', typeVersion: 1.2, parameters });
  });

  it('Google Sheets Trigger: sheet by gid, header rows and render mode kept; exported back', () => {
    const parameters = {
      pollTimes: { item: [{ mode: 'everyX', unit: 'minutes', value: 5 }] },
      documentId: { __rl: true, mode: 'url', value: 'https://docs.google.com/spreadsheets/d/ABC/edit' },
      sheetName: { __rl: true, mode: 'list', value: 'gid=0', cachedResultName: 'Sheet1' },
      event: 'rowAdded',
      options: { valueRender: 'FORMATTED_VALUE', dataLocationOnSheet: { values: { rangeDefinition: 'specifyRange', headerRow: 2, firstDataRow: 3 } }, dateTimeRenderOption: 'FORMATTED_STRING' },
    };
    const { graph, report } = importN8nWorkflow(wf({ type: 'n8n-nodes-base.googleSheetsTrigger', typeVersion: 1, parameters, credentials: { googleSheetsTriggerOAuth2Api: { id: 's', name: 'Sheets' } } }));
    expect(report.credentials).toEqual([expect.objectContaining({ slot: 'googleSheetsTriggerOAuth2Api' })]);
    expect(report.warnings.join('\n')).toMatch(/option "dateTimeRenderOption" is not supported/);
    const t = graph.nodes.find((n) => n.name === 'Trigger')!;
    expect(t.params).toEqual({ authentication: 'oAuth2', documentId: 'https://docs.google.com/spreadsheets/d/ABC/edit', sheetName: '0', sheetBy: 'id', event: 'rowAdded', valueRenderMode: 'FORMATTED_VALUE', headerRow: 2, firstDataRow: 3, pollTimes: parameters.pollTimes });
    // Unchanged since import: n8n's own parameters go back as they were.
    expect(exportN8n(graph).workflow.nodes.find((n) => n.name === 'Trigger')).toMatchObject({ type: 'n8n-nodes-base.googleSheetsTrigger', parameters });
    // Made in Weft: the reverse mapper writes n8n's shape.
    const made = { nodes: [{ id: 'g', name: 'Sheet', type: 'googleSheetsTrigger', typeVersion: 1, position: [0, 0] as [number, number], params: { ...t.params } }], connections: [] };
    expect(exportN8n(made).workflow.nodes[0]).toMatchObject({
      type: 'n8n-nodes-base.googleSheetsTrigger',
      parameters: { pollTimes: parameters.pollTimes, event: 'rowAdded', sheetName: { mode: 'id', value: '0' }, options: { valueRender: 'FORMATTED_VALUE', dataLocationOnSheet: parameters.options.dataLocationOnSheet } },
    });
  });

  it('triggers made in Weft export to n8n parameters (reverse mappers)', () => {
    const pos: [number, number] = [0, 0];
    const made = {
      nodes: [
        { id: 'a', name: 'Bot', type: 'telegramTrigger', typeVersion: 1.2, position: pos, params: { updates: ['message'], chatIds: '42', download: true, imageSize: 'small', pollTimes: { item: [{ mode: 'everyMinute' }] } } },
        { id: 'b', name: 'Feed', type: 'rssFeedReadTrigger', typeVersion: 1, position: pos, params: { feedUrl: 'https://example.com/f.xml', pollTimes: { item: [{ mode: 'everyHour', minute: 5 }] } } },
        { id: 'c', name: 'Mail', type: 'gmailTrigger', typeVersion: 1.2, position: pos, params: { simple: false, filters: { q: 'has:attachment' }, options: { downloadAttachments: true } } },
      ],
      connections: [],
    };
    const { workflow, warnings } = exportN8n(made);
    const byName = Object.fromEntries(workflow.nodes.map((n) => [n.name, n]));
    expect(byName.Bot).toMatchObject({ type: TG, typeVersion: 1.2, parameters: { updates: ['message'], additionalFields: { chatIds: '42', download: true, imageSize: 'small' } } });
    expect(byName.Bot.parameters).not.toHaveProperty('pollTimes');
    expect(warnings.join('\n')).toMatch(/webhook: the poll times are left out/);
    expect(byName.Feed).toMatchObject({ type: 'n8n-nodes-base.rssFeedReadTrigger', parameters: { feedUrl: 'https://example.com/f.xml', pollTimes: { item: [{ mode: 'everyHour', minute: 5 }] } } });
    expect(byName.Mail).toMatchObject({
      type: 'n8n-nodes-base.gmailTrigger',
      typeVersion: 1.2,
      parameters: { pollTimes: { item: [{ mode: 'everyMinute' }] }, simple: false, filters: { q: 'has:attachment' }, options: { downloadAttachments: true } },
    });
  });
});
