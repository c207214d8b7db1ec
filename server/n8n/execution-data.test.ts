/** n8n's Execution Data node in the corpus maps onto Weft's executionData, and back. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportN8n, importN8nWorkflow } from './index';
import { N8N_CORPUS_DIR } from '../testing/corpus';
import { executionDataParams } from '../../nodes/executionData';

describe('n8n import: Execution Data', () => {
  it('maps every corpus node with its pairs; unchanged nodes export as they were, edited ones round-trip', () => {
    let seen = 0;
    for (const f of readdirSync(N8N_CORPUS_DIR).filter((x) => x.endsWith('.json'))) {
      const doc = JSON.parse(readFileSync(path.join(N8N_CORPUS_DIR, f), 'utf8')) as { nodes: { name: string; type: string; parameters: { dataToSave?: { values?: { key: string }[] } } }[] };
      const nodes = doc.nodes.filter((n) => n.type === 'n8n-nodes-base.executionData');
      if (!nodes.length) continue;
      const { graph, report } = importN8nWorkflow(doc);
      for (const n of nodes) {
        seen++;
        expect(report.nodes.find((r) => r.name === n.name), `${f}: ${n.name}`).toMatchObject({ status: 'mapped', weftType: 'executionData' });
        const params = executionDataParams.parse(graph.nodes.find((g) => g.name === n.name)!.params);
        expect(params.dataToSave.values.map((v) => v.key)).toEqual((n.parameters.dataToSave?.values ?? []).map((v) => v.key));
      }
    }
    expect(seen).toBe(7);
    const out = exportN8n({ nodes: [{ id: 'x', name: 'Save', type: 'executionData', typeVersion: 1, params: { dataToSave: { values: [{ key: 'id', value: '={{ $json.id }}' }] } }, position: [0, 0] }], connections: [] }).workflow;
    expect(out.nodes[0]).toMatchObject({ type: 'n8n-nodes-base.executionData', parameters: { dataToSave: { values: [{ key: 'id', value: '={{ $json.id }}' }] } } });
    expect(importN8nWorkflow(out).graph.nodes[0].params).toEqual({ dataToSave: { values: [{ key: 'id', value: '={{ $json.id }}' }] } });
  });
});
