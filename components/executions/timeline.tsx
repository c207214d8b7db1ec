'use client';
/** A bar per node run on a shared time axis, from the execution's start. */
import { cn } from '../ui/cn';
import { formatDuration } from '../ui/time';

export interface TimelineRun {
  id: string;
  nodeName: string;
  runIndex: number;
  status: string;
  queuedAt: Date | string;
  startedAt: Date | string | null;
  finishedAt: Date | string | null;
}

const barColor: Record<string, string> = {
  succeeded: 'bg-success',
  failed: 'bg-danger',
  running: 'bg-info animate-pulse',
  queued: 'bg-warning/60',
  waiting: 'bg-warning',
  cancelled: 'bg-muted',
  skipped: 'bg-border',
};

const ms = (d: Date | string | null) => (d ? new Date(d).getTime() : null);

export function Timeline({ runs, start, end, selected, onSelect }: { runs: TimelineRun[]; start: number; end: number; selected: string | null; onSelect: (id: string) => void }) {
  const span = Math.max(end - start, 1);
  const ticks = [0, 0.25, 0.5, 0.75, 1];
  return (
    <div data-testid="timeline">
      <div className="relative mr-16 mb-1 ml-44 h-4 text-[10px] text-muted">
        {ticks.map((t) => (
          <span
            key={t}
            className={cn('absolute whitespace-nowrap', t === 0 ? '' : t === 1 ? '-translate-x-full' : '-translate-x-1/2')}
            style={{ left: `${t * 100}%` }}
          >
            {formatDuration(t * span)}
          </span>
        ))}
      </div>
      <div className="space-y-1">
        {runs.map((r) => {
          const s = ms(r.startedAt) ?? ms(r.queuedAt) ?? start;
          const f = ms(r.finishedAt) ?? (r.status === 'running' ? end : s);
          const left = ((s - start) / span) * 100;
          const width = Math.max(((f - s) / span) * 100, 0.6);
          return (
            <button
              key={r.id}
              onClick={() => onSelect(r.id)}
              className={cn('flex w-full items-center rounded-md py-1 text-left hover:bg-surface-2', selected === r.id && 'bg-surface-2 ring-1 ring-primary/40')}
              data-testid="timeline-row"
              data-node-name={r.nodeName}
              data-status={r.status}
            >
              <span className="w-44 shrink-0 truncate pr-3 pl-2 text-xs font-medium">
                {r.nodeName}
                {r.runIndex > 0 ? <span className="text-muted"> #{r.runIndex + 1}</span> : null}
              </span>
              <span className="relative h-5 flex-1 rounded bg-surface-2">
                {[0.25, 0.5, 0.75].map((t) => (
                  <span key={t} className="absolute top-0 h-full w-px bg-border" style={{ left: `${t * 100}%` }} />
                ))}
                <span
                  className={cn('absolute top-0.5 h-4 rounded', barColor[r.status] ?? 'bg-muted')}
                  style={{ left: `${Math.min(left, 99.4)}%`, width: `${Math.min(width, 100 - Math.min(left, 99.4))}%` }}
                  title={`${r.status} · ${formatDuration(f - s)}`}
                />
              </span>
              <span className="w-16 shrink-0 pr-2 text-right text-[11px] text-muted">{r.finishedAt ? formatDuration(f - s) : r.status}</span>
            </button>
          );
        })}
      </div>
    </div>
  );
}
