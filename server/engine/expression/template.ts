/**
 * Splits an n8n expression ('=...' with `{{ code }}` parts) into text and code segments.
 * The scanner follows JS strings, template literals and braces so `{{ {a: {b: 1}} }}` and
 * `{{ "}}" }}` end at the right `}}`.
 */

export type Segment = { kind: 'text'; text: string } | { kind: 'code'; code: string };

export interface ParsedExpression {
  source: string;
  segments: Segment[];
  /** The whole expression is one `{{ }}`: the raw value is returned (numbers stay numbers). */
  single: boolean;
}

export function isExpression(v: unknown): v is string {
  return typeof v === 'string' && v.startsWith('=');
}

export function parseTemplate(expr: string): ParsedExpression {
  const body = expr.startsWith('=') ? expr.slice(1) : expr;
  const segments: Segment[] = [];
  let i = 0;
  let text = '';
  while (i < body.length) {
    const open = body.indexOf('{{', i);
    if (open === -1) {
      text += body.slice(i);
      break;
    }
    const close = findClose(body, open + 2);
    if (close === -1) {
      text += body.slice(i);
      break;
    }
    text += body.slice(i, open);
    if (text) segments.push({ kind: 'text', text });
    text = '';
    segments.push({ kind: 'code', code: body.slice(open + 2, close) });
    i = close + 2;
  }
  if (text) segments.push({ kind: 'text', text });
  const single = segments.length === 1 && segments[0].kind === 'code';
  return { source: expr, segments, single };
}

/** Index of the `}}` closing a code part that starts at `from`, or -1. */
function findClose(s: string, from: number): number {
  // Stack of contexts: 'code' (braces count), 'tpl' (inside a template literal).
  const stack: ('code' | 'tpl')[] = ['code'];
  const depth: number[] = [0];
  let i = from;
  while (i < s.length) {
    const top = stack[stack.length - 1];
    const c = s[i];
    if (top === 'tpl') {
      if (c === '\\') { i += 2; continue; }
      if (c === '`') { stack.pop(); depth.pop(); i++; continue; }
      if (c === '$' && s[i + 1] === '{') { stack.push('code'); depth.push(0); i += 2; continue; }
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      const end = skipString(s, i, c);
      if (end === -1) return fallbackClose(s, from);
      i = end;
      continue;
    }
    if (c === '`') { stack.push('tpl'); depth.push(0); i++; continue; }
    if (c === '{') { depth[depth.length - 1]++; i++; continue; }
    if (c === '}') {
      const d = depth.length - 1;
      if (depth[d] > 0) { depth[d]--; i++; continue; }
      if (stack.length > 1) { stack.pop(); depth.pop(); i++; continue; }
      if (s[i + 1] === '}') return i;
      i++;
      continue;
    }
    i++;
  }
  return fallbackClose(s, from);
}

/** Unbalanced code (e.g. a stray quote): n8n then ends the part at the first `}}`. */
function fallbackClose(s: string, from: number): number {
  return s.indexOf('}}', from);
}

function skipString(s: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < s.length) {
    if (s[i] === '\\') { i += 2; continue; }
    if (s[i] === quote) return i + 1;
    if (s[i] === '\n') return -1;
    i++;
  }
  return -1;
}
