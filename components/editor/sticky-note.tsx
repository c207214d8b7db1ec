'use client';
/** Sticky notes: markdown-ish text on the canvas, resizable, edited in place on double-click. */
import { NodeResizer, type NodeProps } from '@xyflow/react';
import { memo, useState } from 'react';
import { useEditor } from './store-context';
import type { StickyFlowNode } from './types';

const colors = ['#fef3c7', '#dbeafe', '#dcfce7', '#fce7f3', '#ede9fe'];

function StickyNoteImpl({ id, data, selected }: NodeProps<StickyFlowNode>) {
  const updateSticky = useEditor((s) => s.updateSticky);
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(data.content);
  const bg = colors[(data.color ?? 0) % colors.length];
  return (
    <div
      className="h-full w-full rounded-lg border border-black/10 p-3 text-[13px] text-neutral-800 shadow-sm"
      style={{ background: bg }}
      data-testid="sticky-note"
      onDoubleClick={() => {
        setDraft(data.content);
        setEditing(true);
      }}
    >
      <NodeResizer isVisible={selected} minWidth={140} minHeight={80} />
      {editing ? (
        <textarea
          autoFocus
          className="nodrag nowheel h-full w-full resize-none bg-transparent outline-none"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          onBlur={() => {
            setEditing(false);
            if (draft !== data.content) updateSticky(id, draft);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Escape') (e.target as HTMLTextAreaElement).blur();
          }}
        />
      ) : (
        <div className="h-full overflow-hidden whitespace-pre-wrap">
          {data.content.split('\n').map((line, i) =>
            line.startsWith('#') ? (
              <div key={i} className="font-semibold">
                {line.replace(/^#+\s*/, '')}
              </div>
            ) : (
              <div key={i}>{line || '\u00a0'}</div>
            ),
          )}
        </div>
      )}
    </div>
  );
}

export const StickyNoteNode = memo(StickyNoteImpl);
