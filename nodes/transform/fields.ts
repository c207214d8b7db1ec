/**
 * Field paths shared by the data nodes (transform, sort, aggregate, splitOut, removeDuplicates, merge).
 * A path is written the way n8n users write it: `a.b`, `items[0].id`, `a["key with.dot"]`.
 * With dot notation off, the whole name is one key. Keys that reach JavaScript internals are refused.
 */
import { NodeError, type JsonObject } from '../sdk';

const FORBIDDEN = new Set(['__proto__', 'prototype', 'constructor']);

/** Splits `a.b[0]["c.d"]` into ['a', 'b', '0', 'c.d']. */
export function parsePath(path: string, dotNotation = true): string[] {
  if (!dotNotation) return [path];
  const parts: string[] = [];
  let current = '';
  let i = 0;
  const push = () => {
    if (current !== '') parts.push(current);
    current = '';
  };
  while (i < path.length) {
    const ch = path[i];
    if (ch === '.') {
      push();
      i++;
    } else if (ch === '[') {
      push();
      const close = path.indexOf(']', i);
      if (close === -1) {
        current += path.slice(i);
        break;
      }
      let inner = path.slice(i + 1, close).trim();
      if ((inner.startsWith('"') && inner.endsWith('"')) || (inner.startsWith("'") && inner.endsWith("'"))) inner = inner.slice(1, -1);
      parts.push(inner);
      i = close + 1;
    } else {
      current += ch;
      i++;
    }
  }
  push();
  return parts;
}

function checkKeys(keys: string[], field: string): void {
  for (const key of keys) {
    if (FORBIDDEN.has(key)) throw new NodeError(`Field "${field}": the key "${key}" is not allowed`, { field });
  }
}

export function getPath(obj: unknown, path: string, dotNotation = true): unknown {
  const keys = parsePath(path, dotNotation);
  let cur: unknown = obj;
  for (const key of keys) {
    if (cur === null || cur === undefined || typeof cur !== 'object') return undefined;
    if (FORBIDDEN.has(key)) return undefined;
    if (!Object.prototype.hasOwnProperty.call(cur, key)) return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

export function hasPath(obj: unknown, path: string, dotNotation = true): boolean {
  const keys = parsePath(path, dotNotation);
  let cur: unknown = obj;
  for (const key of keys) {
    if (cur === null || cur === undefined || typeof cur !== 'object') return false;
    if (!Object.prototype.hasOwnProperty.call(cur, key)) return false;
    cur = (cur as Record<string, unknown>)[key];
  }
  return true;
}

/** Sets a value, creating objects (or arrays for numeric keys) on the way, as lodash's set does. */
export function setPath(obj: JsonObject, path: string, value: unknown, dotNotation = true): void {
  const keys = parsePath(path, dotNotation);
  if (keys.length === 0) throw new NodeError('A field name is empty: give every field a name', { field: 'name' });
  checkKeys(keys, path);
  let cur = obj as Record<string, unknown>;
  for (let i = 0; i < keys.length - 1; i++) {
    const key = keys[i];
    const next = cur[key];
    if (next === null || typeof next !== 'object') {
      cur[key] = /^\d+$/.test(keys[i + 1]) ? [] : {};
    }
    cur = cur[key] as Record<string, unknown>;
  }
  cur[keys[keys.length - 1]] = value;
}

export function unsetPath(obj: JsonObject, path: string, dotNotation = true): boolean {
  const keys = parsePath(path, dotNotation);
  let cur: unknown = obj;
  for (let i = 0; i < keys.length - 1; i++) {
    if (cur === null || typeof cur !== 'object') return false;
    cur = (cur as Record<string, unknown>)[keys[i]];
  }
  if (cur === null || typeof cur !== 'object') return false;
  const last = keys[keys.length - 1];
  if (!Object.prototype.hasOwnProperty.call(cur, last)) return false;
  if (Array.isArray(cur) && /^\d+$/.test(last)) cur.splice(Number(last), 1);
  else delete (cur as Record<string, unknown>)[last];
  return true;
}

/** n8n writes field lists as "a, b, c" strings; Weft also accepts arrays. */
export function fieldList(value: string | string[] | undefined): string[] {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : String(value).split(',');
  return list.map((f) => String(f).trim()).filter((f) => f !== '');
}

export function deepClone<T>(value: T): T {
  return value === undefined ? value : structuredClone(value);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return Number.isNaN(a) && Number.isNaN(b);
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((v, i) => deepEqual(v, bb[i]));
  }
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** A short, readable rendering of a value for error messages. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (typeof value === 'string') return `"${value.length > 60 ? `${value.slice(0, 57)}...` : value}"`;
  if (typeof value === 'object') {
    const s = JSON.stringify(value) ?? String(value);
    return s.length > 60 ? `${s.slice(0, 57)}...` : s;
  }
  return String(value);
}
