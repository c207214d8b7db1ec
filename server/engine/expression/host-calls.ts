/**
 * The host side of the sandbox callbacks: the isolate asks for other nodes' items, parameters, JMESPath
 * searches, hashing and base64, and gets copies back. Shared by expressions and the Code runner.
 */
import { createHash } from 'node:crypto';
import jmespath from 'jmespath';
import { inputItems, nodeExecuted, nodeOutputItems, nodeParams, pairedItemOf, previousNode } from './data';
import type { ExpressionContext } from './types';

export function hostCall(ctx: ExpressionContext, op: string, args: unknown[]): unknown {
  switch (op) {
    case 'input.all': return inputItems(ctx);
    case 'node.all': return nodeOutputItems(ctx, args[0] as string, args[1] as number | string | undefined, args[2] as number | undefined);
    case 'node.pair': return pairedItemOf(ctx, args[0] as string, args[1] as number);
    case 'node.params': return nodeParams(ctx, args[0] as string);
    case 'node.executed': return nodeExecuted(ctx, args[0] as string);
    case 'node.runIndex': return ctx.getRun(args[0] as string)?.runIndex ?? -1;
    case 'params': return ctx.node.params;
    case 'prevNode': return previousNode(typeof args[0] === 'number' ? { ...ctx, itemIndex: args[0] } : ctx);
    case 'jmespath': return jmespath.search(args[0], String(args[1]));
    case 'base64Encode': return Buffer.from(String(args[0]), 'utf8').toString('base64');
    case 'base64Decode': return Buffer.from(String(args[0]), 'base64').toString('utf8');
    case 'hash': return hashString(String(args[0]), String(args[1] ?? 'md5'));
    default: throw new Error(`Unknown sandbox call "${op}"`);
  }
}

function hashString(s: string, algo: string): string {
  const a = algo.toLowerCase().replace(/-/g, '');
  if (a === 'base64') return Buffer.from(s).toString('base64');
  const map: Record<string, string> = { md5: 'md5', sha1: 'sha1', sha256: 'sha256', sha384: 'sha384', sha512: 'sha512', sha3: 'sha3-512' };
  const name = map[a];
  if (!name) throw new Error(`Unknown hash algorithm "${algo}" (use md5, sha1, sha256, sha384, sha512, sha3)`);
  return createHash(name).update(s).digest('hex');
}
