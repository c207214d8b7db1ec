/**
 * `weft import <file or folder> [--json]`: the n8n import report (per node mapped/folded/unsupported,
 * expressions that do not parse, credentials to create); for a folder, a summary over every file with the
 * share of nodes mapped. Nothing is saved.
 * `weft export <workflow id>`: a stored workflow (its saved draft) as n8n JSON on stdout.
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { CliCommand } from './commands';
import { CliError, readJsonFile, type CliIO } from './io';
import { exportN8n, importN8nWorkflow, N8nImportError, type ImportReport } from '../n8n';
import type { WorkflowGraph } from '../engine/types';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

function printReport(file: string, report: ImportReport, io: CliIO): void {
  const c = report.counts;
  io.out(`${file}: ${c.mapped} mapped, ${c.folded} folded into agents, ${c.unsupported} unsupported, ${c.notes} sticky notes (${pct(report.mappedShare)} mapped)`);
  for (const n of report.nodes.filter((x) => x.status !== 'note')) {
    const what = n.status === 'mapped' ? `-> ${n.weftType}` : n.status === 'folded' ? `folded into "${n.into}"` : `UNSUPPORTED: ${n.reason ?? ''}`;
    io.out(`  ${n.status.padEnd(11)} ${n.name} (${n.n8nType} v${n.typeVersion}) ${what}`);
  }
  if (report.expressions.length) {
    io.out('  Expressions that do not parse:');
    for (const e of report.expressions) io.out(`    ${e.node} / ${e.field}: ${e.error}  ${e.expression}`);
  }
  if (report.credentials.length) {
    io.out('  Credentials to create:');
    for (const cr of report.credentials) io.out(`    ${cr.n8nType}${cr.name ? ` "${cr.name}"` : ''} for ${cr.node} (slot ${cr.slot})`);
  }
  for (const w of report.warnings) io.out(`  warning: ${w}`);
}

async function importFile(file: string): Promise<{ file: string; report?: ImportReport; error?: string }> {
  try {
    return { file, report: importN8nWorkflow(await readJsonFile(file)).report };
  } catch (err) {
    if (err instanceof CliError || err instanceof N8nImportError) return { file, error: err.message };
    throw err;
  }
}

export const importCommand: CliCommand = {
  usage: 'import <file or folder> [--json]      n8n import report (mapped/unsupported nodes, expressions, credentials)',
  async run({ positional, flags }, io) {
    const target = positional[0];
    if (!target) throw new CliError('Usage: weft import <file or folder> [--json]', 2);
    const info = await stat(target).catch(() => null);
    if (!info) throw new CliError(`${target} does not exist`, 2);
    const files = info.isDirectory() ? (await readdir(target)).filter((f) => f.endsWith('.json')).sort().map((f) => path.join(target, f)) : [target];
    if (!files.length) throw new CliError(`${target} holds no .json files`, 2);
    const results = [];
    for (const f of files) results.push(await importFile(f));
    const ok = results.filter((r) => r.report);
    const sum = (k: keyof ImportReport['counts']) => ok.reduce((a, r) => a + r.report!.counts[k], 0);
    const counted = sum('mapped') + sum('folded') + sum('unsupported');
    const summary = {
      files: files.length,
      failed: results.length - ok.length,
      nodes: counted,
      mapped: sum('mapped'),
      folded: sum('folded'),
      unsupported: sum('unsupported'),
      notes: sum('notes'),
      mappedShare: counted ? (sum('mapped') + sum('folded')) / counted : 1,
    };
    const unsupportedTypes = new Map<string, number>();
    for (const r of ok) for (const n of r.report!.nodes) if (n.status === 'unsupported') unsupportedTypes.set(n.n8nType, (unsupportedTypes.get(n.n8nType) ?? 0) + 1);
    const topUnsupported = [...unsupportedTypes].sort((a, b) => b[1] - a[1]).slice(0, 15);

    if (flags.json === true) {
      io.out(JSON.stringify(files.length === 1 && ok.length === 1 ? { file: files[0], report: ok[0].report } : { summary, topUnsupported: Object.fromEntries(topUnsupported), files: results }, null, 2));
    } else {
      for (const r of results) {
        if (r.report && files.length === 1) printReport(r.file, r.report, io);
        else if (r.report) io.out(`${r.file}: ${r.report.counts.mapped + r.report.counts.folded}/${r.report.counts.mapped + r.report.counts.folded + r.report.counts.unsupported} nodes mapped (${pct(r.report.mappedShare)}), ${r.report.expressions.length} unparsed expressions, ${r.report.credentials.length} credentials to create`);
        else io.err(`${r.file}: ${r.error}`);
      }
      if (files.length > 1) {
        io.out('');
        io.out(`Summary: ${summary.files} files (${summary.failed} could not be read), ${summary.nodes} nodes (sticky notes not counted): ${summary.mapped} mapped, ${summary.folded} folded, ${summary.unsupported} unsupported`);
        io.out(`Share of nodes mapped: ${pct(summary.mappedShare)}`);
        if (topUnsupported.length) io.out(`Most common unsupported types: ${topUnsupported.map(([t, n]) => `${t.split('.').pop()} (${n})`).join(', ')}`);
      }
    }
    return results.some((r) => r.error) ? 1 : 0;
  },
};

export const exportCommand: CliCommand = {
  usage: 'export <workflow id>                 print a stored workflow as n8n JSON',
  async run({ positional }, io) {
    const id = positional[0];
    if (!id) throw new CliError('Usage: weft export <workflow id>', 2);
    const { db, disconnectDb } = await import('../db');
    try {
      const wf = await db().workflow.findUnique({ where: { id }, select: { name: true, graph: true } });
      if (!wf) throw new CliError(`No workflow with id ${id}`, 2);
      const { workflow, warnings } = exportN8n(wf.graph as unknown as WorkflowGraph, { name: wf.name });
      for (const w of warnings) io.err(`warning: ${w}`);
      io.out(JSON.stringify(workflow, null, 2));
      return 0;
    } finally {
      await disconnectDb();
    }
  },
};
