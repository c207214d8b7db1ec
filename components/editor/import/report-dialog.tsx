'use client';
/** The n8n import report: per node mapped / folded / unsupported, expressions that do not parse, credentials to create. */
import type { ReactNode } from 'react';
import type { ImportReport } from '../../../server/n8n/types';
import { Badge, type Tone } from '../../ui/badge';
import { Dialog } from '../../ui/dialog';

const TONE: Record<string, Tone> = { mapped: 'success', folded: 'info', unsupported: 'danger', note: 'neutral' };

export function ImportReportDialog({ report, open, onOpenChange, footer }: { report: ImportReport | null; open: boolean; onOpenChange: (open: boolean) => void; footer?: ReactNode }) {
  if (!report) return null;
  const c = report.counts;
  const nodes = report.nodes.filter((n) => n.status !== 'note');
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title="n8n import report"
      description={`${c.mapped} mapped, ${c.folded} folded into agents, ${c.unsupported} unsupported (${Math.round(report.mappedShare * 100)}% mapped)${c.notes ? `, ${c.notes} sticky notes` : ''}`}
      className="w-[min(94vw,760px)]"
      testId="n8n-report"
      footer={footer}
    >
      <div className="max-h-[60vh] space-y-4 overflow-auto pr-1 text-sm">
        <table className="w-full text-left text-xs" data-testid="n8n-report-nodes">
          <thead className="text-muted">
            <tr>
              <th className="py-1 pr-2 font-medium">Node</th>
              <th className="py-1 pr-2 font-medium">n8n type</th>
              <th className="py-1 pr-2 font-medium">Result</th>
            </tr>
          </thead>
          <tbody>
            {nodes.map((n) => (
              <tr key={n.name} className="border-t border-border align-top" data-testid="n8n-report-node" data-status={n.status} data-node-name={n.name}>
                <td className="py-1.5 pr-2 font-medium">{n.name}</td>
                <td className="py-1.5 pr-2 font-mono text-[11px] text-muted">
                  {n.n8nType.replace(/^n8n-nodes-base\.|^@n8n\/n8n-nodes-langchain\./, '')} v{n.typeVersion}
                </td>
                <td className="py-1.5 pr-2">
                  <Badge tone={TONE[n.status]}>{n.status}</Badge>{' '}
                  <span className="text-muted">{n.status === 'mapped' ? `→ ${n.weftType}` : n.status === 'folded' ? `into “${n.into}”` : (n.reason ?? '')}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {report.expressions.length ? (
          <Section title={`Expressions that do not parse (${report.expressions.length})`} testId="n8n-report-expressions">
            {report.expressions.map((e, i) => (
              <li key={i}>
                <b>{e.node}</b> <span className="text-muted">{e.field}</span>: {e.error}
                <div className="truncate font-mono text-[11px] text-muted">{e.expression}</div>
              </li>
            ))}
          </Section>
        ) : null}
        {report.credentials.length ? (
          <Section title={`Credentials to create (${report.credentials.length})`} testId="n8n-report-credentials">
            {report.credentials.map((cr, i) => (
              <li key={i}>
                <b>{cr.n8nType}</b>
                {cr.name ? ` “${cr.name}”` : ''} <span className="text-muted">for {cr.node} (slot {cr.slot})</span>
              </li>
            ))}
          </Section>
        ) : null}
        {report.warnings.length ? (
          <Section title={`Notes (${report.warnings.length})`} testId="n8n-report-warnings">
            {report.warnings.map((w, i) => (
              <li key={i} className="text-muted">{w}</li>
            ))}
          </Section>
        ) : null}
      </div>
    </Dialog>
  );
}

function Section({ title, testId, children }: { title: string; testId: string; children: ReactNode }) {
  return (
    <div data-testid={testId}>
      <div className="mb-1 text-xs font-semibold tracking-wide text-muted uppercase">{title}</div>
      <ul className="list-disc space-y-1 pl-5 text-xs">{children}</ul>
    </div>
  );
}
