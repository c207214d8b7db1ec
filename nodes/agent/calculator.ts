/**
 * The agent's calculator tool (n8n's Calculator sub-node): evaluates an arithmetic expression with a small
 * recursive-descent parser, never eval. Numbers (1, 2.5, .5, 1e3), + - * / % (remainder), ^ or ** (power,
 * right-associative), unary signs, parentheses, the constants pi, e and tau, and the functions listed in
 * FUNCTIONS. Anything else is an error naming the position, which the agent hands back to the model.
 */

const MAX_LENGTH = 1000;
const MAX_DEPTH = 100;

type Fn = (...args: number[]) => number;
const one = (f: (x: number) => number): { arity: [number, number]; fn: Fn } => ({ arity: [1, 1], fn: (x) => f(x) });

const FUNCTIONS: Record<string, { arity: [number, number]; fn: Fn }> = {
  sqrt: one(Math.sqrt),
  cbrt: one(Math.cbrt),
  abs: one(Math.abs),
  floor: one(Math.floor),
  ceil: one(Math.ceil),
  trunc: one(Math.trunc),
  sign: one(Math.sign),
  exp: one(Math.exp),
  ln: one(Math.log),
  log10: one(Math.log10),
  log2: one(Math.log2),
  sin: one(Math.sin),
  cos: one(Math.cos),
  tan: one(Math.tan),
  asin: one(Math.asin),
  acos: one(Math.acos),
  atan: one(Math.atan),
  round: { arity: [1, 2], fn: (x, digits = 0) => Math.round(x * 10 ** digits) / 10 ** digits },
  log: { arity: [1, 2], fn: (x, base) => (base === undefined ? Math.log(x) : Math.log(x) / Math.log(base)) },
  pow: { arity: [2, 2], fn: (a, b) => a ** b },
  mod: { arity: [2, 2], fn: (a, b) => a % b },
  atan2: { arity: [2, 2], fn: Math.atan2 },
  min: { arity: [1, 100], fn: Math.min },
  max: { arity: [1, 100], fn: Math.max },
  hypot: { arity: [1, 100], fn: Math.hypot },
};

const CONSTANTS: Record<string, number> = { pi: Math.PI, e: Math.E, tau: 2 * Math.PI };

export class CalculatorError extends Error {}

type Token = { kind: 'num'; value: number; pos: number } | { kind: 'id'; value: string; pos: number } | { kind: 'op'; value: string; pos: number };

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  const space = /\s*/y;
  const token = /(\d+\.?\d*(?:e[+-]?\d+)?|\.\d+(?:e[+-]?\d+)?)|([a-z_][a-z0-9_]*)|(\*\*|[-+*/%^(),])/iy;
  let pos = 0;
  for (;;) {
    space.lastIndex = pos;
    space.exec(src);
    pos = space.lastIndex;
    if (pos >= src.length) return tokens;
    token.lastIndex = pos;
    const m = token.exec(src);
    if (!m) throw new CalculatorError(`unexpected "${src[pos]}" at position ${pos + 1}`);
    if (m[1] !== undefined) tokens.push({ kind: 'num', value: Number(m[1]), pos });
    else if (m[2] !== undefined) tokens.push({ kind: 'id', value: m[2].toLowerCase(), pos });
    else tokens.push({ kind: 'op', value: m[3] === '**' ? '^' : m[3], pos });
    pos = token.lastIndex;
  }
}

/** Evaluates `expression`; throws CalculatorError with a readable reason. */
export function calculate(expression: string): number {
  if (expression.length > MAX_LENGTH) throw new CalculatorError(`the expression is longer than ${MAX_LENGTH} characters`);
  const tokens = tokenize(expression);
  let i = 0;
  let depth = 0;
  const peek = () => tokens[i];
  const isOp = (v: string) => peek()?.kind === 'op' && peek()!.value === v;
  const expect = (v: string) => {
    if (!isOp(v)) throw new CalculatorError(peek() ? `expected "${v}" at position ${peek()!.pos + 1}` : `expected "${v}" at the end`);
    i++;
  };
  const nested = <T>(f: () => T): T => {
    if (++depth > MAX_DEPTH) throw new CalculatorError('the expression is nested too deeply');
    try {
      return f();
    } finally {
      depth--;
    }
  };

  const sum = (): number =>
    nested(() => {
      let v = product();
      while (isOp('+') || isOp('-')) v = tokens[i++].value === '+' ? v + product() : v - product();
      return v;
    });
  const product = (): number => {
    let v = unary();
    while (isOp('*') || isOp('/') || isOp('%')) {
      const op = tokens[i++].value;
      const r = unary();
      v = op === '*' ? v * r : op === '/' ? v / r : v % r;
    }
    return v;
  };
  const unary = (): number =>
    nested(() => {
      if (isOp('-')) return i++, -unary();
      if (isOp('+')) return i++, unary();
      return power();
    });
  const power = (): number => {
    const base = primary();
    if (!isOp('^')) return base;
    i++;
    return base ** unary();
  };
  const primary = (): number => {
    const t = tokens[i++];
    if (!t) throw new CalculatorError('the expression ends too early');
    if (t.kind === 'num') return t.value;
    if (t.kind === 'op' && t.value === '(') {
      const v = sum();
      expect(')');
      return v;
    }
    if (t.kind === 'id') {
      if (isOp('(')) {
        const f = FUNCTIONS[t.value];
        if (!f) throw new CalculatorError(`unknown function "${t.value}" (known: ${Object.keys(FUNCTIONS).join(', ')})`);
        i++;
        const args: number[] = [];
        if (!isOp(')')) {
          args.push(sum());
          while (isOp(',')) i++, args.push(sum());
        }
        expect(')');
        if (args.length < f.arity[0] || args.length > f.arity[1]) throw new CalculatorError(`${t.value}() takes ${f.arity[0] === f.arity[1] ? f.arity[0] : `${f.arity[0]} to ${f.arity[1]}`} argument(s), got ${args.length}`);
        return f.fn(...args);
      }
      if (t.value in CONSTANTS) return CONSTANTS[t.value];
      throw new CalculatorError(`unknown name "${t.value}" at position ${t.pos + 1}`);
    }
    throw new CalculatorError(`unexpected "${t.value}" at position ${t.pos + 1}`);
  };

  if (!tokens.length) throw new CalculatorError('the expression is empty');
  const value = sum();
  if (i < tokens.length) throw new CalculatorError(`unexpected "${tokens[i].value}" at position ${tokens[i].pos + 1}`);
  return value;
}

/** The result as the model reads it: 14 significant digits, so 0.1 + 0.2 gives 0.3. */
export function formatResult(value: number): string {
  if (Number.isNaN(value)) return 'NaN (the expression has no real value)';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  return String(Number(value.toPrecision(14)));
}
