/**
 * n8n's rules for what Code may return. All items: an array of objects or of { json } items (a single object is
 * accepted as one item). Each item: one object (or { json } item) per input item. pairedItem is set here.
 */
import type { Item, JsonObject, PairedItem } from '../types';
import { CodeError } from './code-errors';

const ITEM_KEYS = new Set(['json', 'binary', 'pairedItem', 'error', 'index']);

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** { json: {...}, binary?, pairedItem? } counts as an item; anything else is wrapped as json. */
function toItem(v: Record<string, unknown>, where: string): Item {
  if ('json' in v && Object.keys(v).every((k) => ITEM_KEYS.has(k))) {
    if (!isPlainObject(v.json)) {
      throw new CodeError(`Code doesn't return items properly: the "json" of ${where} must be an object, got ${describe(v.json)}`, { kind: 'result' });
    }
    const item: Item = { json: v.json as JsonObject };
    if (isPlainObject(v.binary)) item.binary = v.binary as Item['binary'];
    const paired = validPaired(v.pairedItem);
    if (paired !== undefined) item.pairedItem = paired;
    return item;
  }
  return { json: v as JsonObject };
}

function validPaired(p: unknown): Item['pairedItem'] | undefined {
  if (typeof p === 'number' && Number.isInteger(p) && p >= 0) return p;
  if (isPlainObject(p) && typeof p.item === 'number') return p as unknown as PairedItem;
  if (Array.isArray(p) && p.every((x) => typeof x === 'number' || (isPlainObject(x) && typeof x.item === 'number'))) return p as PairedItem[];
  return undefined;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `${typeof v} (${JSON.stringify(v)?.slice(0, 40)})`;
}

export function normaliseAllItems(result: unknown, inputCount: number): Item[] {
  if (result === undefined || result === null) {
    throw new CodeError(
      "Code doesn't return items properly: the code returned nothing. Return an array of objects, one for each item you would like to output (e.g. `return $input.all();`)",
      { kind: 'result' },
    );
  }
  const list = Array.isArray(result) ? result : [result];
  const items = list.map((v, i) => {
    if (!isPlainObject(v)) {
      throw new CodeError(
        `Code doesn't return items properly: item ${i} of the returned array is ${describe(v)}, but each must be an object (e.g. { json: { ... } } or { ... })`,
        { kind: 'result' },
      );
    }
    return toItem(v, `returned item ${i}`);
  });
  for (let i = 0; i < items.length; i++) {
    if (items[i].pairedItem !== undefined) continue;
    if (items.length === inputCount) items[i].pairedItem = { item: i };
    else if (inputCount === 1) items[i].pairedItem = { item: 0 };
  }
  return items;
}

export function normaliseEachItem(results: unknown[], inputCount: number): Item[] {
  const out: Item[] = [];
  results.forEach((r, i) => {
    if (r === undefined || r === null) {
      throw new CodeError(`Code doesn't return an object for item ${i}: in "Run Once for Each Item" mode, return one object (e.g. \`return $input.item;\`)`, {
        kind: 'result',
        itemIndex: i,
      });
    }
    if (Array.isArray(r)) {
      throw new CodeError(
        `Code doesn't return a single object for item ${i}: an array was returned. In "Run Once for Each Item" mode return one object; use "Run Once for All Items" to return several`,
        { kind: 'result', itemIndex: i },
      );
    }
    if (!isPlainObject(r)) {
      throw new CodeError(`Code doesn't return an object for item ${i}: got ${describe(r)}`, { kind: 'result', itemIndex: i });
    }
    const item = toItem(r, `the item returned for input ${i}`);
    item.pairedItem = { item: Math.min(i, Math.max(0, inputCount - 1)) };
    out.push(item);
  });
  return out;
}
