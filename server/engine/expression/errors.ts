/** An expression that could not be evaluated. The message says what failed; `expression` is the source text. */
export class ExpressionError extends Error {
  readonly expression: string;
  /** 'syntax' (does not parse), 'runtime' (threw while evaluating), 'timeout', 'security' (blocked operation), 'data' (missing node/item). */
  readonly kind: 'syntax' | 'runtime' | 'timeout' | 'security' | 'data';
  readonly itemIndex?: number;

  constructor(message: string, expression: string, kind: ExpressionError['kind'] = 'runtime', itemIndex?: number) {
    super(message);
    this.name = 'ExpressionError';
    this.expression = expression;
    this.kind = kind;
    this.itemIndex = itemIndex;
  }
}

/** A short quote of the expression for messages. */
export function describe(source: string): string {
  const s = source.startsWith('=') ? source.slice(1) : source;
  return `expression "${s.length > 80 ? `${s.slice(0, 77)}...` : s}"`;
}

