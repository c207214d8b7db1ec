/**
 * Notion property values, filters and blocks from n8n's Notion node fields, and n8n's "simplify" output.
 * Entries keep n8n's shapes: a property or filter condition names its property as `key: "Name|type"` and holds
 * its value in the field n8n's UI uses for that type (title, textContent, numberValue, selectValue, ...).
 */
import type { JsonObject } from '../sdk';

export type Entry = Record<string, unknown>;

/** `Name|type` -> [name, type]; a key without a type is a rich_text property. */
export function splitKey(key: unknown): [string, string] {
  const text = typeof key === 'string' ? key : '';
  const bar = text.lastIndexOf('|');
  return bar < 0 ? [text, 'rich_text'] : [text.slice(0, bar), text.slice(bar + 1)];
}

const textOf = (v: unknown): string => (v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));
const richText = (content: unknown) => [{ type: 'text', text: { content: textOf(content) } }];

/** A list field: an array, or comma-separated text. */
function listOf(v: unknown): string[] {
  if (Array.isArray(v)) return v.map(textOf).filter((s) => s !== '');
  return textOf(v).split(',').map((s) => s.trim()).filter((s) => s !== '');
}

const truthy = (v: unknown): boolean => v === true || v === 'true' || v === 1 || v === '1';

/**
 * n8n's date fields: includeTime (default on) keeps the time (UTC, where n8n uses the workflow's time zone for
 * 'default'), off keeps the day; end is null unless it is a range; '' clears the date.
 */
function dateValue(e: Entry): JsonObject | null {
  const withTime = e.includeTime === undefined ? true : truthy(e.includeTime);
  const format = (v: unknown): string | null => {
    const text = textOf(v).trim();
    if (text === '') return null;
    const ms = Date.parse(text);
    if (Number.isNaN(ms)) return text; // Notion says what is wrong with it
    const iso = new Date(ms).toISOString();
    return withTime ? iso.replace(/\.\d{3}Z$/, '+00:00') : iso.slice(0, 10);
  };
  const start = truthy(e.range) ? format(e.dateStart) : format(e.date);
  if (start === null) return null;
  const date: JsonObject = { start, end: truthy(e.range) ? format(e.dateEnd) : null };
  if (typeof e.timezone === 'string' && e.timezone !== '' && e.timezone !== 'default') date.time_zone = e.timezone;
  return date;
}

/** One n8n property entry as a Notion property value. */
export function propertyValue(type: string, e: Entry): JsonObject {
  switch (type) {
    case 'title':
      return { title: richText(e.title) };
    case 'rich_text': {
      if (truthy(e.richText)) {
        const parts = ((e.text as Entry | undefined)?.text as Entry[] | undefined) ?? [];
        return { rich_text: parts.map((part) => ({ type: 'text', text: { content: textOf(part.text) } })) };
      }
      return { rich_text: richText(e.textContent) };
    }
    case 'number': {
      const text = textOf(e.numberValue).trim();
      return { number: text === '' ? null : Number(text) };
    }
    case 'select':
      return { select: textOf(e.selectValue) === '' ? null : { name: textOf(e.selectValue) } };
    case 'status':
      return { status: textOf(e.statusValue) === '' ? null : { name: textOf(e.statusValue) } };
    case 'multi_select':
      return { multi_select: listOf(e.multiSelectValue).map((name) => ({ name })) };
    case 'date':
      return { date: dateValue(e) };
    case 'checkbox':
      return { checkbox: truthy(e.checkboxValue) };
    case 'url':
      return { url: textOf(e.urlValue) || null };
    case 'email':
      return { email: textOf(e.emailValue) || null };
    case 'phone_number':
      return { phone_number: textOf(e.phoneValue) || null };
    case 'relation':
      return { relation: listOf(e.relationValue).map((id) => ({ id })) };
    case 'people':
      return { people: listOf(e.peopleValue).map((id) => ({ object: 'user', id })) };
    case 'files': {
      const files = (((e.fileUrls as Entry | undefined)?.fileUrl as Entry[] | undefined) ?? []).map((f) => ({ type: 'external', name: textOf(f.name) || textOf(f.url), external: { url: textOf(f.url) } }));
      return { files };
    }
    default:
      throw new Error(`property type "${type}" cannot be set`);
  }
}

/** n8n's propertiesUi entries as Notion's `properties` object. */
export function buildProperties(entries: Entry[]): JsonObject {
  const properties: JsonObject = {};
  for (const e of entries) {
    const [name, type] = splitKey(e.key);
    if (name !== '') properties[name] = propertyValue(type, e);
  }
  return properties;
}

// ---- simplify ----

/** change-case 4 snake_case (what n8n 2.x uses for simplified keys): ASCII words, camelCase split, lower case. */
export function snakeCase(text: string): string {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase())
    .join('_');
}

const plain = (parts: unknown): string => (Array.isArray(parts) ? parts.map((p) => textOf((p as Entry).plain_text ?? ((p as Entry).text as Entry | undefined)?.content)).join('') : '');

/** A Notion property value the way n8n 2.x's simplified output shows it (undefined: n8n leaves the key out). */
export function simplifyValue(prop: Entry): unknown {
  const type = String(prop.type);
  const v = prop[type] as unknown;
  const list = Array.isArray(v) ? (v as Entry[]) : [];
  switch (type) {
    case 'title':
    case 'rich_text':
      return plain(v);
    case 'select':
    case 'status':
    case 'created_by':
    case 'last_edited_by':
      return v && typeof v === 'object' ? (v as Entry).name ?? null : null;
    case 'multi_select':
      return list.map((o) => o?.name ?? {});
    case 'people':
      return list.map((u) => (u?.person as Entry | undefined)?.email || {});
    case 'relation':
      return list.map((r) => r?.id ?? {});
    case 'files':
      return list.map((f) => (f?.[String(f?.type)] as Entry | undefined)?.url);
    case 'url':
    case 'email':
    case 'phone_number':
    case 'number':
    case 'checkbox':
    case 'date':
    case 'created_time':
    case 'last_edited_time':
      return v;
    case 'formula':
      return v && typeof v === 'object' ? (v as Entry)[String((v as Entry).type)] : undefined;
    case 'rollup': {
      const r = (v ?? {}) as Entry;
      const fn = String(r.function ?? '');
      if (fn.startsWith('count') || fn.includes('empty')) return typeof r.number === 'number' && fn.includes('percent') ? r.number * 100 : r.number;
      if (fn.startsWith('show') && Array.isArray(r.array)) {
        const items = (r.array as Entry[]).map(simplifyValue).flat();
        return fn === 'show_unique' ? [...new Set(items)] : items;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/** A page as n8n's simplified output: id, name (its title), url and property_<snake_case name> per property. */
export function simplifyPage(page: JsonObject): JsonObject {
  const props = (page.properties ?? {}) as Record<string, Entry>;
  const titleProp = Object.values(props).find((p) => p?.type === 'title');
  const firstTitle = titleProp && Array.isArray(titleProp.title) ? (titleProp.title[0] as Entry | undefined) : undefined;
  const out: JsonObject = { id: page.id, name: textOf(firstTitle?.plain_text), url: page.url ?? null };
  for (const [name, prop] of Object.entries(props)) {
    const value = simplifyValue(prop);
    if (value !== undefined) out[`property_${snakeCase(name)}`] = value as JsonObject;
  }
  return out;
}

/** A database as n8n's simplified output: id, name (its title), url. */
export function simplifyDatabase(db: JsonObject): JsonObject {
  const first = Array.isArray(db.title) ? (db.title[0] as Entry | undefined) : undefined;
  return { id: db.id, name: textOf(first?.plain_text), url: db.url ?? null };
}

// ---- filters and sorts ----

const NO_VALUE = new Set(['past_week', 'past_month', 'past_year', 'next_week', 'next_month', 'next_year']);
/** snake_case -> camelCase: n8n names a condition's value field `${camelCase(type)}Value`. */
const camel = (t: string) => t.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** A date condition's value as UTC text (n8n: moment(...).utc().format()); '' -> {}. */
function utcDate(v: unknown): unknown {
  const text = textOf(v).trim();
  if (text === '') return {};
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? text : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * One n8n filter condition ({ key: "Name|type", condition, <type>Value }) as a Notion filter. `legacy` is Notion
 * API 2021-08-16 (what n8n 2.x sends): rich text filters are `text`, phone ones `phone`; newer versions use
 * rich_text / phone_number and formula `string` for text.
 */
export function filterCondition(e: Entry, legacy = true): JsonObject {
  const [name, type] = splitKey(e.key);
  const condition = textOf(e.condition) || 'equals';
  const empty = condition === 'is_empty' || condition === 'is_not_empty';
  if (type === 'formula') {
    const returnType = textOf(e.returnType) || 'text';
    const apiType = !legacy && returnType === 'text' ? 'string' : returnType;
    const value = empty ? true : NO_VALUE.has(condition) ? {} : returnType === 'date' ? utcDate(e.dateValue) : e[`${camel(returnType)}Value`];
    return { property: name, formula: { [apiType]: { [condition]: value as JsonObject } } };
  }
  let value: unknown = type === 'last_edited_time' ? e.lastEditedTime : e[`${camel(type)}Value`];
  if (empty) value = true;
  else if (NO_VALUE.has(condition)) value = {};
  else if (type === 'date') value = utcDate(e.date);
  let key = type;
  if (type === 'rich_text' || type === 'text') key = legacy ? 'text' : 'rich_text';
  else if (type === 'phone_number') key = legacy ? 'phone' : 'phone_number';
  return { property: name, [key]: { [condition]: value as JsonObject } };
}

/** options.sort.sortValue entries ({ timestamp, key, direction }) as Notion sorts. */
export function buildSorts(entries: Entry[]): JsonObject[] {
  return entries.map((s) => {
    const direction = textOf(s.direction) || 'descending';
    if (truthy(s.timestamp)) return { timestamp: textOf(s.key) || 'created_time', direction };
    return { property: splitKey(s.key)[0], direction };
  });
}

// ---- blocks ----

const RICH_TEXT_BLOCKS = new Set(['paragraph', 'heading_1', 'heading_2', 'heading_3', 'bulleted_list_item', 'numbered_list_item', 'to_do', 'toggle', 'quote', 'callout', 'code']);

/**
 * n8n's blockUi entries ({ type, textContent | text, checked, url }) as Notion block objects. The text goes under
 * `text` for Notion API 2021-08-16 (`legacy`, what n8n 2.x sends), under `rich_text` for newer versions.
 */
export function buildBlocks(entries: Entry[], legacy = true): JsonObject[] {
  return entries.map((e) => {
    const type = textOf(e.type) || 'paragraph';
    if (type === 'image') return { object: 'block', type, image: { type: 'external', external: { url: textOf(e.url) } } };
    if (!RICH_TEXT_BLOCKS.has(type)) throw new Error(`block type "${type}" is not supported`);
    const parts = truthy(e.richText) ? (((e.text as Entry | undefined)?.text as Entry[] | undefined) ?? []).map((p) => ({ type: 'text', text: { content: textOf(p.text) } })) : richText(e.textContent);
    const inner: JsonObject = { [legacy ? 'text' : 'rich_text']: parts };
    if (type === 'to_do') inner.checked = truthy(e.checked);
    return { object: 'block', type, [type]: inner };
  });
}

/** The requested block id as parent_id on each listed block (n8n 2.x does this with or without simplify). */
export function withParentId(block: JsonObject, rootId: string): JsonObject {
  return { object: block.object, parent_id: rootId, ...block };
}

/**
 * A listed block as n8n 2.2's Simplify Output shows it: root_id added, created/edited metadata dropped, a text
 * block's text (text or rich_text) as plain `content` in place of its type's object, child pages' title as
 * content; other blocks (images, ...) keep their type's object.
 */
export function simplifyBlock(block: JsonObject, rootId: string): JsonObject {
  const type = String(block.type);
  const { created_time: _c, last_edited_time: _l, created_by: _b, ...out } = { ...block, root_id: rootId } as JsonObject;
  const inner = (block[type] ?? {}) as Entry;
  if (type === 'child_page' || type === 'child_database') {
    out.content = inner.title as JsonObject;
    delete out[type];
    return out;
  }
  const parts = Array.isArray(inner.text) ? inner.text : Array.isArray(inner.rich_text) ? inner.rich_text : undefined;
  if (parts) {
    out.content = (parts as Entry[]).map((p) => textOf(p.plain_text)).join('');
    delete out[type];
  }
  return out;
}
