/**
 * The agent's Wikipedia tool (n8n's Wikipedia sub-node): searches Wikipedia through the MediaWiki API and
 * returns the plain-text introduction of the best matches as "Page: <title>\nSummary: <text>" blocks.
 */

export interface WikipediaOptions {
  /** The wiki's origin, e.g. https://en.wikipedia.org (a loopback server in tests). */
  baseUrl: string;
  topResults: number;
  maxChars: number;
  fetch: typeof fetch;
  signal: AbortSignal;
}

async function api(o: WikipediaOptions, query: Record<string, string>): Promise<Record<string, unknown>> {
  const url = new URL('/w/api.php', o.baseUrl);
  for (const [k, v] of Object.entries({ ...query, format: 'json', formatversion: '2' })) url.searchParams.set(k, v);
  const res = await o.fetch(url, { headers: { accept: 'application/json', 'user-agent': 'Weft agent (wikipedia tool)' }, signal: o.signal });
  if (!res.ok) throw new Error(`Wikipedia answered HTTP ${res.status}`);
  return (await res.json()) as Record<string, unknown>;
}

export async function searchWikipedia(search: string, o: WikipediaOptions): Promise<string> {
  const found = await api(o, { action: 'query', list: 'search', srsearch: search, srlimit: String(o.topResults) });
  const titles = (((found.query as Record<string, unknown> | undefined)?.search ?? []) as { title?: string }[]).map((r) => r.title).filter((t): t is string => !!t);
  if (!titles.length) return 'No good Wikipedia search result was found';
  const blocks: string[] = [];
  for (const title of titles) {
    const page = await api(o, { action: 'query', prop: 'extracts', exintro: '1', explaintext: '1', redirects: '1', titles: title });
    const pages = ((page.query as Record<string, unknown> | undefined)?.pages ?? []) as { title?: string; extract?: string }[];
    const extract = pages[0]?.extract?.trim();
    if (extract) blocks.push(`Page: ${pages[0].title ?? title}\nSummary: ${extract}`);
  }
  return blocks.length ? blocks.join('\n\n').slice(0, o.maxChars) : 'No good Wikipedia search result was found';
}
