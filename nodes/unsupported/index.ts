/**
 * Unsupported: holds an n8n node Weft cannot run yet (a SaaS node such as googleSheets or slack), so an
 * imported workflow keeps it, shows it on the canvas and exports it back unchanged. Running it fails.
 *
 * Params (filled by the n8n importer, not by people):
 * - originalType: string            n8n type, e.g. 'n8n-nodes-base.googleSheets'
 * - originalTypeVersion: number     n8n typeVersion (default 1)
 * - originalParameters: record      the node's n8n `parameters`, untouched
 * - originalCredentials: record     the node's n8n `credentials`, untouched ({ slot: { id, name } } or strings)
 * - reason: string                  optional: why it is unsupported (shown to the person)
 * Ports: input 'main', output 'main' (n8n nodes with more outputs keep their connections in the graph;
 * the importer stores extra n8n output names in `outputNames` so the canvas can draw them).
 * - outputNames: string[]           output port names to expose (default ['main'])
 * - inputNames: string[]            input port names to expose (default ['main'])
 *
 * The engine and runtime refuse to start a run when an unsupported node is reachable from the trigger;
 * execute() throws as a second line of defence (e.g. a node enabled after the check).
 */
import { defineNode, NodeError, z } from '../sdk';

export const UNSUPPORTED_NODE_TYPE = 'unsupported';

const params = z.object({
  originalType: z.string().default('unknown').describe('The n8n node type this node came from'),
  originalTypeVersion: z.number().default(1).describe('The n8n node typeVersion'),
  originalParameters: z.record(z.string(), z.unknown()).default({}).describe('The n8n parameters, kept unchanged for export'),
  originalCredentials: z.record(z.string(), z.unknown()).default({}).describe('The n8n credentials reference, kept unchanged for export'),
  reason: z.string().default('').describe('Why Weft cannot run this node'),
  inputNames: z.array(z.string()).default(['main']).describe('Input ports to show'),
  outputNames: z.array(z.string()).default(['main']).describe('Output ports to show'),
});

function portsFrom(names: unknown): { name: string }[] {
  const list = Array.isArray(names) && names.length ? names.filter((n): n is string => typeof n === 'string') : ['main'];
  return list.map((name) => ({ name }));
}

export function unsupportedMessage(nodeName: string, originalType: string): string {
  return `Node "${nodeName}" has type ${originalType}, which Weft cannot run yet`;
}

export const unsupportedNode = defineNode({
  type: UNSUPPORTED_NODE_TYPE,
  version: 1,
  displayName: 'Unsupported node',
  description: 'An imported n8n node that Weft cannot run yet; kept so the workflow exports back unchanged',
  category: 'integration',
  icon: 'circle-slash',
  inputs: (p) => portsFrom(p.inputNames),
  outputs: (p) => portsFrom(p.outputNames),
  params,
  async execute(ctx) {
    const originalType = typeof ctx.rawParams.originalType === 'string' ? ctx.rawParams.originalType : 'unknown';
    const reason = typeof ctx.rawParams.reason === 'string' && ctx.rawParams.reason ? ctx.rawParams.reason : undefined;
    throw new NodeError(unsupportedMessage(ctx.node.name, originalType), {
      field: 'originalType',
      description: reason ?? 'Replace it with a supported node (for example an HTTP Request node calling the service\'s API) or remove it.',
    });
  },
});
