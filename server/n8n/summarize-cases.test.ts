/**
 * n8n Summarize workflows imported and run in Weft's in-memory runner; every node's output must equal what
 * n8n 2.40.7 produced for the same workflow (./fixtures/summarize-cases.expected.json, recorded by
 * ./record-summarize.ts): all aggregations and their empty-value rules, split-by in both output formats,
 * dot notation, missing fields in v1 and v1.1, non-numbers. Export gives the same n8n parameters back.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { exportN8n, importN8nWorkflow } from './index';
import { summarizeCases } from './fixtures/summarize-cases';
import { runWorkflowInMemory } from '../engine/run-memory';
import { registry } from '../../nodes/registry';
import type { GraphNode, WorkflowDocument } from '../engine/types';

interface Recorded {
  status: string;
  error: string | null;
  nodes: Record<string, { executionStatus: string; error?: string; outputs: (unknown[] | null)[] }[]>;
}
const expected = JSON.parse(readFileSync(new URL('./fixtures/summarize-cases.expected.json', import.meta.url), 'utf8')) as Record<string, Recorded>;

describe('n8n Summarize runs in Weft as in n8n 2.40.7', () => {
  for (const wf of summarizeCases) {
    it(wf.id, async () => {
      const want = expected[wf.id];
      expect(want, `no recording for ${wf.id}: run server/n8n/record-summarize.ts`).toBeDefined();
      const { graph, report } = importN8nWorkflow(wf);
      expect(report.counts.unsupported).toBe(0);
      const run = await runWorkflowInMemory(graph, registry);
      expect(run.status).toBe(want.status === 'success' ? 'succeeded' : 'failed');
      for (const [name, runs] of Object.entries(want.nodes)) {
        const ours = run.runs.filter((r) => r.nodeName === name);
        expect(ours.length, `${name}: number of runs`).toBe(runs.length);
        runs.forEach((theirs, i) => {
          if (theirs.error) {
            expect(ours[i].status, `${name} run ${i}`).toBe('failed');
            return;
          }
          expect((ours[i].outputs.main ?? []).map((it) => it.json), `${name} output`).toEqual(theirs.outputs[0] ?? []);
        });
      }
      if (want.error) {
        // n8n: "The field 'nope' does not exist in any items"; Weft names the node and the field too.
        const words = want.error.includes('does not exist') ? "the field 'nope' does not exist in any items" : 'add at least one field to summarize';
        expect(String(run.error?.message)).toContain(words);
      }
    });
  }
});

describe('Summarize export', () => {
  it('gives back the n8n parameters of every recorded Summarize node (separators, options, version)', () => {
    for (const wf of summarizeCases) {
      const { graph } = importN8nWorkflow(wf);
      // Edited nodes go through the reverse mapper (an unchanged import is given back as it came).
      const edited: WorkflowDocument = { ...graph, nodes: graph.nodes.map((n): GraphNode => ({ ...n, params: { ...n.params }, extra: undefined })) };
      const back = exportN8n(edited).workflow.nodes;
      for (const orig of wf.nodes.filter((n) => n.type === 'n8n-nodes-base.summarize')) {
        const got = back.find((n) => n.name === orig.name)!;
        expect(got.type).toBe(orig.type);
        expect(got.typeVersion, orig.name).toBe(orig.typeVersion);
        const p = orig.parameters as { fieldsToSummarize?: { values: Record<string, unknown>[] }; fieldsToSplitBy?: string; options?: Record<string, unknown> };
        const values = (p.fieldsToSummarize?.values ?? [{ aggregation: 'count', field: '' }]).map((v) => ({ aggregation: 'count', ...v }));
        expect((got.parameters as typeof p).fieldsToSummarize?.values, `${wf.id}/${orig.name}`).toEqual(values);
        expect((got.parameters as typeof p).fieldsToSplitBy ?? '').toBe(p.fieldsToSplitBy ?? '');
        expect((got.parameters as typeof p).options).toEqual(p.options ?? {});
      }
    }
  });
});
