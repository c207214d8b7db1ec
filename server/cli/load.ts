/**
 * Reads a workflow file: Weft's format as is; an n8n export is imported on the fly (server/n8n).
 */
import type { WorkflowGraph } from '../engine/types';
import { CliError, readJsonFile, type CliIO } from './io';
import { importN8nWorkflow, N8nImportError } from '../n8n';

export function looksLikeN8n(doc: unknown): boolean {
  if (!doc || typeof doc !== 'object') return false;
  const d = doc as { nodes?: unknown; connections?: unknown };
  return Array.isArray(d.nodes) && !!d.connections && typeof d.connections === 'object' && !Array.isArray(d.connections);
}

export async function loadWorkflowFile(file: string, io: CliIO): Promise<WorkflowGraph> {
  const doc = await readJsonFile(file);
  if (looksLikeN8n(doc)) {
    try {
      const { graph, report } = importN8nWorkflow(doc);
      for (const w of report.warnings) io.err(`warning: ${w}`);
      for (const n of report.nodes) if (n.status === 'unsupported') io.err(`warning: "${n.name}" (${n.n8nType}) is not supported: ${n.reason ?? ''}`);
      return graph;
    } catch (err) {
      if (err instanceof N8nImportError) throw new CliError(`${file}: ${err.message}`, 2);
      throw err;
    }
  }
  const g = doc as WorkflowGraph;
  if (!g || typeof g !== 'object' || !Array.isArray(g.nodes) || !Array.isArray(g.connections)) {
    throw new CliError(`${file} is not a workflow: expected "nodes" and "connections" arrays`, 2);
  }
  return g;
}
