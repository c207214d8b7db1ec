/** Reverse mappers: a Weft node's params back into an n8n node (type, typeVersion, parameters). */
import type { CredentialRef, GraphNode } from '../../engine/types';
import type { N8nNode, N8nWorkflow } from '../types';

export type Params = Record<string, unknown>;

export interface ReverseContext {
  node: GraphNode;
  params: Params;
  warn(message: string): void;
  /** Exports a nested Weft graph (Execute Workflow "define below") as n8n JSON. */
  exportGraph(graph: unknown): N8nWorkflow;
  /** Exports one Weft node through its reverse mapper (an agent's node tools); undefined when it has none. */
  exportNode?(node: GraphNode): { type: string; typeVersion: number; parameters: Params } | undefined;
}

/** A LangChain sub-node that connects into the exported node through `connectionType` (ai_languageModel, ...). */
export interface SubNodeOut {
  node: N8nNode;
  connectionType: string;
}

export interface ReverseMapping {
  type: string;
  typeVersion: number;
  parameters: Params;
  /** n8n credentials ({ credentialType: { id, name } }); default: each Weft slot under its own name. */
  credentials?: Record<string, CredentialRef>;
  subnodes?: SubNodeOut[];
}

export type ReverseMapper = (ctx: ReverseContext) => ReverseMapping;

export const obj = (v: unknown): Params => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Params) : {});
export const arr = <T = unknown>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]) : []);
export const str = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : fallback);
/** A number, or the expression/text the Weft param holds (n8n accepts expressions in number fields). */
export const numOr = (v: unknown, fallback: number): number | string =>
  typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? (Number.isFinite(Number(v)) ? Number(v) : v) : fallback;
export const bool = (v: unknown, fallback: boolean): boolean => (typeof v === 'boolean' ? v : fallback);

/** Sets `key` on `target` only when `value` differs from n8n's default, keeping exports as n8n writes them. */
export function setIf(target: Params, key: string, value: unknown, n8nDefault: unknown): void {
  if (value !== undefined && JSON.stringify(value) !== JSON.stringify(n8nDefault)) target[key] = value;
}

/** Weft's comma-separated field lists as n8n writes them. */
export const commaList = (v: unknown): string => (Array.isArray(v) ? v.map((x) => str(x)).join(',') : str(v));

/** A stable id for a generated n8n entry (assignment, condition) derived from the node id and a position. */
export function entryId(nodeId: string, ...parts: (string | number)[]): string {
  const base = `${nodeId}-${parts.join('-')}`;
  let h1 = 0x811c9dc5;
  let h2 = 0x1b873593;
  for (let i = 0; i < base.length; i++) {
    h1 = Math.imul(h1 ^ base.charCodeAt(i), 16777619) >>> 0;
    h2 = Math.imul(h2 ^ base.charCodeAt(i), 2246822519) >>> 0;
  }
  const hex = (h1.toString(16).padStart(8, '0') + h2.toString(16).padStart(8, '0')).repeat(2);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
