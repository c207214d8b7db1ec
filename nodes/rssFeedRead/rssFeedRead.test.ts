/**
 * rssFeedRead node against feeds served on 127.0.0.1: the charset of the answer, a self-signed HTTPS server with
 * and without ignoreSSL, the time limit, version 1 reading one feed, and parse details. n8n parity of the
 * field names is in server/n8n/rss-cases.test.ts.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonOf, runNode } from '../../server/engine/testing/node-context';
import { rssFeedReadNode } from './index';
import { parseFeed, snippet } from './parse';

const latin1Feed = Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><rss version="2.0"><channel><item><title>Café crème</title></item></channel></rss>', 'latin1');
const feed = '<rss version="2.0"><channel><item><title>Secure</title></item></channel></rss>';

let plain: http.Server;
let secure: https.Server;
let plainBase = '';
let secureBase = '';
beforeAll(async () => {
  plain = http.createServer((req, res) => {
    if (req.url === '/latin1') return res.writeHead(200, { 'content-type': 'application/rss+xml; charset=ISO-8859-1' }).end(latin1Feed);
    if (req.url === '/silent') return; // never answers
    res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(`<rss version="2.0"><channel><item><title>${req.url}</title></item></channel></rss>`);
  });
  await new Promise<void>((r) => plain.listen(0, '127.0.0.1', r));
  plainBase = `http://127.0.0.1:${(plain.address() as AddressInfo).port}`;
  const dir = mkdtempSync(path.join(tmpdir(), 'weft-rss-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')], { stdio: 'ignore' });
  secure = https.createServer({ key: readFileSync(path.join(dir, 'key.pem')), cert: readFileSync(path.join(dir, 'cert.pem')) }, (_req, res) => res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(feed));
  await new Promise<void>((r) => secure.listen(0, '127.0.0.1', r));
  secureBase = `https://127.0.0.1:${(secure.address() as AddressInfo).port}`;
});
afterAll(async () => {
  plain.closeAllConnections();
  await new Promise<void>((r) => plain.close(() => r()));
  await new Promise<void>((r) => secure.close(() => r()));
});

const run = (params: Record<string, unknown>, items: Record<string, unknown>[] = [{}], typeVersion = 1.2) =>
  runNode(rssFeedReadNode, { params, items, node: { name: 'News', typeVersion } });

describe('rssFeedRead node', () => {
  it('decodes the answer by its charset', async () => {
    expect(jsonOf(await run({ url: `${plainBase}/latin1` }))).toEqual([{ title: 'Café crème' }]);
  });

  it('refuses a self-signed certificate unless ignoreSSL', async () => {
    await expect(run({ url: secureBase })).rejects.toThrow(/Node "News", field "url" \(item 0\): could not read the feed at https:\/\/127\.0\.0\.1:\d+\/: .*certificate/);
    expect(jsonOf(await run({ url: secureBase, ignoreSSL: true }))).toEqual([{ title: 'Secure' }]);
  });

  it('gives up after timeoutMs', async () => {
    await expect(run({ url: `${plainBase}/silent`, timeoutMs: 300 })).rejects.toThrow('Request timed out after 300ms');
  });

  it('version 1 reads the first item\'s URL only; later versions one feed per item, paired', async () => {
    const items = [{ u: `${plainBase}/a` }, { u: `${plainBase}/b` }];
    expect(jsonOf(await run({ url: '={{ $json.u }}' }, items, 1))).toEqual([{ title: '/a' }]);
    const out = await run({ url: '={{ $json.u }}' }, items);
    expect(jsonOf(out)).toEqual([{ title: '/a' }, { title: '/b' }]);
    expect(out.main.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
  });

  it('an empty URL and a non-http URL name the field', async () => {
    await expect(run({ url: '' })).rejects.toThrow('Node "News", field "url" (item 0): the URL is empty');
    await expect(run({ url: 'file:///etc/passwd' })).rejects.toThrow('is not an http or https URL');
  });
});

describe('feed parsing', () => {
  it('RSS 0.91 items, and a feed with no items', () => {
    expect(parseFeed('<rss version="0.91"><channel><item><title>Old</title><link>https://x</link></item></channel></rss>')).toEqual([{ title: 'Old', link: 'https://x' }]);
    expect(parseFeed('<rss version="2.0"><channel><title>t</title></channel></rss>')).toEqual([]);
    expect(() => parseFeed('<html><body/></html>')).toThrow('Feed not recognized as RSS 1 or 2.');
  });

  it('snippets break lines at block tags and decode entities', () => {
    expect(snippet('<p>a &amp; b</p><p>c&nbsp;d</p>')).toBe('a & b\nc\u00a0d');
  });
});
