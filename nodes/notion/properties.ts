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

/** n8n's date fields: includeTime (default on) keeps the time, off keeps the day; '' clears the date. */
function dateValue(e: Entry): JsonObject | null {
  const withTime = e.includeTime === undefined ? true : truthy(e.includeTime);
  const format = (v: unknown): string | null => {
    const text = textOf(v).trim();
    if (text === '') return null;
    const ms = Date.parse(text);
    if (Number.isNaN(ms)) return text; // Notion says what is wrong with it
    return withTime ? new Date(ms).toISOString() : new Date(ms).toISOString().slice(0, 10);
  };
  const start = truthy(e.range) ? format(e.dateStart) : format(e.date);
  if (start === null) return null;
  const date: JsonObject = { start };
  if (truthy(e.range)) date.end = format(e.dateEnd);
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

/** A Notion property value the way n8n's simplified output shows it. */
export function simplifyValue(prop: Entry): unknown {
  const type = String(prop.type);
  const v = prop[type] as unknown;
  switch (type) {
    case 'title':
    case 'rich_text':
      return plain(v);
    case 'select':
    case 'status':
      return v && typeof v === 'object' ? (v as Entry).name ?? null : null;
    case 'multi_select':
      return Array.isArray(v) ? v.map((o) => (o as Entry).name) : [];
    case 'people':
      return Array.isArray(v) ? v.map((u) => ((u as Entry).person as Entry | undefined)?.email ?? {}) : [];
    case 'relation':
      return Array.isArray(v) ? v.map((r) => (r as Entry).id) : [];
    case 'files':
      return Array.isArray(v) ? v.map((f) => ((f as Entry).file as Entry | undefined)?.url ?? ((f as Entry).external as Entry | undefined)?.url) : [];
    case 'date': {
      if (!v || typeof v !== 'object') return null;
      const d = v as Entry;
      return d.end ? { start: d.start, end: d.end } : d.start;
    }
    case 'formula':
    case 'rollup': {
      if (!v || typeof v !== 'object') return null;
      const inner = v as Entry;
      const value = inner[String(inner.type)];
      return String(inner.type) === 'array' && Array.isArray(value) ? value.map((x) => simplifyValue(x as Entry)) : value ?? null;
    }
    case 'created_by':
    case 'last_edited_by':
      return v && typeof v === 'object' ? (v as Entry).id : null;
    case 'unique_id': {
      const u = (v ?? {}) as Entry;
      return u.prefix ? `${u.prefix}-${u.number}` : u.number ?? null;
    }
    default:
      return v ?? null;
  }
}

/** A page as n8n's simplified output: id, name (its title), url and property_<snake_case name> per property. */
export function simplifyPage(page: JsonObject): JsonObject {
  const props = (page.properties ?? {}) as Record<string, Entry>;
  const titleProp = Object.values(props).find((p) => p?.type === 'title');
  const out: JsonObject = { id: page.id, name: titleProp ? plain(titleProp.title) : '', url: page.url ?? null };
  for (const [name, prop] of Object.entries(props)) out[`property_${snakeCase(name)}`] = simplifyValue(prop) as JsonObject;
  return out;
}

/** A database as n8n's simplified output: id, name (its title), url. */
export function simplifyDatabase(db: JsonObject): JsonObject {
  return { id: db.id, name: plain(db.title), url: db.url ?? null };
}

// ---- filters and sorts ----

/** The value field of a filter condition, by property type (n8n's field names). */
const FILTER_VALUE_FIELD: Record<string, string> = {
  title: 'titleValue', rich_text: 'richTextValue', number: 'numberValue', checkbox: 'checkboxValue', select: 'selectValue',
  multi_select: 'multiSelectValue', status: 'statusValue', date: 'date', people: 'peopleValue', relation: 'relationValue',
  url: 'urlValue', email: 'emailValue', phone_number: 'phoneNumberValue', created_by: 'createdByValue',
  last_edited_by: 'lastEditedByValue', created_time: 'createdTimeValue', last_edited_time: 'lastEditedTime', files: 'filesValue',
};
const NO_VALUE = new Set(['past_week', 'past_month', 'past_year', 'next_week', 'next_month', 'next_year', 'this_week']);
const FORMULA_TYPE: Record<string, [string, string]> = { text: ['string', 'textValue'], number: ['number', 'numberValue'], checkbox: ['checkbox', 'checkboxValue'], date: ['date', 'dateValue'] };

function conditionBody(condition: string, value: unknown, type: string): JsonObject {
  if (condition === 'is_empty' || condition === 'is_not_empty') return { [condition]: true };
  if (NO_VALUE.has(condition)) return { [condition]: {} };
  if (type === 'number') return { [condition]: Number(value) };
  if (type === 'checkbox') return { [condition]: truthy(value) };
  if (type === 'multi_select' || type === 'people' || type === 'relation') return { [condition]: Array.isArray(value) ? value[0] : value };
  return { [condition]: value as JsonObject };
}

/** One n8n filter condition ({ key, condition, <value field> }) as a Notion filter. */
export function filterCondition(e: Entry): JsonObject {
  const [name, type] = splitKey(e.key);
  const condition = textOf(e.condition) || 'equals';
  if (type === 'formula') {
    const [notionType, field] = FORMULA_TYPE[textOf(e.returnType) || 'text'] ?? FORMULA_TYPE.text;
    return { property: name, formula: { [notionType]: conditionBody(condition, e[field], notionType) } };
  }
  const value = e[FILTER_VALUE_FIELD[type] ?? 'richTextValue'] ?? e.date;
  if (type === 'created_time' || type === 'last_edited_time') return { timestamp: type, [type]: conditionBody(condition, value, 'date') };
  return { property: name, [type]: conditionBody(condition, value, type) };
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

/** n8n's blockUi entries ({ type, textContent | text, checked, title }) as Notion block objects. */
export function buildBlocks(entries: Entry[]): JsonObject[] {
  return entries.map((e) => {
    const type = textOf(e.type) || 'paragraph';
    if (type === 'child_page') return { object: 'block', type, child_page: { title: textOf(e.title) } };
    if (!RICH_TEXT_BLOCKS.has(type)) throw new Error(`block type "${type}" is not supported`);
    const parts = truthy(e.richText) ? (((e.text as Entry | undefined)?.text as Entry[] | undefined) ?? []).map((p) => ({ type: 'text', text: { content: textOf(p.text) } })) : richText(e.textContent);
    const inner: JsonObject = { rich_text: parts };
    if (type === 'to_do') inner.checked = truthy(e.checked);
    return { object: 'block', type, [type]: inner };
  });
}

/** A block as n8n 2.2's simplified block list shows it: text blocks' rich text as plain `content`; other blocks keep their type's object. */
export function simplifyBlock(block: JsonObject, rootId: string): JsonObject {
  const type = String(block.type);
  const parent = (block.parent ?? {}) as Entry;
  const out: JsonObject = { object: block.object ?? 'block', id: block.id, parent_id: (parent.page_id ?? parent.block_id ?? null) as string | null, root_id: rootId, type };
  const inner = (block[type] ?? {}) as Entry;
  if (Array.isArray(inner.rich_text)) {
    out.content = plain(inner.rich_text);
    if (type === 'to_do') out.checked = inner.checked === true;
  } else out[type] = inner as JsonObject;
  return out;
}
