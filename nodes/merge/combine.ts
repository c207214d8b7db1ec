/**
 * The joining logic of the merge node: clash handling when two items are combined, and field matching.
 */
import type { JsonObject, PairedItem } from '../sdk';
import { deepClone, deepEqual, getPath, isPlainObject } from '../transform/fields';

export interface ClashOptions {
  /** preferLast: the later input wins a clash; preferInput1: input 1 wins; addSuffix: every field gets _<input number>. */
  resolveClash: 'preferLast' | 'preferInput1' | 'addSuffix';
  /** deepMerge: nested objects are merged; shallowMerge: a top-level clash replaces the whole value. */
  mergeMode: 'deepMerge' | 'shallowMerge';
  /** An empty value ('', null, undefined) of the preferred input does not replace a non-empty one. */
  minimizeEmptyFields: boolean;
}

function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || v === '';
}

/** Writes `src` over `dst` (src wins), recursing into objects when deep. */
function overlay(dst: Record<string, unknown>, src: Record<string, unknown>, deep: boolean, minimizeEmpty: boolean): void {
  for (const [key, value] of Object.entries(src)) {
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') continue;
    const existing = dst[key];
    if (deep && isPlainObject(existing) && isPlainObject(value)) {
      const copy = { ...existing };
      overlay(copy, value, deep, minimizeEmpty);
      dst[key] = copy;
    } else if (minimizeEmpty && isEmpty(value) && key in dst && !isEmpty(existing)) {
      continue;
    } else {
      dst[key] = deepClone(value);
    }
  }
}

/** Combines the json of items from inputs 1..n (entries in input order; an undefined entry is a missing item). */
export function combineJson(entries: { json: JsonObject; input: number }[], opts: ClashOptions): JsonObject {
  if (opts.resolveClash === 'addSuffix') {
    const out: JsonObject = {};
    for (const { json, input } of entries) for (const [k, v] of Object.entries(json)) out[`${k}_${input + 1}`] = deepClone(v);
    return out;
  }
  const ordered = opts.resolveClash === 'preferInput1' ? [...entries].reverse() : entries;
  const out: Record<string, unknown> = {};
  for (const { json } of ordered) overlay(out, json, opts.mergeMode === 'deepMerge', opts.minimizeEmptyFields);
  return out as JsonObject;
}

export function pairs(entries: { item: number; input: number }[]): PairedItem[] {
  return entries.map(({ item, input }) => ({ item, input }));
}

function fuzzyKey(v: unknown): unknown {
  if (v === null || v === undefined) return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (typeof v === 'string') return v.trim();
  return v;
}

export function valuesMatch(a: unknown, b: unknown, fuzzy: boolean): boolean {
  if (a === undefined || b === undefined) return false;
  if (fuzzy) {
    const fa = fuzzyKey(a);
    const fb = fuzzyKey(b);
    if (typeof fa === 'string' && typeof fb === 'string') return fa === fb;
    return deepEqual(fa, fb);
  }
  return deepEqual(a, b);
}

export interface MatchResult {
  /** For each input-1 index, the input-2 indexes it matches (in input-2 order). */
  matches: number[][];
  matched2: Set<number>;
}

export function matchItems(
  input1: { json: JsonObject }[],
  input2: { json: JsonObject }[],
  fields: { field1: string; field2: string }[],
  opts: { fuzzy: boolean; dotNotation: boolean; firstOnly: boolean },
): MatchResult {
  const matched2 = new Set<number>();
  const matches = input1.map((a) => {
    const found: number[] = [];
    const left = fields.map((f) => getPath(a.json, f.field1, opts.dotNotation));
    for (let j = 0; j < input2.length; j++) {
      const ok = fields.every((f, k) => valuesMatch(left[k], getPath(input2[j].json, f.field2, opts.dotNotation), opts.fuzzy));
      if (!ok) continue;
      found.push(j);
      matched2.add(j);
      if (opts.firstOnly) break;
    }
    return found;
  });
  return { matches, matched2 };
}
