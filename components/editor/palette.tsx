'use client';
/** Node palette: search and categories; drag a node onto the canvas or click to add it. */
import { useReactFlow } from '@xyflow/react';
import { Search, StickyNote } from 'lucide-react';
import { useMemo, useState } from 'react';
import { Input } from '../ui/input';
import { categoryColor, nodeIcon } from './node-icon';
import { outputPorts } from './ports';
import { useEditor, useEditorStoreApi } from './store-context';
import type { CatalogueEntry, WeftFlowNode } from './types';
import { startPaletteDrag } from './use-dnd';

const categoryOrder = ['trigger', 'flow', 'transform', 'data', 'ai', 'integration', 'utility'];
const categoryLabel: Record<string, string> = {
  trigger: 'Triggers',
  flow: 'Flow',
  transform: 'Transform',
  data: 'Data',
  ai: 'AI',
  integration: 'Integrations',
  utility: 'Utility',
};

export function Palette() {
  const catalogue = useEditor((s) => s.catalogue);
  const store = useEditorStoreApi();
  const { screenToFlowPosition } = useReactFlow();
  const [query, setQuery] = useState('');

  const groups = useMemo(() => {
    const q = query.trim().toLowerCase();
    const list = [...catalogue.values()].filter(
      (c) => !q || c.displayName.toLowerCase().includes(q) || c.type.toLowerCase().includes(q) || c.description.toLowerCase().includes(q),
    );
    const byCat = new Map<string, CatalogueEntry[]>();
    for (const c of list) byCat.set(c.category, [...(byCat.get(c.category) ?? []), c]);
    return [...byCat.entries()].sort((a, b) => categoryOrder.indexOf(a[0]) - categoryOrder.indexOf(b[0]));
  }, [catalogue, query]);

  /** Click to add: to the right of the selected node (connected to it), else in the middle of the view. */
  const add = (type: string) => {
    const s = store.getState();
    const selected = s.nodes.filter((n) => n.selected && n.type === 'weft') as WeftFlowNode[];
    const pane = document.querySelector('.react-flow')?.getBoundingClientRect();
    let position = screenToFlowPosition({ x: (pane?.left ?? 0) + (pane?.width ?? 800) / 2, y: (pane?.top ?? 0) + (pane?.height ?? 600) / 2 });
    position = { x: position.x - 110, y: position.y - 40 };
    let connectFrom: { node: string; port: string } | undefined;
    if (selected.length === 1) {
      const from = selected[0]!;
      const port = outputPorts(s.catalogue.get(from.data.type), from.data)[0];
      position = { x: from.position.x + 300, y: from.position.y };
      if (port) connectFrom = { node: from.id, port: port.name };
    }
    const id = s.addNode(type, position, connectFrom);
    if (id) s.openInspector(id);
  };

  const addNote = () => {
    const pane = document.querySelector('.react-flow')?.getBoundingClientRect();
    const p = screenToFlowPosition({ x: (pane?.left ?? 0) + 80, y: (pane?.top ?? 0) + 80 });
    store.getState().addSticky(p);
  };

  return (
    <aside className="flex w-64 shrink-0 flex-col border-r border-border bg-surface" data-testid="palette">
      <div className="border-b border-border p-3">
        <div className="relative">
          <Search size={14} className="pointer-events-none absolute top-1/2 left-2.5 -translate-y-1/2 text-muted" />
          <Input
            id="palette-search"
            className="h-8 pl-8"
            placeholder="Search nodes…"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            data-testid="palette-search"
          />
        </div>
      </div>
      <div className="flex-1 overflow-y-auto p-2">
        {catalogue.size === 0 ? <p className="p-3 text-xs text-muted">Loading nodes…</p> : null}
        {catalogue.size > 0 && groups.length === 0 ? (
          <p className="p-3 text-xs text-muted">No node matches “{query}”. Try another word, such as “http” or “merge”.</p>
        ) : null}
        {groups.map(([category, entries]) => (
          <div key={category} className="mb-3">
            <div className="px-2 pt-1 pb-1.5 text-[11px] font-semibold tracking-wide text-muted uppercase">
              {categoryLabel[category] ?? category}
            </div>
            {entries.map((c) => {
              const Icon = nodeIcon(c.icon, c.type);
              return (
                <button
                  key={c.type}
                  draggable
                  onDragStart={(e) => startPaletteDrag(e, c.type)}
                  onClick={() => add(c.type)}
                  title={c.description}
                  data-testid={`palette-item-${c.type}`}
                  className="group flex w-full items-center gap-2.5 rounded-md px-2 py-1.5 text-left hover:bg-surface-2"
                >
                  <span
                    className="flex h-6 w-6 shrink-0 items-center justify-center rounded text-white"
                    style={{ background: categoryColor(c.category) }}
                  >
                    <Icon size={13} />
                  </span>
                  <span className="min-w-0 flex-1">
                    <span className="block truncate text-[13px] font-medium">{c.displayName}</span>
                    <span className="block truncate text-[11px] text-muted">{c.description}</span>
                  </span>
                </button>
              );
            })}
          </div>
        ))}
      </div>
      <div className="border-t border-border p-2">
        <button
          onClick={addNote}
          className="flex w-full items-center gap-2 rounded-md px-2 py-1.5 text-[13px] text-muted hover:bg-surface-2 hover:text-fg"
          data-testid="add-sticky"
        >
          <StickyNote size={14} /> Add sticky note
        </button>
      </div>
    </aside>
  );
}
