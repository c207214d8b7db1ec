/** An expression that could not be evaluated. The message says what failed; `expression` is the source text. */
export class ExpressionError extends Error {
  readonly expression: string;
  /** 'syntax' (does not parse), 'runtime' (threw while evaluating), 'timeout', 'security' (blocked operation), 'data' (missing node/item). */
  readonly kind: 'syntax' | 'runtime' | 'timeout' | 'security' | 'data';
  readonly itemIndex?: number;
  /** The parameter path holding the expression (set by resolveParams), e.g. "options.url". */
  readonly field?: string;

  constructor(message: string, expression: string, kind: ExpressionError['kind'] = 'runtime', itemIndex?: number, field?: string) {
    super(message);
    this.name = 'ExpressionError';
    this.expression = expression;
    this.kind = kind;
    this.itemIndex = itemIndex;
    this.field = field;
  }
}

/** The same error, naming the parameter that holds the expression. */
export function withField(err: ExpressionError, params: unknown): ExpressionError {
  if (err.field !== undefined) return err;
  const field = findPath(params, err.expression, []);
  if (field === undefined) return err;
  return new ExpressionError(`Parameter "${field}": ${err.message}`, err.expression, err.kind, err.itemIndex, field);
}

function findPath(v: unknown, target: string, path: string[]): string | undefined {
  if (v === target) return path.join('.');
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const p = findPath(v[i], target, [...path, String(i)]);
      if (p !== undefined) return p;
    }
  } else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      const p = findPath(x, target, [...path, k]);
      if (p !== undefined) return p;
    }
  }
  return undefined;
}

/** A short quote of the expression for messages. */
export function describe(source: string): string {
  const s = source.startsWith('=') ? source.slice(1) : source;
  return `expression "${s.length > 80 ? `${s.slice(0, 77)}...` : s}"`;
}

