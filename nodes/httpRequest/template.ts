/**
 * A tiny, safe evaluator for the HTTP node's pagination templates ({{ $response.body.next }},
 * {{ $pageCount + 1 }}, {{ $response.body.items.length === 0 }}). These variables exist only inside the
 * node, per page, so the workflow's expression engine cannot resolve them. Supported: literals, the given
 * variables, member access on own properties (plus .length), unary ! and -, arithmetic, comparison,
 * && || ??, and ?: . No calls, no prototypes.
 */

type Vars = Record<string, unknown>;
type Tok = { t: 'num' | 'str' | 'id' | 'op'; v: string };

/** Text with {{ }}: a template that is exactly one {{ }} returns the value itself, else a string. */
export function renderTemplate(template: string, vars: Vars): unknown {
  const whole = /^\s*\{\{([\s\S]*?)\}\}\s*$/.exec(template);
  if (whole && !whole[1].includes('}}')) return evaluate(whole[1], vars);
  return template.replace(/\{\{([\s\S]*?)\}\}/g, (_, expr: string) => {
    const v = evaluate(expr, vars);
    return v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  });
}

export function evaluate(source: string, vars: Vars): unknown {
  const toks = tokenize(source);
  let pos = 0;
  const peek = () => toks[pos];
  const isOp = (v: string) => peek()?.t === 'op' && peek().v === v;
  const expect = (v: string) => {
    if (!isOp(v)) throw new Error(`expected "${v}" in {{ ${source.trim()} }}`);
    pos++;
  };

  const LEVELS = [['??'], ['||'], ['&&'], ['===', '!==', '==', '!='], ['<', '>', '<=', '>='], ['+', '-'], ['*', '/', '%']];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const apply = (op: string, a: any, b: any): unknown => {
    switch (op) {
      case '??': return a ?? b;
      case '||': return a || b;
      case '&&': return a && b;
      case '===': return a === b;
      case '!==': return a !== b;
      case '==': return a == b; // eslint-disable-line eqeqeq
      case '!=': return a != b; // eslint-disable-line eqeqeq
      case '<': return a < b;
      case '>': return a > b;
      case '<=': return a <= b;
      case '>=': return a >= b;
      case '+': return a + b;
      case '-': return a - b;
      case '*': return a * b;
      case '/': return a / b;
      case '%': return a % b;
    }
  };

  const ternary = (): unknown => {
    const cond = binary(0);
    if (!isOp('?')) return cond;
    pos++;
    const yes = ternary();
    expect(':');
    const no = ternary();
    return cond ? yes : no;
  };
  const binary = (level: number): unknown => {
    if (level >= LEVELS.length) return unary();
    let left = binary(level + 1);
    while (peek()?.t === 'op' && LEVELS[level].includes(peek().v)) {
      const op = toks[pos++].v;
      const right = binary(level + 1);
      left = apply(op, left, right);
    }
    return left;
  };
  const unary = (): unknown => {
    if (isOp('!')) return pos++, !unary();
    if (isOp('-')) return pos++, -(unary() as number);
    return member(primary());
  };
  const primary = (): unknown => {
    const tok = toks[pos++];
    if (!tok) throw new Error(`unexpected end of {{ ${source.trim()} }}`);
    if (tok.t === 'num') return Number(tok.v);
    if (tok.t === 'str') return tok.v;
    if (tok.t === 'id') {
      if (tok.v === 'true') return true;
      if (tok.v === 'false') return false;
      if (tok.v === 'null') return null;
      if (tok.v === 'undefined') return undefined;
      if (Object.hasOwn(vars, tok.v)) return vars[tok.v];
      throw new Error(`unknown name "${tok.v}" (pagination templates know ${Object.keys(vars).join(', ')})`);
    }
    if (tok.v === '(') {
      const v = ternary();
      expect(')');
      return v;
    }
    throw new Error(`unexpected "${tok.v}" in {{ ${source.trim()} }}`);
  };
  const member = (base: unknown): unknown => {
    let value = base;
    for (;;) {
      if (isOp('.')) {
        pos++;
        const name = toks[pos++];
        if (!name || name.t !== 'id') throw new Error(`expected a property name after "." in {{ ${source.trim()} }}`);
        value = prop(value, name.v);
      } else if (isOp('[')) {
        pos++;
        const key = ternary();
        expect(']');
        value = prop(value, String(key));
      } else if (isOp('(')) {
        throw new Error('pagination templates support paths and operators, not function calls');
      } else return value;
    }
  };

  const result = ternary();
  if (pos < toks.length) throw new Error(`unexpected "${toks[pos].v}" in {{ ${source.trim()} }}`);
  return result;
}

function prop(value: unknown, key: string): unknown {
  if (value === null || value === undefined) return undefined;
  if (key === 'length' && (typeof value === 'string' || Array.isArray(value))) return value.length;
  if (typeof value === 'object' && Object.hasOwn(value, key)) return (value as Record<string, unknown>)[key];
  return undefined;
}

function tokenize(src: string): Tok[] {
  const toks: Tok[] = [];
  const re = /\s*(?:(\d+(?:\.\d+)?)|'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|([A-Za-z_$][\w$]*)|(===|!==|==|!=|<=|>=|&&|\|\||\?\?|[-+*/%<>!?:.()[\]]))/y;
  let m: RegExpExecArray | null;
  let at = 0;
  while (at < src.length) {
    if (/^\s*$/.test(src.slice(at))) break;
    re.lastIndex = at;
    m = re.exec(src);
    if (!m) throw new Error(`cannot read "${src.slice(at).trim()}" in {{ ${src.trim()} }}`);
    at = re.lastIndex;
    if (m[1] !== undefined) toks.push({ t: 'num', v: m[1] });
    else if (m[2] !== undefined) toks.push({ t: 'str', v: m[2].replace(/\\(.)/g, '$1') });
    else if (m[3] !== undefined) toks.push({ t: 'str', v: m[3].replace(/\\(.)/g, '$1') });
    else if (m[4] !== undefined) toks.push({ t: 'id', v: m[4] });
    else toks.push({ t: 'op', v: m[5] });
  }
  return toks;
}
