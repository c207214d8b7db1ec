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
