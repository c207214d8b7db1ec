/**
 * RSS 2.0, RSS 0.9x, RSS 1.0 (RDF) and Atom feeds into items with the field names n8n's RSS Read emits (those of
 * the rss-parser package it uses): RSS items get title, link, pubDate, creator, content (the description),
 * contentSnippet (its text), guid, categories, enclosure ({ url, length, type }), comments, content:encoded and
 * content:encodedSnippet, dc:* fields, isoDate; Atom entries get title, link (rel alternate, else the first),
 * pubDate (published, else updated, as ISO), author (name), content, contentSnippet, summary, id, isoDate.
 * The XML is read with cheerio (htmlparser2 in XML mode) into the shape xml2js gives rss-parser: an element is
 * its text when it has neither attributes nor children, else { $: attributes, _: text, child: [values] }.
 */
import * as cheerio from 'cheerio';

type XmlValue = string | XmlObject;
interface XmlObject {
  $?: Record<string, string>;
  _?: string;
  [child: string]: XmlValue[] | Record<string, string> | string | undefined;
}
export type FeedItem = Record<string, unknown>;

interface DomNode {
  type: string;
  name?: string;
  data?: string;
  attribs?: Record<string, string>;
  children?: DomNode[];
}

export class FeedFormatError extends Error {}

/** One element as xml2js (explicitArray, no trimming) gives it. */
function toValue(el: DomNode): XmlValue {
  const obj: XmlObject = {};
  if (el.attribs && Object.keys(el.attribs).length) obj.$ = { ...el.attribs };
  let text = '';
  let cdata = false;
  for (const child of el.children ?? []) {
    if (child.type === 'text') text += child.data ?? '';
    else if (child.type === 'cdata') {
      text += (child.children ?? []).map((c) => c.data ?? '').join('');
      cdata = true;
    } else if (child.type === 'tag' || child.type === 'script' || child.type === 'style') {
      const list = (obj[child.name!] ??= []) as XmlValue[];
      list.push(toValue(child));
    }
  }
  // Whitespace between child elements is not text; an element with only whitespace keeps it.
  const blank = /^\s*$/.test(text) && !cdata;
  if (!blank) {
    if (Object.keys(obj).length === 0) return text;
    obj._ = text;
  }
  return Object.keys(obj).length ? obj : text;
}

const list = (v: unknown): XmlValue[] | undefined => (Array.isArray(v) ? (v as XmlValue[]) : undefined);
const textOf = (v: unknown): unknown => (v && typeof v === 'object' && typeof (v as XmlObject)._ === 'string' ? (v as XmlObject)._ : v);
const escapeText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

/** An element value back to XML, children grouped by name (as xml2js's builder writes an object). */
function build(name: string, value: XmlValue): string {
  if (typeof value === 'string') return value === '' ? `<${name}/>` : `<${name}>${escapeText(value)}</${name}>`;
  const attrs = Object.entries(value.$ ?? {}).map(([k, v]) => ` ${k}="${escapeAttr(v)}"`).join('');
  let inner = typeof value._ === 'string' ? escapeText(value._) : '';
  for (const [key, children] of Object.entries(value)) {
    if (key === '$' || key === '_' || !Array.isArray(children)) continue;
    for (const c of children) inner += build(key, c);
  }
  return inner === '' ? `<${name}${attrs}/>` : `<${name}${attrs}>${inner}</${name}>`;
}

/** Text content: the element's text, or its markup inside a <div> when it has child elements. */
function contentOf(v: XmlValue): string {
  if (typeof v === 'string') return v;
  if (typeof v._ === 'string') return v._;
  return build('div', v);
}

/** The text of some HTML: block tags become line breaks, other tags go, entities are decoded, ends trimmed. */
export function snippet(html: string): string {
  const stripped = html.replace(/([^\n])<\/?(h|br|p|ul|ol|li|blockquote|section|table|tr|div)(?:.|\n)*?>([^\n])/gm, '$1\n$3').replace(/<(?:.|\n)*?>/gm, '');
  return cheerio.load(stripped, null, false).root().text().trim();
}

function setIsoDate(item: FeedItem): void {
  const date = item.pubDate ?? item.date;
  if (typeof date !== 'string' || !date) return;
  const d = new Date(date.trim());
  if (!Number.isNaN(d.getTime())) item.isoDate = d.toISOString();
}

/** Copies the first `from` element as `to` (its text when it has attributes), with a snippet when asked. */
function copy(xml: XmlObject, item: FeedItem, from: string, to = from, withSnippet = false): void {
  const values = list(xml[from]);
  if (values) item[to] = values[0];
  if (item[to] !== undefined) item[to] = textOf(item[to]);
  if (withSnippet && typeof item[to] === 'string' && item[to]) item[`${to}Snippet`] = snippet(item[to] as string);
}

const RSS_FIELDS: [string, string?, boolean?][] = [
  ['author', 'creator'], ['dc:creator', 'creator'], ['dc:date', 'date'], ['dc:language', 'language'], ['dc:rights', 'rights'],
  ['dc:source', 'source'], ['dc:title', 'title'], ['title'], ['link'], ['pubDate'], ['author'], ['summary'],
  ['content:encoded', 'content:encoded', true], ['enclosure'], ['dc:creator'], ['dc:date'], ['comments'],
];

function rssItem(xml: XmlObject, customFields: string[]): FeedItem {
  const item: FeedItem = {};
  for (const [from, to, withSnippet] of [...RSS_FIELDS, ...customFields.map((f): [string] => [f])]) copy(xml, item, from, to ?? from, withSnippet ?? false);
  const enclosure = list(xml.enclosure)?.[0];
  if (enclosure !== undefined) {
    if (typeof enclosure === 'object' && enclosure.$) item.enclosure = enclosure.$;
    else delete item.enclosure;
  }
  const description = list(xml.description)?.[0];
  if (description !== undefined) {
    item.content = contentOf(description);
    item.contentSnippet = snippet(item.content as string);
  }
  const guid = list(xml.guid)?.[0];
  if (guid !== undefined) item.guid = typeof guid === 'object' && guid._ ? guid._ : guid;
  if (xml.$?.['rdf:about']) item['rdf:about'] = xml.$['rdf:about'];
  if (xml.category) item.categories = xml.category;
  setIsoDate(item);
  return item;
}

function isoOrFail(text: string, field: string): string {
  const d = new Date(text);
  if (Number.isNaN(d.getTime())) throw new FeedFormatError(`the entry's ${field} "${text}" is not a date`);
  return d.toISOString();
}

function atomLink(links: XmlValue[]): string | undefined {
  const href = (l: XmlValue) => (typeof l === 'object' ? l.$?.href : undefined);
  const alternate = links.find((l) => typeof l === 'object' && l.$?.rel === 'alternate');
  return alternate ? href(alternate) : links[0] !== undefined ? href(links[0]) : undefined;
}

function atomEntry(xml: XmlObject, customFields: string[]): FeedItem {
  const item: FeedItem = {};
  for (const f of customFields) copy(xml, item, f);
  const title = list(xml.title)?.[0];
  if (title !== undefined) {
    const t = textOf(title || '');
    if (t) item.title = t;
  }
  const links = list(xml.link);
  if (links?.length) item.link = atomLink(links);
  const published = list(xml.published)?.[0];
  const updated = list(xml.updated)?.[0];
  if (typeof published === 'string' && published.length) item.pubDate = isoOrFail(published, 'published');
  if (!item.pubDate && typeof updated === 'string' && updated.length) item.pubDate = isoOrFail(updated, 'updated');
  const author = list(xml.author)?.[0];
  const name = typeof author === 'object' ? list(author.name)?.[0] : undefined;
  if (name !== undefined) item.author = name;
  const content = list(xml.content)?.[0];
  if (content !== undefined) {
    item.content = contentOf(content);
    item.contentSnippet = snippet(item.content as string);
  }
  const summary = list(xml.summary)?.[0];
  if (summary !== undefined) item.summary = contentOf(summary);
  const id = list(xml.id)?.[0];
  if (id !== undefined) item.id = id;
  setIsoDate(item);
  return item;
}

/** The items of a feed document; throws FeedFormatError when it is not RSS or Atom. */
export function parseFeed(xml: string, customFields: string[] = []): FeedItem[] {
  const $ = cheerio.load(xml, { xml: true });
  const rootEl = ($.root()[0] as unknown as DomNode).children?.find((n) => n.type === 'tag');
  if (!rootEl) throw new FeedFormatError('the answer is not XML');
  const root = toValue(rootEl);
  const obj = typeof root === 'object' ? root : {};
  const entries = (name: string, from: XmlObject) => (list(from[name]) ?? []).map((v) => (typeof v === 'object' ? v : {}));
  if (rootEl.name === 'feed') return entries('entry', obj).map((e) => atomEntry(e, customFields));
  const version = rootEl.name === 'rss' ? (obj.$?.version ?? '') : '';
  if (rootEl.name === 'rss' && (/^2/.test(version) || /0\.9/.test(version))) {
    const channel = entries('channel', obj)[0] ?? {};
    return entries('item', channel).map((i) => rssItem(i, customFields));
  }
  if (rootEl.name === 'rdf:RDF') return entries('item', obj).map((i) => rssItem(i, customFields));
  throw new FeedFormatError('Feed not recognized as RSS 1 or 2.');
}
