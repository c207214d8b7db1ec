/**
 * n8n expressions for Weft: `={{ $json.name }}`, `=Hello {{ $json.name }}`, evaluated in an isolated-vm sandbox
 * (server/engine/sandbox) with a host fast path for plain `$json` property reads.
 */
import { ExpressionEngine } from './engine';

export { ExpressionEngine, type ExpressionEngineOptions, type ItemResult } from './engine';
export { ExpressionError } from './errors';
export { isExpression, parseTemplate, type ParsedExpression, type Segment } from './template';
export { referencedNodeNames } from './references';
export type { ExpressionContext, RunView, InputSegment } from './types';

let engine: ExpressionEngine | undefined;

/** The process-wide engine (one isolate per process). Timeout: WEFT_EXPRESSION_TIMEOUT_MS or 1000 ms. */
export function getExpressionEngine(): ExpressionEngine {
  if (!engine) {
    const timeoutMs = Number(process.env.WEFT_EXPRESSION_TIMEOUT_MS) || 1_000;
    const memoryLimitMb = Number(process.env.WEFT_EXPRESSION_MEMORY_MB) || 128;
    engine = new ExpressionEngine({ timeoutMs, memoryLimitMb });
  }
  return engine;
}
