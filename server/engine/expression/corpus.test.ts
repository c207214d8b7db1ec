/**
 * Every expression in the n8n corpus (../shared/n8n-corpus) parses, compiles and evaluates without crashing:
 * failures (missing upstream data in this context-free run) must be ExpressionErrors.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExpressionError, getExpressionEngine, isExpression } from './index';
import { makeCtx } from './test-context';
import { N8N_CORPUS_DIR } from '../../testing/corpus';

const dir = N8N_CORPUS_DIR;

function corpusExpressions(): string[] {
  const found = new Set<string>();
  const walk = (v: unknown): void => {
    if (isExpression(v)) found.add(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    try {
      const wf = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as { nodes?: { parameters?: unknown }[] };
      for (const node of wf.nodes ?? []) walk(node.parameters);
    } catch {
      /* not JSON: the importer's tests cover it */
    }
  }
  return [...found];
}

describe.skipIf(!existsSync(dir))('n8n corpus expressions', () => {
  it('all parse and evaluate or fail with an ExpressionError', () => {
    const engine = getExpressionEngine();
    const exprs = corpusExpressions();
    expect(exprs.length).toBeGreaterThan(1000);
    const syntax: string[] = [];
    for (const expr of exprs) {
      try {
        engine.evaluate(expr, makeCtx({ getRun: () => undefined }));
      } catch (err) {
        expect(err, expr).toBeInstanceOf(ExpressionError);
        if ((err as ExpressionError).kind === 'syntax') syntax.push(expr);
      }
    }
    // One corpus expression is a JSON body written as `={{ "result": false, ... }}`, invalid in n8n too.
    expect(syntax.length, syntax.join('\n---\n')).toBeLessThanOrEqual(1);
  }, 60_000);
});
