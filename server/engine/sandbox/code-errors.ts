/** Errors and logs of the Code runner. */
export interface CodeLog {
  level: 'info' | 'warn' | 'error' | 'debug';
  message: string;
}

/** An error in user code or in what it returned; the message says what was wrong (and the line when known). */
export class CodeError extends Error {
  constructor(
    message: string,
    readonly details: { line?: number; itemIndex?: number; logs?: CodeLog[]; kind?: 'syntax' | 'runtime' | 'timeout' | 'result' } = {},
  ) {
    super(message);
    this.name = 'CodeError';
  }
}

