'use client';
/** The mark on a canvas node Weft cannot run: an imported n8n node kept as it was (type 'unsupported'). */
import { Ban } from 'lucide-react';

export function UnsupportedBadge({ params }: { params?: Record<string, unknown> }) {
  const original = typeof params?.originalType === 'string' ? params.originalType : 'unknown n8n node';
  const reason = typeof params?.reason === 'string' ? params.reason : '';
  return (
    <div
      className="flex items-center gap-1.5 rounded-b-[9px] border-t border-danger/30 bg-danger/10 px-2.5 py-1 text-[11px] leading-4 font-medium text-danger"
      data-testid="unsupported-badge"
      title={`${original}${reason ? `: ${reason}` : ''}. Kept as it was and exported back unchanged; a run that reaches it fails.`}
    >
      <Ban size={12} className="shrink-0" />
      <span className="truncate">Unsupported: {original.replace(/^n8n-nodes-base\.|^@n8n\/n8n-nodes-langchain\./, '')}</span>
    </div>
  );
}
