'use client';
/** Items as a table (one row per item, a column per top-level field) or as JSON. */
import { useMemo, useState } from 'react';
import type { Item } from '../../server/engine/types';
import { cn } from '../ui/cn';

function cell(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

export function ItemsTable({ items, testId }: { items: Item[]; testId?: string }) {
  const columns = useMemo(() => {
    const set = new Set<string>();
    for (const it of items.slice(0, 200)) for (const k of Object.keys(it.json ?? {})) set.add(k);
    return [...set].slice(0, 30);
  }, [items]);
  if (!items.length) return <p className="py-3 text-xs text-muted">No items.</p>;
  return (
    <div className="max-h-80 overflow-auto rounded-md border border-border" data-testid={testId}>
      <table className="w-full border-collapse text-xs">
        <thead className="sticky top-0 bg-surface-2">
          <tr>
            <th className="w-8 px-2 py-1.5 text-left font-medium text-muted">#</th>
            {columns.map((c) => (
              <th key={c} className="px-2 py-1.5 text-left font-medium text-muted">
                {c}
              </th>
            ))}
            {items.some((i) => i.error) ? <th className="px-2 py-1.5 text-left font-medium text-danger">error</th> : null}
          </tr>
        </thead>
        <tbody>
          {items.slice(0, 500).map((it, i) => (
            <tr key={i} className="border-t border-border" data-testid="item-row">
              <td className="px-2 py-1 text-muted">{i}</td>
              {columns.map((c) => (
                <td key={c} className="max-w-56 truncate px-2 py-1 font-mono" data-field={c} title={cell(it.json?.[c])}>
                  {cell(it.json?.[c])}
                </td>
              ))}
              {items.some((x) => x.error) ? <td className="px-2 py-1 text-danger">{it.error?.message ?? ''}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
      {items.length > 500 ? <p className="p-2 text-xs text-muted">Showing 500 of {items.length} items.</p> : null}
    </div>
  );
}

export function JsonBlock({ value, testId, className }: { value: unknown; testId?: string; className?: string }) {
  const text = useMemo(() => {
    const s = JSON.stringify(value, null, 2) ?? 'undefined';
    return s.length > 200_000 ? `${s.slice(0, 200_000)}\n… (truncated)` : s;
  }, [value]);
  return (
    <pre
      data-testid={testId}
      className={cn('max-h-80 overflow-auto rounded-md border border-border bg-surface-2 p-2.5 font-mono text-[11.5px] leading-relaxed', className)}
    >
      {text}
    </pre>
  );
}

/** Items grouped by port, with a Table / JSON switch. */
export function PortItems({ byPort, testId }: { byPort: Record<string, Item[]> | null | undefined; testId: string }) {
  const [mode, setMode] = useState<'table' | 'json'>('table');
  const ports = Object.entries(byPort ?? {});
  if (!ports.length) return <p className="py-2 text-xs text-muted">No items.</p>;
  return (
    <div data-testid={testId}>
      <div className="mb-2 inline-flex rounded-md border border-border p-0.5 text-xs">
        {(['table', 'json'] as const).map((m) => (
          <button
            key={m}
            onClick={() => setMode(m)}
            data-testid={`${testId}-mode-${m}`}
            className={cn('rounded px-2 py-0.5 capitalize', mode === m ? 'bg-surface-2 font-medium' : 'text-muted')}
          >
            {m === 'json' ? 'JSON' : 'Table'}
          </button>
        ))}
      </div>
      {ports.map(([port, items]) => (
        <div key={port} className="mb-3" data-port={port}>
          {ports.length > 1 || port !== 'main' ? (
            <div className="mb-1 text-[11px] font-medium text-muted">
              {port} · {items.length} {items.length === 1 ? 'item' : 'items'}
            </div>
          ) : (
            <div className="mb-1 text-[11px] text-muted">
              {items.length} {items.length === 1 ? 'item' : 'items'}
            </div>
          )}
          {mode === 'table' ? <ItemsTable items={items} testId={`${testId}-table`} /> : <JsonBlock value={items.map((i) => i.json)} testId={`${testId}-json`} />}
        </div>
      ))}
    </div>
  );
}
