/**
 * Stop and Error: fails the execution on purpose with a message or an error object (n8n's Stop and Error).
 * Like n8n it reads its parameters for the first input item and throws once.
 *
 * Params:
 * - errorType: 'errorMessage' | 'errorObject'   (default 'errorMessage')
 * - errorMessage: string                        the message (errorType 'errorMessage')
 * - errorObject: string | object                JSON text or an object (errorType 'errorObject'); its
 *                                               `message` (or `description`, `error`) becomes the message,
 *                                               the whole object the error's description
 */
import { defineNode, NodeError, z } from '../sdk';

const params = z.object({
  errorType: z.enum(['errorMessage', 'errorObject']).default('errorMessage').describe('Throw a plain message or an error object'),
  errorMessage: z
    .preprocess((v) => (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v)), z.string())
    .default('').describe('The error message (type "errorMessage")'),
  errorObject: z.union([z.string(), z.record(z.string(), z.unknown())]).default('{}').describe('JSON error object (type "errorObject"), e.g. {"code": 404, "message": "Not found"}'),
});

export const stopAndErrorNode = defineNode({
  type: 'stopAndError',
  version: 1,
  displayName: 'Stop and Error',
  description: 'Fail the execution with a custom error',
  category: 'flow',
  icon: 'octagon-x',
  inputs: [{ name: 'main' }],
  outputs: [],
  params,
  async execute(ctx) {
    const p = ctx.params(0);
    if (p.errorType === 'errorMessage') {
      throw new NodeError(p.errorMessage || 'Execution stopped by a Stop and Error node', { field: 'errorMessage', itemIndex: 0 });
    }
    let obj: unknown = p.errorObject;
    if (typeof obj === 'string') {
      try {
        obj = JSON.parse(obj || '{}');
      } catch (err) {
        throw new NodeError(`Node "${ctx.node.name}", field "errorObject": not valid JSON (${(err as Error).message})`, { field: 'errorObject', itemIndex: 0 });
      }
    }
    const record = obj && typeof obj === 'object' && !Array.isArray(obj) ? (obj as Record<string, unknown>) : { error: obj };
    const message = [record.message, record.description, record.error].find((v) => typeof v === 'string' && v) as string | undefined;
    throw new NodeError(message ?? JSON.stringify(record), { field: 'errorObject', itemIndex: 0, description: JSON.stringify(record, null, 2) });
  },
});
