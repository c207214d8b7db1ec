/**
 * n8n RSS Read workflows imported and run in Weft's in-memory runner against feeds served on 127.0.0.1; every
 * node's output must equal what n8n 2.40.7 produced for the same feeds (./fixtures/rss-cases.expected.json,
 * recorded by ./record-rss.ts): RSS 2.0, Atom and RSS 1.0 field names, snippets, dates, custom fields,
 * version 1 reading one feed, and the errors of a 404, a page that is no feed and a bad URL.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportN8n, importN8nWorkflow } from './index';
import { feeds, rssCases, wf as rssWorkflow } from './fixtures/rss-feeds';
import { runWorkflowInMemory } from '../engine/run-memory';
import { registry } from '../../nodes/registry';
import type { GraphNode, WorkflowDocument } from '../engine/types';

interface Recorded {
  status: string;
  error: string | null;
  nodes: Record<string, { executionStatus: string; error?: string; outputs: (unknown[] | null)[] }[]>;
}
const expected = JSON.parse(readFileSync(new URL('./fixtures/rss-cases.expected.json', import.meta.url), 'utf8')) as Record<string, Recorded>;

let server: http.Server;
let base = '';
const requests: string[] = [];
beforeAll(async () => {
  server = http.createServer((req, res) => {
    requests.push(req.url ?? '');
    if (req.url === '/moved') return res.writeHead(301, { location: '/rss2.xml' }).end();
    const feed = feeds[req.url ?? ''];
    if (!feed) return res.writeHead(404).end('no such feed');
    res.writeHead(feed.status ?? 200, { 'content-type': feed.type }).end(feed.body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

/** n8n's error texts and Weft's: Weft names the node and the field, and says what went wrong in its words. */
const WEFT_ERRORS: Record<string, RegExp> = {
  rssNotFound: /Node "Read", field "url" \(item 0\): could not read the feed at .*\/missing\.xml: Request failed with status code 404/,
  rssNotFeed: /Node "Read", field "url" \(item 0\): the answer is not an RSS or Atom feed \(Feed not recognized as RSS 1 or 2\.\)/,
  rssBadUrl: /Node "Read", field "url" \(item 0\): "not a url" is not a valid URL/,
};

describe('n8n RSS Read runs in Weft as in n8n 2.40.7', () => {
  it.each(['rssFeeds', 'rssNotFound', 'rssNotFeed', 'rssBadUrl'])('%s', async (id) => {
    const wf = rssCases(base).find((c) => c.id === id)!;
    const want = expected[id];
    const { graph, report } = importN8nWorkflow(wf);
    expect(report.counts.unsupported).toBe(0);
    const run = await runWorkflowInMemory(graph, registry);
    expect(run.status).toBe(want.status === 'success' ? 'succeeded' : 'failed');
    for (const [name, runs] of Object.entries(want.nodes)) {
      const ours = run.runs.filter((r) => r.nodeName === name);
      expect(ours.length, `${name}: number of runs`).toBe(runs.length);
      runs.forEach((theirs, i) => {
        if (theirs.error) return expect(ours[i].status).toBe('failed');
        const want0 = JSON.parse(JSON.stringify(theirs.outputs[0] ?? []).split('BASE').join(base));
        expect((ours[i].outputs.main ?? []).map((it) => it.json), `${name} output`).toEqual(want0);
      });
    }
    if (want.error) expect(String(run.error?.message)).toMatch(WEFT_ERRORS[id]);
  });
});

describe('RSS Read beyond the recordings', () => {
  it('follows a redirect, pairs entries with the item whose URL they came from, and can continue past a failed feed', async () => {
    const wf = rssWorkflow('rssMore', [`${base}/moved`, `${base}/missing.xml`, `${base}/rdf.xml`], [{ name: 'Read', typeVersion: 1.2, parameters: { url: '={{ $json.url }}', options: {} }, extra: { onError: 'continueRegularOutput' } }]);
    const { graph } = importN8nWorkflow(wf);
    const run = await runWorkflowInMemory(graph, registry);
    expect(run.status).toBe('succeeded');
    const out = run.runs.find((r) => r.nodeName === 'Read')!.outputs.main!;
    expect(out.map((i) => (i.json as { title?: string }).title ?? (i.json as { error: string }).error)).toEqual([
      'First & foremost', 'Second', 'Third', expect.stringContaining('Request failed with status code 404'), 'RDF item',
    ]);
    expect(out.map((i) => (i.pairedItem as { item: number }).item)).toEqual([0, 0, 0, 1, 2]);
    expect(requests).toContain('/moved');
  });

  it('exports back to n8n\'s parameters and version', () => {
    const wf = rssCases(base)[0];
    const { graph } = importN8nWorkflow(wf);
    const edited: WorkflowDocument = { ...graph, nodes: graph.nodes.map((n): GraphNode => ({ ...n, params: { ...n.params }, extra: undefined })) };
    const back = exportN8n(edited).workflow.nodes;
    for (const orig of wf.nodes.filter((n) => n.type === 'n8n-nodes-base.rssFeedRead')) {
      const got = back.find((n) => n.name === orig.name)!;
      expect({ type: got.type, typeVersion: got.typeVersion, parameters: got.parameters }).toEqual({ type: orig.type, typeVersion: orig.typeVersion, parameters: orig.parameters });
    }
  });
});
