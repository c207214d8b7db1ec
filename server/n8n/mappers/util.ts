/** Small readers for n8n parameters as exports hold them. */
export type Params = Record<string, unknown>;

export const obj = (v: unknown): Params => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Params) : {});
export const arr = <T = unknown>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]) : []);
export const str = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : fallback);
export const num = (v: unknown, fallback: number): number => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : fallback);
export const bool = (v: unknown, fallback: boolean): boolean => (typeof v === 'boolean' ? v : fallback);

/** An n8n resource locator ({ __rl, value, mode }) or a plain value. */
export function locatorValue(v: unknown): string {
  if (v && typeof v === 'object' && 'value' in (v as Params)) return str((v as Params).value);
  return str(v);
}

/** `a, b ,c` -> 'a,b,c' as Weft's comma-separated field lists expect; arrays are joined. */
export function fieldList(v: unknown): string {
  if (Array.isArray(v)) return v.map((x) => str(x)).filter(Boolean).join(',');
  return str(v)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .join(',');
}
