/**
 * rssFeedReadTrigger: n8n's RSS Feed Trigger (n8n-nodes-base.rssFeedReadTrigger v1). While the workflow is
 * active Weft polls the feed on `pollTimes` (server/triggers/polls.ts) and starts one execution with the
 * entries that are new since the previous poll, one item per entry (the fields of nodes/rssFeedRead/parse.ts,
 * fetched by nodes/rssFeedRead's fetchFeed). The first poll after activation only records where the feed is.
 *
 * "New": an entry dated (isoDate) after the newest date seen so far; an entry without a date, when its guid
 * (else id, link, title) was not in the feed at the previous poll. State: { lastItemDate, undated: [ids] }.
 * A manual run (the editor's "test") emits the feed's newest entry.
 *
 * Params (n8n's names): feedUrl, pollTimes ({ item: [{ mode, ... }] }, server/triggers/poll-times.ts);
 * Weft: ignoreSSL, timeoutMs.
 */
import { defineNode, NodeError, z, type Item, type JsonObject, type NodeContext, type PollResult } from '../sdk';
import { fetchFeed } from '../rssFeedRead';
import { FeedFormatError, parseFeed, type FeedItem } from '../rssFeedRead/parse';
import { pollTimesSchema } from '../../server/triggers/poll-times';

export const rssFeedReadTriggerParams = z.object({
  feedUrl: z.string().default('').describe('Feed URL (RSS or Atom)'),
  pollTimes: pollTimesSchema.describe('When to check the feed: { item: [{ mode: everyMinute | everyHour | everyX ... }] }'),
  ignoreSSL: z.boolean().default(false).describe('Accept invalid TLS certificates'),
  timeoutMs: z.coerce.number().int().positive().default(60_000).describe('Request time limit in milliseconds'),
});
type Params = z.output<typeof rssFeedReadTriggerParams>;

const MAX_UNDATED = 500;

const dateOf = (e: FeedItem): number | undefined => {
  const raw = typeof e.isoDate === 'string' ? e.isoDate : typeof e.pubDate === 'string' ? e.pubDate : undefined;
  const t = raw ? Date.parse(raw) : NaN;
  return Number.isFinite(t) ? t : undefined;
};
const idOf = (e: FeedItem): string => String(e.guid ?? e.id ?? e.link ?? e.title ?? JSON.stringify(e));

async function readEntries(ctx: NodeContext<Params>): Promise<FeedItem[]> {
  const p = ctx.params(0);
  const fail = (problem: string) => new NodeError(`Node "${ctx.node.name}", field "feedUrl": ${problem}`, { field: 'feedUrl' });
  if (!p.feedUrl.trim()) throw fail('the URL is empty; give the address of an RSS or Atom feed');
  let url: URL;
  try {
    url = new URL(p.feedUrl.trim());
  } catch {
    throw fail(`"${p.feedUrl}" is not a valid URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw fail(`"${p.feedUrl}" is not an http or https URL`);
  let xml: string;
  try {
    xml = await fetchFeed(url, p, ctx.signal);
  } catch (err) {
    if (ctx.signal.aborted) throw err;
    throw fail(`could not read the feed at ${url.origin}${url.pathname}: ${(err as Error).message}`);
  }
  try {
    return parseFeed(xml);
  } catch (err) {
    if (err instanceof FeedFormatError) throw fail(`the answer is not an RSS or Atom feed (${err.message})`);
    throw fail(`the feed could not be read: ${(err as Error).message}`);
  }
}

/** The entries new since `state`, in the feed's order, and the state after them. */
export function newEntries(entries: FeedItem[], state: JsonObject | undefined): { fresh: FeedItem[]; state: JsonObject } {
  const last = typeof state?.lastItemDate === 'string' ? Date.parse(state.lastItemDate) : undefined;
  const undatedBefore = new Set(Array.isArray(state?.undated) ? (state.undated as unknown[]).map(String) : []);
  const fresh = entries.filter((e) => {
    const d = dateOf(e);
    if (d !== undefined) return last === undefined || d > last;
    return !undatedBefore.has(idOf(e));
  });
  const dates = entries.map(dateOf).filter((d): d is number => d !== undefined);
  const newest = Math.max(last ?? -Infinity, ...dates);
  const undated = entries.filter((e) => dateOf(e) === undefined).map(idOf).slice(0, MAX_UNDATED);
  return {
    fresh,
    state: { ...(Number.isFinite(newest) ? { lastItemDate: new Date(newest).toISOString() } : {}), undated },
  };
}

export async function pollFeed(ctx: NodeContext<Params>, state: JsonObject | undefined, opts: { manual: boolean }): Promise<PollResult> {
  const entries = await readEntries(ctx);
  const { fresh, state: next } = newEntries(entries, state);
  if (opts.manual) {
    // The newest entry: by date when the feed has dates, else the first.
    const newest = [...entries].sort((a, b) => (dateOf(b) ?? -Infinity) - (dateOf(a) ?? -Infinity))[0];
    return { items: newest ? [{ json: newest as Item['json'] }] : [], state: next };
  }
  return { items: fresh.map((json) => ({ json: json as Item['json'] })), state: next };
}

export const rssFeedReadTriggerNode = defineNode({
  type: 'rssFeedReadTrigger',
  version: 1,
  displayName: 'RSS Feed Trigger',
  description: 'Starts the workflow when an RSS or Atom feed has new entries (polled on a schedule)',
  category: 'trigger',
  icon: 'globe',
  trigger: true,
  inputs: [],
  outputs: [{ name: 'main' }],
  params: rssFeedReadTriggerParams,
  poll: pollFeed,
  async execute(ctx) {
    const data = ctx.triggerData;
    // Started by a poll (or a retry of one): the items it found. Otherwise a manual run: one poll, the latest item.
    if (data && Array.isArray(data.items) && data.items.length) return { main: data.items as unknown as Item[] };
    return { main: (await pollFeed(ctx, undefined, { manual: true })).items };
  },
});

export default rssFeedReadTriggerNode;
