/**
 * Helpers the n8n import/export tests share: reading corpus files, finding the files that use a node type,
 * picking a node of an imported graph, and editing a node's params (to export through the reverse mappers).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { GraphNode, WorkflowDocument } from '../engine/types';
import { N8N_CORPUS_DIR } from '../testing/corpus';

export type N8nDoc = { nodes: { name: string; type: string; typeVersion: number; parameters: Record<string, unknown>; credentials?: Record<string, unknown> }[] };

/** A corpus file, parsed. */
export const load = (f: string) => JSON.parse(readFileSync(path.join(N8N_CORPUS_DIR, f), 'utf8')) as N8nDoc;

/** The node of an imported graph with this name. */
export const node = (g: WorkflowDocument, name: string) => g.nodes.find((n) => n.name === name)!;

/** The corpus files that use an n8n node type. */
export const corpusFilesWith = (type: string) =>
  readdirSync(N8N_CORPUS_DIR)
    .filter((f) => f.endsWith('.json'))
    .filter((f) => readFileSync(path.join(N8N_CORPUS_DIR, f), 'utf8').includes(`"${type}"`));

/** The graph with one node's params patched (a person's edit in the editor). */
export const edited = (g: WorkflowDocument, name: string, patch: Record<string, unknown>): WorkflowDocument => ({
  ...g,
  nodes: g.nodes.map((n): GraphNode => (n.name === name ? { ...n, params: { ...n.params, ...patch } } : n)),
});
