/**
 * Reads a workflow file: Weft's format as is; an n8n export is imported on the fly when the n8n
 * importer is available (server/n8n).
 */
import type { WorkflowGraph } from '../engine/types';
import { CliError, readJsonFile, type CliIO } from './io';

export type N8nConverter = (doc: unknown) => { graph: WorkflowGraph; warnings: string[] };
let n8nConverter: N8nConverter | undefined;

export function setN8nConverter(fn: N8nConverter): void {
  n8nConverter = fn;
}

export function looksLikeN8n(doc: unknown): boolean {
  if (!doc || typeof doc !== 'object') return false;
  const d = doc as { nodes?: unknown; connections?: unknown };
  return Array.isArray(d.nodes) && !!d.connections && typeof d.connections === 'object' && !Array.isArray(d.connections);
}

export async function loadWorkflowFile(file: string, io: CliIO): Promise<WorkflowGraph> {
  const doc = await readJsonFile(file);
  if (looksLikeN8n(doc)) {
    if (!n8nConverter) throw new CliError(`${file} looks like an n8n workflow, but the n8n importer is not available`, 2);
    const { graph, warnings } = n8nConverter(doc);
    for (const w of warnings) io.err(`warning: ${w}`);
    return graph;
  }
  const g = doc as WorkflowGraph;
  if (!g || typeof g !== 'object' || !Array.isArray(g.nodes) || !Array.isArray(g.connections)) {
    throw new CliError(`${file} is not a workflow: expected "nodes" and "connections" arrays`, 2);
  }
  return g;
}
