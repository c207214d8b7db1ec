/**
 * Plain property paths (`$json.a.b`, `$json["x"][0]`) are read on the host without entering the sandbox.
 * Anything else (methods, prototype names, non-own properties) returns NOT_FAST and goes to the isolate.
 */
export const NOT_FAST = Symbol('not-fast');

const PATH_RE = /^\s*\$json((?:\s*\.\s*[A-Za-z_][\w]*|\s*\[\s*(?:"[^"\\\n]*"|'[^'\\\n]*'|\d+)\s*\])*)\s*$/;
const STEP_RE = /\.\s*([A-Za-z_][\w]*)|\[\s*(?:"([^"\\\n]*)"|'([^'\\\n]*)'|(\d+))\s*\]/g;

export type FastPath = (string | number)[];

/** The property path of a plain `$json...` read, or null. */
export function compileFastPath(code: string): FastPath | null {
  const m = PATH_RE.exec(code);
  if (!m) return null;
  const path: FastPath = [];
  for (const step of m[1].matchAll(STEP_RE)) {
    if (step[1] !== undefined) path.push(step[1]);
    else if (step[2] !== undefined) path.push(step[2]);
    else if (step[3] !== undefined) path.push(step[3]);
    else path.push(Number(step[4]));
  }
  return path;
}

export function readFastPath(json: unknown, path: FastPath): unknown {
  let cur: unknown = json;
  for (const key of path) {
    if (cur === null || cur === undefined) {
      throw new TypeError(`Cannot read properties of ${cur} (reading '${String(key)}')`);
    }
    if (typeof cur === 'string') {
      if (key === 'length') { cur = cur.length; continue; }
      if (typeof key === 'number') { cur = cur[key]; continue; }
      return NOT_FAST;
    }
    if (typeof cur !== 'object') return NOT_FAST;
    if (Array.isArray(cur)) {
      if (key === 'length') { cur = cur.length; continue; }
      if (typeof key === 'number' || /^\d+$/.test(key)) { cur = cur[Number(key)]; continue; }
      return NOT_FAST;
    }
    const proto = Object.getPrototypeOf(cur);
    if (proto !== Object.prototype && proto !== null) return NOT_FAST;
    const k = String(key);
    if (Object.prototype.hasOwnProperty.call(cur, k)) { cur = (cur as Record<string, unknown>)[k]; continue; }
    if (k in Object.prototype) return NOT_FAST; // constructor, __proto__, toString, ...: let the sandbox answer
    cur = undefined;
  }
  return cur;
}
