/**
 * rssFeedRead: n8n's RSS Read (n8n-nodes-base.rssFeedRead v1-1.2). Fetches the feed at `url` and outputs one
 * item per entry with n8n's field names (./parse.ts: RSS 2.0, 0.9x, 1.0 and Atom).
 *
 * Params (n8n's names):
 *   url: string               the feed's address (http or https); an expression resolves per item
 *   customFields: string      extra item elements to copy, comma-separated (e.g. "media:thumbnail, source")
 *   ignoreSSL: boolean        accept an invalid TLS certificate
 *   timeoutMs: number         Weft: how long the request may take (default 60 000, as n8n)
 * Version 1 reads the URL of the first input item only; 1.1 and later read one feed per input item, and the
 * entries pair with the item whose URL they came from. Redirects are followed (at most 5); an answer of 300
 * or more fails the item ("Request failed with status code 404", n8n's words). A failed item follows the node's On Error setting.
 */
import http from 'node:http';
import https from 'node:https';
import { defineNode, NodeError, z, type Item, type NodeContext } from '../sdk';
import { perItem } from '../per-item';
import { FeedFormatError, parseFeed } from './parse';

const params = z.object({
  url: z.string().default('').describe('Feed URL'),
  customFields: z.string().default('').describe('Extra item fields to read, comma-separated'),
  ignoreSSL: z.boolean().default(false).describe('Accept invalid TLS certificates'),
  timeoutMs: z.coerce.number().int().positive().default(60_000).describe('Request time limit in milliseconds'),
});
type Params = z.output<typeof params>;

const MAX_REDIRECTS = 5;

class FetchError extends Error {}

/** GETs the feed as text (charset from the content type, UTF-8 by default), following redirects. Also used by the RSS Feed Trigger. */
export function fetchFeed(url: URL, p: Pick<Params, 'ignoreSSL' | 'timeoutMs'>, signal: AbortSignal, redirects = 0): Promise<string> {
  return new Promise((resolve, reject) => {
    const get = url.protocol === 'https:' ? https.get : http.get;
    const req = get(url, { headers: { 'user-agent': 'rss-parser', accept: 'application/rss+xml' }, signal, timeout: p.timeoutMs, ...(url.protocol === 'https:' ? { rejectUnauthorized: !p.ignoreSSL } : {}) }, (res) => {
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400 && res.headers.location) {
        res.resume();
        if (redirects >= MAX_REDIRECTS) return reject(new FetchError('Too many redirects'));
        let next: URL;
        try {
          next = new URL(res.headers.location, url);
        } catch {
          return reject(new FetchError(`the redirect to "${res.headers.location}" is not a URL`));
        }
        return fetchFeed(next, p, signal, redirects + 1).then(resolve, reject);
      }
      if (status >= 300) {
        res.resume();
        return reject(new FetchError(`Request failed with status code ${status}`));
      }
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const charset = /charset\s*=\s*"?([^";\s]+)/i.exec(res.headers['content-type'] ?? '')?.[1] ?? 'utf-8';
        let decoder: TextDecoder;
        try {
          decoder = new TextDecoder(charset);
        } catch {
          decoder = new TextDecoder('utf-8');
        }
        resolve(decoder.decode(Buffer.concat(chunks)));
      });
    });
    req.on('timeout', () => req.destroy(new FetchError(`Request timed out after ${p.timeoutMs}ms`)));
    req.on('error', reject);
  });
}

async function readFeed(ctx: NodeContext<Params>, i: number): Promise<Item[]> {
  const p = ctx.params(i);
  const fail = (problem: string) => new NodeError(`Node "${ctx.node.name}", field "url" (item ${i}): ${problem}`, { field: 'url', itemIndex: i });
  if (!p.url.trim()) throw fail('the URL is empty; give the address of an RSS or Atom feed');
  let url: URL;
  try {
    url = new URL(p.url.trim());
  } catch {
    throw fail(`"${p.url}" is not a valid URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw fail(`"${p.url}" is not an http or https URL`);
  let xml: string;
  try {
    xml = await fetchFeed(url, p, ctx.signal);
  } catch (err) {
    if (ctx.signal.aborted) throw err;
    throw fail(`could not read the feed at ${url.origin}${url.pathname}: ${(err as Error).message}`);
  }
  const customFields = p.customFields.split(',').map((s) => s.trim()).filter(Boolean);
  try {
    return parseFeed(xml, customFields).map((json) => ({ json: json as Item['json'], pairedItem: { item: i } }));
  } catch (err) {
    if (err instanceof FeedFormatError) throw fail(`the answer is not an RSS or Atom feed (${err.message})`);
    throw fail(`the feed could not be read: ${(err as Error).message}`);
  }
}

export const rssFeedReadNode = defineNode({
  type: 'rssFeedRead',
  version: [1, 1.1, 1.2],
  displayName: 'RSS Read',
  description: 'Read the entries of an RSS or Atom feed, one item per entry',
  category: 'integration',
  icon: 'globe',
  inputs: [{ name: 'main' }],
  outputs: [{ name: 'main' }],
  params,
  async execute(ctx) {
    if ((ctx.node.typeVersion ?? 1.2) < 1.1) {
      // Version 1 reads one feed, the first item's.
      if (!ctx.items.length) return { main: [] };
      const first = { ...ctx, items: ctx.items.slice(0, 1) } as NodeContext<Params>;
      return perItem(first as NodeContext<unknown>, 'main', (_item, i) => readFeed(ctx, i));
    }
    return perItem(ctx as NodeContext<unknown>, 'main', (_item, i) => readFeed(ctx, i));
  },
});

export default rssFeedReadNode;
